package dev.merchantry.platform.bus;

import dev.merchantry.platform.ingest.IngestService;
import dev.merchantry.platform.pricing.PricingService;
import dev.merchantry.platform.profiles.ProfileService;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.serving.ServingService;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request/reply addresses of the event-bus contract, each with the schema of its body and of its reply — the
 * same {@link Schema} declarations the REST API documents in /openapi.json — and the failure codes it answers with
 * {@code fail(code, message)}, which are the REST statuses of the same failures. {@link #schemaFile} renders the
 * JSON Schema files under {@code docs/event-bus/} (a test keeps the committed files equal to these).
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

    /** The JSON Schema (2020-12) of an endpoint's request or reply body, as committed under {@link #DOCS_DIR}. */
    public static JsonObject schemaFile(Endpoint endpoint, boolean reply) {
        Schema root = (reply ? endpoint.reply() : endpoint.request()).inline();
        Map<String, JsonObject> defs = new TreeMap<>();
        JsonObject schema = root.toJson("#/$defs/", defs);
        String file = reply ? endpoint.replyFile() : endpoint.requestFile();
        JsonObject out = new JsonObject()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("$id", "https://merchantry.dev/event-bus/v1/" + file)
                .put("title", endpoint.address() + (reply ? " reply" : " request"))
                .put("description", endpoint.summary() + (root.description() == null ? "" : " — " + root.description())
                        + (reply ? ". Failures reply fail(code, message) with the"
                        + " codes of x-failure-codes, the REST statuses of the same failures." : ". The shop travels"
                        + " in the body, never in the address."));
        schema.forEach(e -> {
            if (!e.getKey().equals("description")) {
                out.put(e.getKey(), e.getValue());
            }
        });
        if (reply) {
            JsonObject codes = new JsonObject();
            endpoint.failures().forEach((code, why) -> codes.put(String.valueOf(code), why));
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
