package dev.merchantry.platform.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What a resource answers: a status and a JSON body (or raw bytes with a content type). */
public record Reply(int status, Object body, String contentType) {

    public static Reply ok(JsonObject body) {
        return new Reply(200, body, "application/json");
    }

    public static Reply ok(JsonArray body) {
        return new Reply(200, body, "application/json");
    }

    public static Reply created(JsonObject body) {
        return new Reply(201, body, "application/json");
    }

    public static Reply accepted(JsonObject body) {
        return new Reply(202, body, "application/json");
    }

    public static Reply noContent() {
        return new Reply(204, null, null);
    }

    public static Reply raw(int status, Buffer body, String contentType) {
        return new Reply(status, body, contentType);
    }

    Buffer encoded() {
        if (body == null) {
            return Buffer.buffer();
        }
        if (body instanceof Buffer b) {
            return b;
        }
        if (body instanceof JsonObject o) {
            return o.toBuffer();
        }
        return ((JsonArray) body).toBuffer();
    }
}
