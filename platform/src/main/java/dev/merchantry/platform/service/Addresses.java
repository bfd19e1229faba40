package dev.merchantry.platform.service;

/**
 * The event-bus contract (documented and versioned in {@code docs/event-bus.md}). Bodies are JSON objects; the shop
 * id travels in the body as {@code shop}, never in the address. Request/reply addresses answer failures with
 * {@code Message.fail(code, message)} where code is the HTTP status the same failure has on the REST API.
 */
public final class Addresses {

    /** Request/reply: {@code {shop, customer_id?, product_id?, limit?, exclude?, category?}} → recommendation. */
    public static final String RECOMMEND = "merchantry.recommend";
    /** Request/reply: {@code {shop, product_id, horizon?}} → forecast. */
    public static final String FORECAST = "merchantry.forecast";
    /** Request/reply: pricing decision. */
    public static final String PRICE = "merchantry.price";
    /** Request/reply: customer profile. */
    public static final String PROFILE = "merchantry.profile";
    /** Request/reply: event ingestion (reply after the write is durable). */
    public static final String INGEST = "merchantry.ingest";
    /** Point-to-point: {@code {job_id}} — whichever node receives it claims and runs the training job. */
    public static final String TRAIN = "merchantry.train";

    /** Published: {@code {shop, kind, strategy, version, enabled, actor}} after a binding was stored or deleted. */
    public static final String BINDING_CHANGED = "merchantry.binding.changed";
    /** Published: {@code {shop, kind, strategy, version, job_id, metrics}} after a model became the active one. */
    public static final String MODEL_TRAINED = "merchantry.model.trained";
    /** Published: {@code {shop, accepted, duplicates, types, from, to, received_at}} after a batch of events was stored. */
    public static final String EVENTS_INGESTED = "merchantry.events.ingested";
    /** Published: {@code {shop, changed}} after products or inventory of a shop changed (availability caches). */
    public static final String CATALOG_CHANGED = "merchantry.catalog.changed";
    /** Published: {@code {shop, customer_id, erased}} after a customer's data was erased. */
    public static final String CUSTOMER_ERASED = "merchantry.customer.erased";
    /** Published: a customer's profile group changed. */
    public static final String PROFILE_CHANGED = "merchantry.profile.changed";
    /**
     * Published: {@code {shop, key_id}} after a shop API key was revoked; every node's Authenticator drops it from
     * its cache at once. Carries no secret (not even the token's hash).
     */
    public static final String KEY_REVOKED = "merchantry.key.revoked";
    /** Published: a product's price changed. */
    public static final String PRICE_CHANGED = "merchantry.price.changed";

    private Addresses() {
    }
}
