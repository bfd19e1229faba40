package dev.merchantry.platform.http;

import dev.merchantry.platform.auth.Authenticator;
import dev.merchantry.platform.auth.Principal;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.service.TextRules;
import dev.merchantry.platform.storage.Credential;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Registers REST operations on the router and remembers them, so the OpenAPI document is generated from exactly
 * the routes that exist. Every request first has its path and query parameters checked against the {@link TextRules}
 * ({@link RequestTargetCheck}, before any route matches, so before authentication). Every operation then gets the same
 * pipeline: a body handler with the operation's size limit, authentication, access check (including the API key's
 * scope, {@link Operation#requiredScope()}), then the resource, whose {@link Reply} (or failure) is rendered
 * uniformly.
 */
public final class ApiRoutes {

    /** Who may call an operation. */
    public enum Access {
        /** No token needed (health, metrics, the OpenAPI document). */
        PUBLIC,
        /** Any valid token. */
        AUTHENTICATED,
        /** The admin, or the API key or a user of the shop named by the {@code shop} path parameter. */
        SHOP,
        /** The admin token or an admin user only. */
        ADMIN
    }

    /** One operation; built fluently, then registered with {@link #handle}. */
    public static final class Operation {
        final HttpMethod method;
        final String path;
        final Access access;
        final String summary;
        String tag = "platform";
        int success = 200;
        String requestBody;
        Schema requestSchema;
        boolean bodyRequired = true;
        final Map<Integer, Schema> responses = new LinkedHashMap<>();
        String requestContentType = "application/json";
        long bodyLimit = DEFAULT_BODY_LIMIT;
        String responseContentType = "application/json";
        Credential.Scope scope;
        final List<QueryParam> query = new ArrayList<>();
        private final String[] segments;

        private Operation(HttpMethod method, String path, Access access, String summary) {
            this.method = method;
            this.path = path;
            this.access = access;
            this.summary = summary;
            this.segments = path.split("/", -1);
        }

        public Operation tag(String value) {
            this.tag = value;
            return this;
        }

        public Operation success(int status) {
            Schema declared = responses.remove(this.success);
            if (declared != null) {
                responses.put(status, declared);
            }
            this.success = status;
            return this;
        }

        public Operation body(String description) {
            this.requestBody = description;
            return this;
        }

        public Operation body(String description, String contentType, long limitBytes) {
            this.requestBody = description;
            this.requestContentType = contentType;
            this.bodyLimit = limitBytes;
            return this;
        }

        /** The request body as the handler reads it: the schema's description documents it too. */
        public Operation body(Schema schema) {
            this.requestSchema = schema;
            this.requestBody = schema.description();
            return this;
        }

        /** A request body of another content type or size limit than the JSON default. */
        public Operation body(Schema schema, String contentType, long limitBytes) {
            body(schema);
            this.requestContentType = contentType;
            this.bodyLimit = limitBytes;
            return this;
        }

        /** The request body may be left out (an empty body means the defaults). */
        public Operation optionalBody() {
            this.bodyRequired = false;
            return this;
        }

        /** The body of the success answer ({@link #success}). */
        public Operation response(Schema schema) {
            return response(success, schema);
        }

        /** The body of another answer than the success one (e.g. 202 while work goes on). */
        public Operation response(int status, Schema schema) {
            responses.put(status, schema);
            return this;
        }

        /** The schema of the answer with this status, if declared. */
        public Schema responseSchema(int status) {
            return responses.get(status);
        }

        public Operation produces(String contentType) {
            this.responseContentType = contentType;
            return this;
        }

        /**
         * The scope an API key needs for this operation, when it differs from the default: {@code read} for GET,
         * {@code manage} for everything else. Data-writing routes a shop backend feeds declare {@code ingest}.
         */
        public Operation scope(Credential.Scope needed) {
            this.scope = needed;
            return this;
        }

        /** The scope an API key needs: as declared, else {@code read} for GET and HEAD, {@code manage} otherwise. */
        public Credential.Scope requiredScope() {
            if (scope != null) {
                return scope;
            }
            return method == HttpMethod.GET || method == HttpMethod.HEAD ? Credential.Scope.READ : Credential.Scope.MANAGE;
        }

        public Operation query(String name, String type, String doc) {
            query.add(QueryParam.of(name, type, doc));
            return this;
        }

        public Operation query(QueryParam... params) {
            query.addAll(List.of(params));
            return this;
        }

        public HttpMethod method() {
            return method;
        }

        public String path() {
            return path;
        }

        /** The path split at '/', parameters as {@code :name}. */
        String[] segments() {
            return segments;
        }
    }

    /** Default request body limit of JSON endpoints (1 MiB). */
    public static final long DEFAULT_BODY_LIMIT = 1L << 20;

    private final Router router;
    private final AuthenticationHandler authentication;
    private final ShopGuard shopGuard;
    private final List<Operation> operations = new ArrayList<>();

    /** Checks that a shop exists (404 otherwise); resolved asynchronously because it may need the database. */
    public interface ShopGuard {
        Future<Void> requireShop(String shopId);
    }

    public ApiRoutes(Router router, Authenticator authenticator, ShopGuard shopGuard) {
        this.router = router;
        this.authentication = new AuthenticationHandler(authenticator);
        this.shopGuard = shopGuard;
        router.route().handler(new RequestTargetCheck(Collections.unmodifiableList(operations)));
    }

    public static Operation op(HttpMethod method, String path, Access access, String summary) {
        return new Operation(method, path, access, summary);
    }

    public List<Operation> operations() {
        return Collections.unmodifiableList(operations);
    }

    public void handle(Operation op, Function<RoutingContext, Future<Reply>> resource) {
        operations.add(op);
        Route route = router.route(op.method, op.path);
        // Who is calling is settled from the headers before a byte of the body is read: the request stays paused
        // through authentication and authorization (platform handlers run before the body handler), so a caller
        // without a valid token, or without the right to this operation, never makes the node buffer a body.
        if (op.access != Access.PUBLIC) {
            route.handler((PlatformHandler) ctx -> {
                ctx.request().pause();
                authentication.handle(ctx);
            });
            route.handler((PlatformHandler) ctx -> authorize(ctx, op));
        }
        route.handler(new DeclaredBodyLimit(op.bodyLimit));
        // Public routes (login) keep the type the client declared: they accept JSON only (no cross-site form posts).
        route.handler(new RequestContentType(op.requestContentType, op.access != Access.PUBLIC));
        route.handler(BodyHandler.create(false).setBodyLimit(op.bodyLimit));
        route.handler(ctx -> {
            Future<Reply> reply;
            try {
                reply = resource.apply(ctx);
            } catch (RuntimeException e) {
                reply = Future.failedFuture(e);
            }
            reply.onComplete(ar -> {
                if (ar.failed()) {
                    ctx.fail(ar.cause());
                } else if (!ctx.response().ended()) {
                    send(ctx, ar.result());
                }
            });
        });
    }

    /** Registers a public operation served by a plain Vert.x handler (e.g. the Prometheus scrape handler). */
    public void handleRaw(Operation op, io.vertx.core.Handler<RoutingContext> handler) {
        if (op.access != Access.PUBLIC) {
            throw new IllegalArgumentException("raw handlers are only for public operations");
        }
        operations.add(op);
        router.route(op.method, op.path).handler(handler);
    }

    private void authorize(RoutingContext ctx, Operation op) {
        Principal principal = AuthenticationHandler.principal(ctx);
        if (op.access == Access.ADMIN && !principal.isAdmin()) {
            Problems.send(ctx, ServiceException.forbidden("this operation needs the admin token or an admin user"));
            return;
        }
        if (op.access == Access.SHOP) {
            String shop = ctx.pathParam("shop");
            if (!principal.canAccessShop(shop)) {
                Problems.send(ctx, ServiceException.forbidden(principal.isUser()
                        ? "your account has no access to shop '" + shop + "'"
                        : "this API key belongs to shop '" + principal.shopId() + "' and cannot access shop '" + shop + "'"));
                return;
            }
        }
        Credential.Scope needed = op.requiredScope();
        if (!principal.allows(needed)) {
            Problems.send(ctx, ServiceException.forbidden("this API key lacks the '" + needed.wireName() + "' scope that "
                    + op.method + " " + op.path.replaceAll(":(\\w+)", "{$1}")
                    + " needs (it has: " + Credential.Scope.format(principal.scopes()).replace(",", ", ") + ")"));
            return;
        }
        if (op.access == Access.SHOP) {
            shopGuard.requireShop(ctx.pathParam("shop")).onComplete(ar -> {
                if (ar.failed()) {
                    ctx.fail(ar.cause());
                } else {
                    ctx.next();
                }
            });
            return;
        }
        ctx.next();
    }

    private static void send(RoutingContext ctx, Reply reply) {
        var response = ctx.response().setStatusCode(reply.status());
        if (reply.contentType() != null) {
            response.putHeader("Content-Type", reply.contentType());
        }
        if (reply.body() == null) {
            response.end();
        } else {
            response.end(reply.encoded());
        }
    }
}
