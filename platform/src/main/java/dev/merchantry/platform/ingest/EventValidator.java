package dev.merchantry.platform.ingest;

import dev.merchantry.platform.storage.EventRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Turns one submitted event into the record to store, or into the list of every problem with it. Accepts GA4
 * names for types and the common GA4 property names, and normalizes both to the Segment v2 vocabulary.
 */
final class EventValidator {

    static final int MAX_EVENT_BYTES = 32 * 1024;
    static final int MAX_ID = 128;
    static final int MAX_CUSTOMER_ID = 200;
    static final int MAX_PRODUCT_ID = 200;
    static final int MAX_LINES = 1000;
    static final double MAX_RATING = 10;
    static final Duration MAX_FUTURE = Duration.ofHours(24);
    /** The fields of an event, as {@link IngestService#EVENT} declares them. */
    private static final Set<String> ENVELOPE = IngestService.EVENT.propertyNames();
    /** Property keys read as ids or codes (Segment and GA4 names); every other property string is free text. */
    static final Set<String> PROPERTY_IDS = Set.of("product_id", "item_id", "sku", "category", "item_category",
            "order_id", "transaction_id", "currency", "recommendation_id", "strategy_id", "variant_id");

    /** The outcome for one event: exactly one of {@code record} and {@code rejection} is set. */
    record Result(EventRecord record, Rejection rejection) {
    }

    private EventValidator() {
    }

    /**
     * Validates entry {@code index} of a batch; {@code pseudonymize} maps customer and visitor ids (identity when
     * the shop does not pseudonymize).
     */
    static Result validate(int index, Object entry, Instant now, UnaryOperator<String> pseudonymize) {
        if (entry instanceof BatchBody.Unreadable u) {
            return reject(index, null, List.of(new FieldProblem("(event)", u.message())));
        }
        if (!(entry instanceof JsonObject event)) {
            return reject(index, null, List.of(new FieldProblem("(event)", "must be a JSON object")));
        }
        FieldChecks f = new FieldChecks();
        f.text(event, EventValidator::isFreeText);
        String eventId = f.string(event, "", "event_id", true, MAX_ID);
        String typeName = f.string(event, "", "type", true, 64);
        String type = null;
        if (typeName != null) {
            type = EventTypes.canonical(typeName).orElse(null);
            if (type == null) {
                f.problem("type", "unknown event type '" + typeName + "'; use one of " + EventTypes.acceptedNames());
            }
        }
        Instant timestamp = f.timestamp(event, "", "timestamp", now.plus(MAX_FUTURE));
        String customerId = f.string(event, "", "customer_id", false, MAX_CUSTOMER_ID);
        String anonymousId = f.string(event, "", "anonymous_id", false, MAX_CUSTOMER_ID);
        if (customerId == null && anonymousId == null && event.getValue("customer_id") == null
                && event.getValue("anonymous_id") == null) {
            f.problem("customer_id", "give customer_id or anonymous_id");
        }
        for (String key : event.fieldNames()) {
            if (!ENVELOPE.contains(key)) {
                f.problem(FieldChecks.path("", key), "unknown envelope field; event details belong in properties");
            }
        }
        JsonObject properties = f.object(event, "", "properties");
        if (properties == null) {
            properties = new JsonObject();
        }
        Properties p = type == null ? null : readProperties(f, type, properties);
        String propertiesJson = properties.encode();
        if (propertiesJson.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES) {
            f.problem("properties", "is larger than " + MAX_EVENT_BYTES / 1024 + " KiB");
        }
        if (!f.ok()) {
            return reject(index, eventId, f.problems);
        }
        return new Result(new EventRecord(eventId, type, timestamp.toEpochMilli(),
                customerId == null ? null : pseudonymize.apply(customerId),
                anonymousId == null ? null : pseudonymize.apply(anonymousId),
                p.orderId, p.revenue, p.discount, p.currency, p.recommendationId, p.strategyId, p.variantId,
                propertiesJson, p.items), null);
    }

    /**
     * Strings inside {@code properties} are the shop's own free text (a review, a note) unless their key is one the
     * platform reads as an id or code ({@link #PROPERTY_IDS}, at any depth): those are identifiers.
     */
    private static boolean isFreeText(String path) {
        if (!path.startsWith("properties.")) {
            return false;
        }
        String last = path.substring(path.lastIndexOf('.') + 1);
        return !PROPERTY_IDS.contains(last);
    }

    /** The typed properties of an event. */
    private static final class Properties {
        String orderId;
        Double revenue;
        Double discount;
        String currency;
        String recommendationId;
        String strategyId;
        String variantId;
        List<EventRecord.EventItem> items = List.of();
    }

