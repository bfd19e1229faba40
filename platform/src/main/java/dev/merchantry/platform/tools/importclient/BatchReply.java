package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The server's answer to a batch: {@code {accepted, duplicates, rejected: [{index, event_id|product_id, errors}]}}
 * (the products reply has no {@code duplicates}; missing counts are 0).
 */
record BatchReply(long accepted, long duplicates, List<Rejected> rejected) {

    /** A rejected item: its position in the batch and every bad field. */
    record Rejected(int index, String id, List<FieldError> errors) {
    }

    record FieldError(String field, String message) {
    }

    static BatchReply parse(String body, String idField) throws ImportException {
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw new ImportException("the server's reply is not an import result: " + abbreviate(body));
        }
        List<Rejected> rejected = new ArrayList<>();
        JsonArray list = json.getJsonArray("rejected", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            JsonObject r = list.getJsonObject(i);
            List<FieldError> errors = new ArrayList<>();
            JsonArray errs = r.getJsonArray("errors", new JsonArray());
            for (int j = 0; j < errs.size(); j++) {
                JsonObject e = errs.getJsonObject(j);
                errors.add(new FieldError(e.getString("field", ""), e.getString("message", "")));
            }
            Object id = r.getValue(idField);
            rejected.add(new Rejected(r.getInteger("index", -1), id == null ? null : id.toString(), errors));
        }
        return new BatchReply(json.getLong("accepted", 0L), json.getLong("duplicates", 0L), rejected);
    }

    static String abbreviate(String s) {
        String line = ImportException.oneLine(s);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
