package dev.merchantry.platform.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A record of a batch that was not stored: its position in the batch (from 0), its id when it had a readable one
 * (the JSON key is {@code idField}: {@code event_id} or {@code product_id}), and every problem found.
 */
public record Rejection(int index, String idField, String id, List<FieldProblem> errors) {

    public Rejection {
        errors = List.copyOf(errors);
    }

    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        errors.forEach(e -> list.add(e.toJson()));
        return new JsonObject().put("index", index).put(idField, id).put("errors", list);
    }
}
