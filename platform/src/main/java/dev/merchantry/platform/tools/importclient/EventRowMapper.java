package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * CSV events: one event per row with the optional columns as {@code properties}, except {@code Order Completed}
 * (or GA4 {@code purchase}) rows, where consecutive rows with the same {@code event_id} are the lines of one order.
 */
final class EventRowMapper implements RowMapper {

    private static final Set<String> ORDER_TYPES = Set.of("Order Completed", "purchase");
    private static final String[] TEXT_PROPERTIES = {"product_id", "sku", "category", "order_id", "currency"};
    private static final String[] NUMBER_PROPERTIES = {"price", "quantity", "revenue", "rating"};

    private final OrderGrouper orders = new OrderGrouper("event_id", new OrderGrouper.Parts() {
        @Override
        public JsonObject head(SourceRow first) {
            JsonObject event = event(first);
            JsonObject properties = event.getJsonObject("properties");
            putText(properties, first, "order_id", "currency");
            putNumber(properties, first, "revenue");
            return event;
        }

        @Override
        public JsonObject line(SourceRow row) {
            if (row.text("product_id") == null) {
                return null;
            }
            JsonObject line = new JsonObject();
            putText(line, row, "product_id");
            putNumber(line, row, "price", "quantity");
            putText(line, row, "sku", "category");
            return line;
        }
    });

    @Override
    public void map(SourceRow row, ItemSink sink) {
        String eventId = row.text("event_id");
        try {
            Values.required(row, "event_id");
            String type = Values.required(row, "type");
            if (ORDER_TYPES.contains(type)) {
                orders.add(eventId, eventId, row, sink);
                return;
            }
            JsonObject event = event(row);
            JsonObject properties = event.getJsonObject("properties");
            putText(properties, row, TEXT_PROPERTIES);
            putNumber(properties, row, NUMBER_PROPERTIES);
            orders.flush(sink);
            sink.item(ImportItem.single(eventId, event, row));
        } catch (RowException e) {
            sink.reject(row.index(), new Rejection(Long.toString(row.line()), eventId, e.field(), e.getMessage()));
        }
    }

    @Override
    public void finish(ItemSink sink) {
        orders.flush(sink);
    }

    /** The event's top level (id, type, timestamp, customer) with empty {@code properties}. */
    static JsonObject event(SourceRow row) {
        JsonObject event = new JsonObject()
                .put("event_id", Values.required(row, "event_id"))
                .put("type", Values.required(row, "type"))
                .put("timestamp", Timestamps.parse("timestamp", Values.required(row, "timestamp")).text());
        putText(event, row, "customer_id", "anonymous_id");
        return event.put("properties", new JsonObject());
    }

    static void putText(JsonObject target, SourceRow row, String... columns) {
        for (String column : columns) {
            String v = row.text(column);
            if (v != null) {
                target.put(column, v);
            }
        }
    }

    static void putNumber(JsonObject target, SourceRow row, String... columns) {
        for (String column : columns) {
            Number v = Values.number(row, column);
            if (v != null) {
                target.put(column, v);
            }
        }
    }
}
