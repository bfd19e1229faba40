package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonObject;

/**
 * Catalog rows become product upserts. Blank cells are left out, so they keep the product's stored value rather
 * than clearing it (CSV cannot tell "empty" from "unknown"; NDJSON with {@code null} can clear a field).
 */
final class ProductRowMapper implements RowMapper {

    @Override
    public void map(SourceRow row, ItemSink sink) {
        String id = row.text("product_id");
        try {
            JsonObject product = new JsonObject().put("product_id", Values.required(row, "product_id"));
            EventRowMapper.putText(product, row, "sku", "title", "category");
            EventRowMapper.putNumber(product, row, "price", "cost");
            EventRowMapper.putText(product, row, "currency");
            Boolean hidden = Values.bool(row, "hidden");
            if (hidden != null) {
                product.put("hidden", hidden);
            }
            sink.item(ImportItem.single(id, product, row));
        } catch (RowException e) {
            sink.reject(row.index(), new Rejection(Long.toString(row.line()), id == null ? "" : id, e.field(), e.getMessage()));
        }
    }
}
