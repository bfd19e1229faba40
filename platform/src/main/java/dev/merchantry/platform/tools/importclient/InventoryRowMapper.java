package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonObject;

/** Stock rows become inventory snapshots {@code {product_id, on_hand, timestamp}}. */
final class InventoryRowMapper implements RowMapper {

    @Override
    public void map(SourceRow row, ItemSink sink) {
        String id = row.text("product_id");
        try {
            JsonObject snapshot = new JsonObject()
                    .put("product_id", Values.required(row, "product_id"))
                    .put("on_hand", Values.requiredWholeNumber(row, "on_hand"))
                    .put("timestamp", Timestamps.parse("timestamp", Values.required(row, "timestamp")).text());
            sink.item(ImportItem.single(id, snapshot, row));
        } catch (RowException e) {
            sink.reject(row.index(), new Rejection(Long.toString(row.line()), id == null ? "" : id, e.field(), e.getMessage()));
        }
    }
}
