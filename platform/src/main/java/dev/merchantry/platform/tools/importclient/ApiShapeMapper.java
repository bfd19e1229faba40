package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonObject;

/**
 * NDJSON events, products and inventory are already in the API's shape and are sent as written (so {@code null}
 * still clears a product field). Only what the importer itself needs is checked here: the id, and a timestamp it
 * can read, converted to ISO-8601 when the file has epoch seconds.
 */
final class ApiShapeMapper implements RowMapper {

    private final ImportKind kind;

    ApiShapeMapper(ImportKind kind) {
        this.kind = kind;
    }

    @Override
    public void map(SourceRow row, ItemSink sink) {
        String id = "";
        try {
            JsonObject object = row.json();
            Object rawId = object.getValue(kind.idField());
            id = rawId == null ? "" : rawId.toString();
            Values.required(row, kind.idField());
            if (kind == ImportKind.EVENTS) {
                Values.required(row, "type");
            }
            if (kind != ImportKind.PRODUCTS) {
                object.put("timestamp", Timestamps.parse("timestamp", Values.required(row, "timestamp")).text());
            }
            sink.item(ImportItem.single(id, object, row));
        } catch (RowException e) {
            sink.reject(row.index(), new Rejection(Long.toString(row.line()), id, e.field(), e.getMessage()));
        }
    }
}
