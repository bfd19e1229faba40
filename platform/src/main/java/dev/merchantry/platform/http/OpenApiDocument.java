package dev.merchantry.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the OpenAPI 3.0 document from the operations registered in {@link ApiRoutes}, so the document and the
 * routes cannot drift apart: every route is described, and nothing that is not routed.
 */
public final class OpenApiDocument {

    private static final Pattern PATH_PARAM = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)");

    private OpenApiDocument() {
    }

    public static JsonObject build(ApiRoutes routes, String version) {
        JsonObject paths = new JsonObject();
        for (ApiRoutes.Operation op : routes.operations()) {
            String path = PATH_PARAM.matcher(op.path).replaceAll("{$1}");
            JsonObject item = paths.getJsonObject(path);
            if (item == null) {
                item = new JsonObject();
                paths.put(path, item);
            }
            item.put(op.method.name().toLowerCase(Locale.ROOT), operation(op));
        }
        return new JsonObject()
                .put("openapi", "3.0.3")
                .put("info", new JsonObject().put("title", "Merchantry API").put("version", version)
                        .put("description", "Per-shop recommendations, forecasts, profiles and pricing. "
                                + "Errors are application/problem+json (RFC 9457) with per-field 'errors'."))
                .put("paths", paths)
                .put("components", new JsonObject()
                        .put("securitySchemes", new JsonObject().put("bearer", new JsonObject()
                                .put("type", "http").put("scheme", "bearer")
                                .put("description", "the admin token, a console session token, or a shop API key;"
                                        + " an API key also needs the operation's x-merchantry-scope (read, ingest"
                                        + " or manage)")))
                        .put("schemas", new JsonObject().put("Problem", problemSchema())));
    }

    private static JsonObject operation(ApiRoutes.Operation op) {
        JsonArray parameters = new JsonArray();
        Matcher m = PATH_PARAM.matcher(op.path);
        while (m.find()) {
            parameters.add(new JsonObject().put("name", m.group(1)).put("in", "path").put("required", true)
                    .put("schema", new JsonObject().put("type", "string")));
        }
        for (ApiRoutes.Param q : op.query) {
            parameters.add(new JsonObject().put("name", q.name()).put("in", "query").put("required", false)
                    .put("description", q.doc()).put("schema", new JsonObject().put("type", q.type())));
        }
        JsonObject responses = new JsonObject();
        JsonObject success = new JsonObject().put("description", op.success == 204 ? "no content" : "success");
        if (op.success != 204) {
            success.put("content", new JsonObject().put(op.responseContentType, new JsonObject()));
        }
        responses.put(String.valueOf(op.success), success);
        responses.put("default", new JsonObject().put("description", "problem").put("content", new JsonObject()
                .put(Problems.CONTENT_TYPE, new JsonObject().put("schema",
                        new JsonObject().put("$ref", "#/components/schemas/Problem")))));
        JsonObject operation = new JsonObject()
                .put("summary", op.summary)
                .put("operationId", op.method.name().toLowerCase(Locale.ROOT) + op.path.replaceAll("[^A-Za-z0-9]+", "_"))
                .put("tags", new JsonArray().add(op.tag))
                .put("parameters", parameters)
                .put("responses", responses);
        if (op.requestBody != null) {
            operation.put("requestBody", new JsonObject().put("required", true).put("description", op.requestBody)
                    .put("content", new JsonObject().put(op.requestContentType, new JsonObject())));
        }
        if (op.access == ApiRoutes.Access.PUBLIC) {
            operation.put("security", new JsonArray());
        } else {
            operation.put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray())));
            if (op.access != ApiRoutes.Access.ADMIN) {
                // The scope a shop API key needs (admins and console users are not scoped).
                operation.put("x-merchantry-scope", op.requiredScope().wireName());
            }
        }
        return operation;
    }

    private static JsonObject problemSchema() {
        JsonObject props = new JsonObject()
                .put("type", new JsonObject().put("type", "string"))
                .put("title", new JsonObject().put("type", "string"))
                .put("status", new JsonObject().put("type", "integer"))
                .put("detail", new JsonObject().put("type", "string"))
                .put("instance", new JsonObject().put("type", "string"))
                .put("errors", new JsonObject().put("type", "array").put("items", new JsonObject()
                        .put("type", "object").put("properties", new JsonObject()
                                .put("key", new JsonObject().put("type", "string"))
                                .put("message", new JsonObject().put("type", "string")))));
        return new JsonObject().put("type", "object").put("properties", props);
    }
}
