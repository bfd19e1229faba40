package dev.merchantry.platform.http;

import dev.merchantry.platform.service.Schema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the OpenAPI 3.1 document from the operations registered in {@link ApiRoutes}, so the document and the
 * routes cannot drift apart: every route is described, and nothing that is not routed. Request and response bodies
 * come from the {@link Schema}s the operations declare (the same ones their handlers read and write with), query
 * parameters from their {@link QueryParam}s, and every failure is the {@link Problems} shape.
 */
public final class OpenApiDocument {

    /** Where the components (named schemas) of the document are. */
    public static final String SCHEMAS = "#/components/schemas/";
    private static final Pattern PATH_PARAM = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)");
    private static final String PROBLEM_RESPONSE = "#/components/responses/Problem";

    /** The problem+json body {@link Problems#send} writes; extension members (e.g. {@code shops}) may follow. */
    public static final Schema PROBLEM = Schema.object("Problem")
            .doc("RFC 9457 problem details; extension members may be added (e.g. the shops that block an operation)")
            .required("type", Schema.string().doc("always about:blank"))
            .required("title", Schema.string())
            .required("status", Schema.integer().min(400).max(599))
            .required("detail", Schema.string().doc("what went wrong, naming the field"))
            .required("instance", Schema.string().doc("the request path"))
            .optional("errors", Schema.array(Schema.object()
                    .required("key", Schema.string().doc("the field (a JSON path for nested fields)"))
                    .required("message", Schema.string().doc("what is wrong with it"))))
            .open();

    private OpenApiDocument() {
    }

    public static JsonObject build(ApiRoutes routes, String version) {
        Map<String, JsonObject> components = new TreeMap<>();
        JsonObject paths = new JsonObject();
        for (ApiRoutes.Operation op : routes.operations()) {
            String path = PATH_PARAM.matcher(op.path).replaceAll("{$1}");
            JsonObject item = paths.getJsonObject(path);
            if (item == null) {
                item = new JsonObject();
                paths.put(path, item);
            }
            item.put(op.method.name().toLowerCase(Locale.ROOT), operation(op, components));
        }
        JsonObject problem = PROBLEM.toJson(SCHEMAS, components);
        JsonObject schemas = new JsonObject();
        components.forEach(schemas::put);
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", "Merchantry API").put("version", version)
                        .put("description", "Per-shop recommendations, forecasts, profiles and pricing. "
                                + "Errors are application/problem+json (RFC 9457) with per-field 'errors'."))
                .put("servers", new JsonArray().add(new JsonObject().put("url", "http://localhost:8080")
                        .put("description", "where 'merchantry serve' listens by default; any node of a cluster"
                                + " serves the same API")))
                .put("paths", paths)
                .put("components", new JsonObject()
                        .put("securitySchemes", new JsonObject().put("bearer", new JsonObject()
                                .put("type", "http").put("scheme", "bearer")
                                .put("description", "the admin token, a console session token, or a shop API key;"
                                        + " an API key also needs the operation's x-merchantry-scope (read, ingest"
                                        + " or manage)")))
                        .put("responses", new JsonObject().put("Problem", new JsonObject()
                                .put("description", "the request failed; the problem says why")
                                .put("content", new JsonObject().put(Problems.CONTENT_TYPE,
                                        new JsonObject().put("schema", problem)))))
                        .put("schemas", schemas));
    }

    /** The operationId of an operation: its method and path, e.g. {@code get_api_v1_shops_shop}. */
    public static String operationId(ApiRoutes.Operation op) {
        return op.method.name().toLowerCase(Locale.ROOT) + op.path.replaceAll("[^A-Za-z0-9]+", "_");
    }

    private static JsonObject operation(ApiRoutes.Operation op, Map<String, JsonObject> components) {
        JsonArray parameters = new JsonArray();
        Matcher m = PATH_PARAM.matcher(op.path);
        while (m.find()) {
            parameters.add(new JsonObject().put("name", m.group(1)).put("in", "path").put("required", true)
                    .put("schema", new JsonObject().put("type", "string")));
        }
        for (QueryParam q : op.query) {
            JsonObject schema = q.schema().toJson(SCHEMAS, components);
            schema.remove("description"); // said once, on the parameter
            JsonObject p = new JsonObject().put("name", q.name()).put("in", "query").put("required", false)
                    .put("schema", schema);
            if (q.doc() != null) {
                p.put("description", q.doc());
            }
            parameters.add(p);
        }
        JsonObject responses = new JsonObject();
        responses.put(String.valueOf(op.success), response(op, op.success, components));
        op.responses.keySet().stream().filter(status -> status != op.success)
                .forEach(status -> responses.put(String.valueOf(status), response(op, status, components)));
        for (int status : problemStatuses(op)) {
            responses.put(String.valueOf(status), new JsonObject().put("$ref", PROBLEM_RESPONSE));
        }
        responses.put("default", new JsonObject().put("$ref", PROBLEM_RESPONSE));
        JsonObject operation = new JsonObject()
                .put("summary", op.summary)
                .put("operationId", operationId(op))
                .put("tags", new JsonArray().add(op.tag))
                .put("parameters", parameters)
                .put("responses", responses);
        if (op.requestBody != null || op.requestSchema != null) {
            JsonObject media = new JsonObject();
            if (op.requestSchema != null) {
                media.put("schema", op.requestSchema.toJson(SCHEMAS, components));
            }
            JsonObject body = new JsonObject().put("required", op.bodyRequired)
                    .put("content", new JsonObject().put(op.requestContentType, media));
            if (op.requestBody != null) {
                body.put("description", op.requestBody);
            }
            operation.put("requestBody", body);
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

    private static JsonObject response(ApiRoutes.Operation op, int status, Map<String, JsonObject> components) {
        Schema schema = op.responses.get(status);
        if (status == 204) {
            return new JsonObject().put("description", "done; no content");
        }
        JsonObject media = new JsonObject();
        String description = status == op.success ? "success" : "status " + status;
        if (schema != null) {
            media.put("schema", schema.toJson(SCHEMAS, components));
            if (schema.description() != null) {
                description = schema.description();
            }
        }
        return new JsonObject().put("description", description)
                .put("content", new JsonObject().put(op.responseContentType, media));
    }

    /** The failures every operation of this kind can answer, besides its own (under {@code default}). */
    private static List<Integer> problemStatuses(ApiRoutes.Operation op) {
        List<Integer> statuses = new ArrayList<>();
        boolean takesInput = op.path.contains(":") || !op.query.isEmpty() || op.requestBody != null
                || op.requestSchema != null;
        if (takesInput) {
            statuses.add(400);
        }
        if (op.access != ApiRoutes.Access.PUBLIC) {
            statuses.add(401);
            statuses.add(403);
        }
        if (op.access == ApiRoutes.Access.SHOP) {
            statuses.add(404);
        }
        if (op.requestBody != null || op.requestSchema != null) {
            statuses.add(413);
            statuses.add(415);
        }
        return statuses;
    }
}
