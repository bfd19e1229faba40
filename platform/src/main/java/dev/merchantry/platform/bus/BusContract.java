package dev.merchantry.platform.bus;

import dev.merchantry.platform.auth.ApiKeys;
import dev.merchantry.platform.customers.CustomerErasure;
import dev.merchantry.platform.ingest.CatalogService;
import dev.merchantry.platform.ingest.IngestService;
import dev.merchantry.platform.jobs.JobService;
import dev.merchantry.platform.pricing.PricingService;
import dev.merchantry.platform.profiles.ProfileService;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.serving.ServingService;
import dev.merchantry.platform.strategies.BindingService;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event-bus contract as data: each request/reply address with the schema of its body and of its reply — the
 * same {@link Schema} declarations the REST API documents in /openapi.json — and the failure codes it answers with
 * {@code fail(code, message)}, which are the REST statuses of the same failures; and each published notification
 * with the schema its publisher declares. {@link #schemaFile} and {@link #notificationFile} render the JSON Schema
 * files under {@code docs/event-bus/} (a test keeps the committed files equal to these). The internal point-to-point
 * address {@code merchantry.train} is not part of it.
 */
public final class BusContract {

    /** Where the contract files live, relative to the repository root. */
    public static final String DOCS_DIR = "docs/event-bus";

    /** One request/reply address. */
    public record Endpoint(String address, String summary, Schema request, Schema reply, Map<Integer, String> failures) {

        /** The file names of its request and reply schemas. */
        public String requestFile() {
            return address + ".request.schema.json";
        }

        public String replyFile() {
            return address + ".reply.schema.json";
        }
    }

    /** One published notification. */
    public record Notification(String address, String summary, Schema body) {

        public String file() {
            return address + ".schema.json";
        }
    }

    private static final String BAD_INPUT = "a field is missing, mistyped or out of range (the message names it)";
    private static final String UNKNOWN_SHOP = "unknown shop";
    private static final String TIMEOUT = "the strategy did not answer in time";

    /** Every request/reply address of the contract, in the order docs/event-bus.md lists them. */
    public static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(Addresses.RECOMMEND, "Recommendations for a customer and/or a product (the fallback chain of"
                    + " GET /api/v1/shops/{shop}/recommendations)", ServingService.RECOMMEND_REQUEST,
                    ServingService.RECOMMENDATION, failures(400, BAD_INPUT, 404, UNKNOWN_SHOP,
                    409, "no recommender bound, or the binding is disabled", 503,
                    "the serving pool is saturated or the strategy is not loaded", 504, TIMEOUT)),
            new Endpoint(Addresses.FORECAST, "A product's demand forecast (GET /api/v1/shops/{shop}/forecasts/{product})",
                    ServingService.FORECAST_REQUEST, ServingService.FORECAST, failures(400, BAD_INPUT,
                    404, "unknown shop, or a product without a forecast", 409,
                    "no forecaster bound, disabled, or not trained yet", 503,
                    "the serving pool is saturated or the strategy is not loaded", 504, TIMEOUT)),
            new Endpoint(Addresses.PRICE, "Decide a product's price (POST /api/v1/shops/{shop}/pricing/{product}/decide)",
                    PricingService.DECIDE_REQUEST, PricingService.DECISION.inline().required("applied",
                    Schema.bool().doc("whether the price was written to the catalog")),
                    failures(400, BAD_INPUT, 404, UNKNOWN_SHOP + " or product", 409, "no pricing agent bound",
                            503, "the pricing agent is not loaded", 504, TIMEOUT)),
            new Endpoint(Addresses.PROFILE, "A customer's profile (GET /api/v1/shops/{shop}/customers/{id}/profile)",
                    ProfileService.PROFILE_REQUEST, ProfileService.PROFILE, failures(400, BAD_INPUT,
                    404, "unknown shop, or unknown or erased customer", 409, "no profiles yet (no profiler trained)")),
            new Endpoint(Addresses.INGEST, "Store a batch of events; replied after the accepted ones are durable"
                    + " (POST /api/v1/shops/{shop}/events)", IngestService.INGEST_REQUEST, IngestService.INGEST_RESULT,
                    failures(400, BAD_INPUT, 404, UNKNOWN_SHOP, 413,
                            "more than " + IngestService.MAX_EVENTS + " events", 503,
                            "the database could not store the batch; nothing was stored")));

    /** Every published notification of the contract. */
    public static final List<Notification> NOTIFICATIONS = List.of(
            new Notification(Addresses.EVENTS_INGESTED, "After every batch that stored at least one event",
                    IngestService.EVENTS_INGESTED),
            new Notification(Addresses.MODEL_TRAINED, "After a trained model became the active one",
                    JobService.MODEL_TRAINED),
            new Notification(Addresses.BINDING_CHANGED, "After a binding was stored or deleted",
                    BindingService.BINDING_CHANGED),
            new Notification(Addresses.CATALOG_CHANGED, "After products or inventory of a shop changed",
                    CatalogService.CATALOG_CHANGED),
            new Notification(Addresses.PRICE_CHANGED, "When a decided price took effect (at once in auto mode, on"
                    + " approval in suggest mode)", PricingService.PRICE_CHANGED),
            new Notification(Addresses.PROFILE_CHANGED, "For every customer whose RFM group changed when a new profile"
                    + " set was served", ProfileService.PROFILE_CHANGED),
            new Notification(Addresses.CUSTOMER_ERASED, "After a customer's data was erased",
                    CustomerErasure.ERASED_NOTICE),
            new Notification(Addresses.KEY_REVOKED, "After a shop API key was revoked", ApiKeys.KEY_REVOKED));

    private BusContract() {
    }

    private static Map<Integer, String> failures(Object... codeThenReason) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (int i = 0; i < codeThenReason.length; i += 2) {
            out.put((Integer) codeThenReason[i], (String) codeThenReason[i + 1]);
        }
        return out;
    }

    /** The endpoint of an address; an IllegalArgumentException when it is not a request/reply address. */
    public static Endpoint endpoint(String address) {
        return ENDPOINTS.stream().filter(e -> e.address().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a request/reply address: " + address));
    }

    /** The JSON Schema (2020-12) of a notification's body, as committed under {@link #DOCS_DIR}. */
    public static JsonObject notificationFile(Notification notification) {
        return file(notification.file(), notification.address() + " notification", notification.summary()
                + " (published: every subscriber receives it).", notification.body(), null);
    }

    /** The JSON Schema (2020-12) of an endpoint's request or reply body, as committed under {@link #DOCS_DIR}. */
    public static JsonObject schemaFile(Endpoint endpoint, boolean reply) {
        Schema root = reply ? endpoint.reply() : endpoint.request();
        String description = endpoint.summary() + (root.description() == null ? "" : " — " + root.description())
                + (reply ? ". Failures reply fail(code, message) with the codes of x-failure-codes, the REST statuses"
                + " of the same failures." : ". The shop travels in the body, never in the address.");
        JsonObject codes = null;
        if (reply) {
            codes = new JsonObject();
            for (Map.Entry<Integer, String> f : endpoint.failures().entrySet()) {
                codes.put(String.valueOf(f.getKey()), f.getValue());
            }
        }
        return file(reply ? endpoint.replyFile() : endpoint.requestFile(),
                endpoint.address() + (reply ? " reply" : " request"), description, root, codes);
    }

    private static JsonObject file(String name, String title, String description, Schema schema, JsonObject codes) {
        Map<String, JsonObject> defs = new TreeMap<>();
        JsonObject rendered = schema.inline().toJson("#/$defs/", defs);
        JsonObject out = new JsonObject()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("$id", "https://merchantry.dev/event-bus/v1/" + name)
                .put("title", title)
                .put("description", description);
        rendered.forEach(e -> {
            if (!e.getKey().equals("description")) {
                out.put(e.getKey(), e.getValue());
            }
        });
        if (codes != null) {
            out.put("x-failure-codes", codes);
        }
        if (!defs.isEmpty()) {
            JsonObject d = new JsonObject();
            defs.forEach(d::put);
            out.put("$defs", d);
        }
        return out;
    }
}
