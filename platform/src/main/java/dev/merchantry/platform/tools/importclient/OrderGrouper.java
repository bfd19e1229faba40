package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds each run of consecutive rows that share an order key into one {@code Order Completed} event whose
 * {@code products} are the rows' lines. An order is sent whole or not at all: because its event id is the
 * idempotency key, sending it with a bad line dropped would make the fixed order a "duplicate" forever. A key
 * that comes back after its run ended is rejected, since it would otherwise silently become a duplicate too.
 */
final class OrderGrouper {

    /** How a mapper builds the event from an order's first row and a product line from each row. */
    interface Parts {
        /** The event without {@code products}: id, type, timestamp, customer and {@code properties}. */
        JsonObject head(SourceRow first);

        /** The row's product line, or null when the row carries none. */
        JsonObject line(SourceRow row);
    }

    private final String keyColumn;
    private final Parts parts;
    private final SeenIds closed = new SeenIds();
    private Open open;

    OrderGrouper(String keyColumn, Parts parts) {
        this.keyColumn = keyColumn;
        this.parts = parts;
    }

    /** Adds a row of order {@code key}; {@code eventId} is the id the order's event gets. */
    void add(String key, String eventId, SourceRow row, ItemSink sink) {
        if (open == null || !open.key.equals(key)) {
            flush(sink);
            if (!closed.add(key)) {
                sink.reject(row.index(), new Rejection(Long.toString(row.line()), eventId, keyColumn,
                        keyColumn + " '" + key + "' repeats an order that ended on an earlier line; "
                                + "the rows of an order must be consecutive"));
                return;
            }
            open = new Open(key, eventId);
        }
        Open order = open;
        try {
            if (order.event == null && order.failedLine < 0) {
                order.event = parts.head(row);
            }
            JsonObject line = order.failedLine < 0 ? parts.line(row) : null;
            if (line != null) {
                order.products.add(line);
                order.productLines.add(row.line());
            }
            order.rows.add(row);
        } catch (RowException e) {
            sink.reject(row.index(), new Rejection(Long.toString(row.line()), eventId, e.field(), e.getMessage()));
            if (order.failedLine < 0) {
                order.failedLine = row.line();
            }
        }
        order.lastRow = row.index();
    }

    /** Emits (or, when one of its rows was bad, rejects) the order being collected. */
    void flush(ItemSink sink) {
        Open order = open;
        open = null;
        if (order == null) {
            return;
        }
        if (order.failedLine >= 0) {
            for (SourceRow row : order.rows) {
                sink.reject(row.index(), new Rejection(Long.toString(row.line()), order.eventId, "",
                        "not sent: order '" + order.key + "' has an invalid row on line " + order.failedLine));
            }
            return;
        }
        if (!order.products.isEmpty()) {
            order.event.getJsonObject("properties").put("products", order.products);
        }
        long[] lines = order.rows.stream().mapToLong(SourceRow::line).toArray();
        long[] productLines = order.productLines.stream().mapToLong(Long::longValue).toArray();
        sink.item(new ImportItem(order.eventId, order.event, order.lastRow, lines, productLines));
    }

    private static final class Open {
        final String key;
        final String eventId;
        final JsonArray products = new JsonArray();
        final List<Long> productLines = new ArrayList<>();
        final List<SourceRow> rows = new ArrayList<>();
        JsonObject event;
        long failedLine = -1;
        long lastRow;

        Open(String key, String eventId) {
            this.key = key;
            this.eventId = eventId;
        }
    }
}
