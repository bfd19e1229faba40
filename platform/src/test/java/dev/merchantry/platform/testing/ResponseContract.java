package dev.merchantry.platform.testing;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Checks every response an API test receives against the node's own {@code /openapi.json}. Loading a document
 * validates it against the OpenAPI 3.1 specification's schema (the one vertx-openapi ships, formats asserted). A
 * response is matched to its operation by method and path; its status must be declared (or fall under
 * {@code default}), its content type must be the declared one, and a JSON body must match the declared schema
 * (JSON Schema 2020-12). A mismatch is an {@link AssertionError} in the test that saw it. Every validated response is
 * counted per operation and status ({@link #validated()}), so a suite can show what it exercised.
 */
public final class ResponseContract {

    private static final String BASE_URI = "https://merchantry.dev/openapi.json";
    /** Validated responses: operationId → statuses seen (every IT of the JVM adds to it). */
    private static final Map<String, Set<Integer>> VALIDATED = new ConcurrentHashMap<>();
    private static final AtomicLong COUNT = new AtomicLong();
    private static volatile Vertx vertx;
    /** Where the JVM's totals are written when it exits, for the record of a suite run. */
    private static final java.nio.file.Path SUMMARY = java.nio.file.Path.of("target", "response-contract-summary.txt");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ResponseContract::writeSummary, "response-contract-summary"));
    }

    /** One operation of the document: how its path matches, and its resolved (ref-free) declaration. */
    private record Operation(String id, String method, Pattern path, int parameters, JsonObject declaration) {
    }

    private final JsonObject document;
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, Validator> validators = new ConcurrentHashMap<>();
    private final Map<String, Set<Integer>> seen = new ConcurrentHashMap<>();

    private ResponseContract(JsonObject document, JsonObject resolved) {
        this.document = document;
        JsonObject paths = resolved.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            if (!(paths.getValue(path) instanceof JsonObject)) {
                continue; // the resolver's own annotations
            }
            Pattern pattern = Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
            int parameters = path.split("\\{", -1).length - 1;
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!(item.getValue(method) instanceof JsonObject)) {
                    continue;
                }
                JsonObject op = item.getJsonObject(method);
                operations.add(new Operation(op.getString("operationId"), method.toUpperCase(Locale.ROOT), pattern,
                        parameters, op));
            }
        }
    }

    /**
     * The contract of a document; an {@link AssertionError} naming every violation when the document is not a valid
     * OpenAPI 3.1 document (which includes: each schema in it is a valid JSON Schema).
     */
    public static ResponseContract of(JsonObject openApiDocument) {
        OpenAPIVersion version = OpenAPIVersion.fromContract(openApiDocument);
        if (version != OpenAPIVersion.V3_1) {
            throw new AssertionError("/openapi.json is not an OpenAPI 3.1 document: " + openApiDocument.getString("openapi"));
        }
        SchemaRepository repository = version.getRepository(vertx(), BASE_URI).await();
        OutputUnit result = version.validateContract(vertx(), repository, openApiDocument.copy()).await();
        if (!Boolean.TRUE.equals(result.getValid())) {
            throw new AssertionError("/openapi.json is not a valid OpenAPI 3.1 document:\n" + describe(result));
        }
        return new ResponseContract(openApiDocument, version.resolve(vertx(), repository, openApiDocument.copy()).await());
    }

    private static Vertx vertx() {
        if (vertx == null) {
            synchronized (ResponseContract.class) {
                if (vertx == null) {
                    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
                }
            }
        }
        return vertx;
    }

    /** The operationId a request went to, or null when the document has none (static files, unknown routes). */
    public String operationId(String method, String path) {
        Operation op = find(method, path);
        return op == null ? null : op.id();
    }

    private Operation find(String method, String path) {
        Operation best = null;
        for (Operation op : operations) {
            if (op.method().equals(method) && op.path().matcher(path).matches()
                    && (best == null || op.parameters() < best.parameters())) {
                best = op; // a literal segment wins over a parameter (/pricing/suggestions vs /pricing/{product})
            }
        }
        return best;
    }

    /**
     * Validates one response; returns false (and counts nothing) when the request matched no operation. Throws an
     * {@link AssertionError} when the status is not declared, the content type is not the declared one or the body
     * does not match the schema.
     */
    public boolean check(String method, String path, int status, String contentType, String body) {
        Operation op = find(method, path);
        if (op == null) {
            return false;
        }
        String where = method + " " + path + " (" + op.id() + ") answered " + status;
        JsonObject responses = op.declaration().getJsonObject("responses");
        JsonObject response = responses.getJsonObject(String.valueOf(status), responses.getJsonObject("default"));
        if (response == null) {
            throw new AssertionError(where + ", a status it does not declare");
        }
        JsonObject content = response.getJsonObject("content");
        boolean empty = body == null || body.isEmpty();
        if (content == null || content.isEmpty()) {
            if (!empty) {
                throw new AssertionError(where + " with a body where it declares none: " + abbreviate(body));
            }
        } else if (!empty) {
            String type = mediaType(contentType);
            String declared = content.fieldNames().stream().filter(t -> mediaType(t).equals(type)).findFirst()
                    .orElseThrow(() -> new AssertionError(where + " as " + contentType + " where it declares "
                            + content.fieldNames()));
            JsonObject schema = content.getJsonObject(declared).getJsonObject("schema");
            if (schema == null) {
                throw new AssertionError(where + ": the document has no schema for " + declared);
            }
            Object value = type.equals("application/json") || type.endsWith("+json") ? parse(where, body) : body;
            OutputUnit result = validators.computeIfAbsent(op.id() + " " + status + " " + declared, k ->
                    Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                            .setBaseUri(BASE_URI).setOutputFormat(OutputFormat.Basic))).validate(value);
            if (!Boolean.TRUE.equals(result.getValid())) {
                throw new AssertionError(where + " with a body that does not match its schema:\n" + describe(result)
                        + "\nbody: " + abbreviate(body));
            }
        }
        VALIDATED.computeIfAbsent(op.id(), k -> ConcurrentHashMap.newKeySet()).add(status);
        seen.computeIfAbsent(op.id(), k -> ConcurrentHashMap.newKeySet()).add(status);
        COUNT.incrementAndGet();
        return true;
    }

    private static Object parse(String where, String body) {
        try {
            return Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new AssertionError(where + " with a body that is not JSON: " + abbreviate(body));
        }
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static String describe(OutputUnit unit) {
        StringBuilder out = new StringBuilder();
        List<OutputUnit> errors = unit.getErrors() == null || unit.getErrors().isEmpty() ? List.of(unit) : unit.getErrors();
        for (OutputUnit e : errors) {
            out.append("  ").append(e.getInstanceLocation()).append(": ").append(e.getError()).append(" (")
                    .append(e.getKeywordLocation()).append(")\n");
        }
        return out.toString();
    }

    /** operationId → statuses validated so far in this JVM. */
    public static Map<String, Set<Integer>> validated() {
        return Map.copyOf(VALIDATED);
    }

    /** operationId → statuses this contract validated (one node's client). */
    public Map<String, Set<Integer>> seen() {
        return Map.copyOf(seen);
    }

    /** Every operationId of the document. */
    public Set<String> operationIds() {
        return operations.stream().map(Operation::id).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** How many responses were validated so far in this JVM. */
    public static long count() {
        return COUNT.get();
    }

    private static void writeSummary() {
        if (COUNT.get() == 0) {
            return;
        }
        StringBuilder out = new StringBuilder("responses checked against /openapi.json: " + COUNT.get() + "\n");
        new java.util.TreeMap<>(VALIDATED).forEach((id, statuses) -> out.append(id).append(' ')
                .append(new java.util.TreeSet<>(statuses)).append('\n'));
        try {
            java.nio.file.Files.writeString(SUMMARY, out);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("cannot write " + SUMMARY + ": " + e);
        }
    }

    /** The document as the node served it. */
    public JsonObject document() {
        return document;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 2000 ? body.substring(0, 2000) + "…" : body;
    }
}
