package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonObject;

/**
 * Order lines ({@code customer_id,order_id,timestamp,product_id,quantity,price}, one row per line item): the
 * consecutive rows of an order become one {@code Order Completed} event with the stable id {@code order:{order_id}}.
 * The customer and timestamp are the order's first row's.
 */
final class OrderRowMapper implements RowMapper {

    private final OrderGrouper orders = new OrderGrouper("order_id", new OrderGrouper.Parts() {
        @Override
        public JsonObject head(SourceRow first) {
            String orderId = Values.required(first, "order_id");
            return new JsonObject()
                    .put("event_id", "order:" + orderId)
                    .put("type", "Order Completed")
                    .put("timestamp", Timestamps.parse("timestamp", Values.required(first, "timestamp")).text())
                    .put("customer_id", Values.required(first, "customer_id"))
                    .put("properties", new JsonObject().put("order_id", orderId));
        }

        @Override
        public JsonObject line(SourceRow row) {
            return new JsonObject()
                    .put("product_id", Values.required(row, "product_id"))
                    .put("quantity", Values.requiredNumber(row, "quantity"))
                    .put("price", Values.requiredNumber(row, "price"));
        }
    });

    @Override
    public void map(SourceRow row, ItemSink sink) {
        String orderId;
        try {
            orderId = Values.required(row, "order_id");
        } catch (RowException e) {
            sink.reject(row.index(), new Rejection(Long.toString(row.line()), "", e.field(), e.getMessage()));
            return;
        }
        orders.add(orderId, "order:" + orderId, row, sink);
    }

    @Override
    public void finish(ItemSink sink) {
        orders.flush(sink);
    }
}
