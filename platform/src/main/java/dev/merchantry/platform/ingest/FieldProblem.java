package dev.merchantry.platform.ingest;

import io.vertx.core.json.JsonObject;

/** One problem with one field of a submitted record, e.g. {@code properties.products[1].quantity}. */
public record FieldProblem(String field, String message) {

    public JsonObject toJson() {
        return new JsonObject().put("field", field).put("message", message);
    }
}