    private static Properties readProperties(FieldChecks f, String type, JsonObject props) {
        Properties p = new Properties();
        String pre = "properties";
        p.recommendationId = f.string(props, pre, "recommendation_id", false, MAX_ID);
        p.strategyId = f.string(props, pre, "strategy_id", false, MAX_ID);
        p.variantId = f.string(props, pre, "variant_id", false, MAX_ID);
        p.currency = f.currency(props, pre, "currency");
        if (EventTypes.PRODUCT_EVENTS.contains(type)) {
            JsonObject product = props;
            String productPre = pre;
            // GA4 sends the product as items[0] with item_id.
            if (props.getValue("product_id") == null && props.getValue("item_id") == null
                    && props.getValue("items") instanceof JsonArray items && !items.isEmpty()
                    && items.getValue(0) instanceof JsonObject first) {
                product = first;
                productPre = pre + ".items[0]";
            }
            EventRecord.EventItem item = readItem(f, productPre, product);
            Double rating = null;
            if (EventTypes.PRODUCT_REVIEWED.equals(type)) {
                rating = f.number(props, pre, "rating", true, 0, false, MAX_RATING);
            }
            if (item != null) {
                p.items = List.of(new EventRecord.EventItem(item.productId(), item.category(), item.price(),
                        item.quantity(), rating));
            }
            return p;
        }
        String orderKey = props.getValue("order_id") == null && props.getValue("transaction_id") != null
                ? "transaction_id" : "order_id";
        boolean needsOrder = EventTypes.ORDER_COMPLETED.equals(type) || EventTypes.ORDER_REFUNDED.equals(type);
        p.orderId = f.string(props, pre, orderKey, needsOrder, MAX_PRODUCT_ID);
        String revenueKey = props.getValue("revenue") == null && props.getValue("value") != null ? "value" : "revenue";
        p.revenue = f.number(props, pre, revenueKey, false, 0, false, Double.MAX_VALUE);
        p.discount = f.number(props, pre, "discount", false, 0, false, Double.MAX_VALUE);
        String linesKey = props.getValue("products") == null && props.getValue("items") != null ? "items" : "products";
        JsonArray lines = f.array(props, pre, linesKey);
        if (lines != null && !EventTypes.ORDER_REFUNDED.equals(type)) {
            if (lines.size() > MAX_LINES) {
                f.problem(pre + "." + linesKey, "must have at most " + MAX_LINES + " lines, got " + lines.size());
            } else {
                List<EventRecord.EventItem> items = new ArrayList<>(lines.size());
                boolean allPriced = true;
                double sum = 0;
                for (int i = 0; i < lines.size(); i++) {
                    String linePre = pre + "." + linesKey + "[" + i + "]";
                    if (!(lines.getValue(i) instanceof JsonObject line)) {
                        f.problem(linePre, "must be a JSON object");
                        continue;
                    }
                    EventRecord.EventItem item = readItem(f, linePre, line);
                    if (item != null) {
                        items.add(item);
                        if (item.price() == null) {
                            allPriced = false;
                        } else {
                            // Each value may be finite while their product is not (1e308 × 10): revenue, CLV and
                            // the shop's totals are sums of line totals, so one infinite line would poison them.
                            double total = item.price() * item.quantity();
                            if (!Double.isFinite(total)) {
                                f.problem(linePre, "price × quantity (" + item.price() + " × " + item.quantity()
                                        + ") is too large to be a number; a line total must be finite");
                            } else {
                                sum += total;
                            }
                        }
                    }
                }
                if (!Double.isFinite(sum)) {
                    f.problem(pre + "." + linesKey, "the order total (sum of price × quantity of the lines) is too"
                            + " large to be a number; it must be finite");
                }
                p.items = items;
                if (EventTypes.ORDER_COMPLETED.equals(type) && p.revenue == null && props.getValue(revenueKey) == null) {
                    if (allPriced && !items.isEmpty()) {
                        p.revenue = sum;
                    } else if (f.ok()) {
                        f.problem(pre + ".revenue", "is required when a product line has no price");
                    }
                }
            }
        }
        if (EventTypes.ORDER_COMPLETED.equals(type) && (lines == null || lines.isEmpty())
                && props.getValue(revenueKey) == null) {
            f.problem(pre + ".products", "give the order's products (or at least its revenue)");
        }
        return p;
    }

    /** A product reference: the product of a product event, or one order line. */
    private static EventRecord.EventItem readItem(FieldChecks f, String pre, JsonObject o) {
        String idKey = o.getValue("product_id") == null && o.getValue("item_id") != null ? "item_id" : "product_id";
        String productId = f.string(o, pre, idKey, true, MAX_PRODUCT_ID);
        String categoryKey = o.getValue("category") == null && o.getValue("item_category") != null
                ? "item_category" : "category";
        String category = f.string(o, pre, categoryKey, false, 200);
        f.string(o, pre, "sku", false, 64);
        Double price = f.number(o, pre, "price", false, 0, false, Double.MAX_VALUE);
        Double quantity = f.number(o, pre, "quantity", false, 0, true, 1e9);
        if (productId == null) {
            return null;
        }
        return new EventRecord.EventItem(productId, category, price, quantity == null ? 1 : quantity, null);
    }

    private static Result reject(int index, String eventId, List<FieldProblem> problems) {
        return new Result(null, new Rejection(index, "event_id", eventId, problems));
    }
}
