package dev.merchantry.platform.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.TimeoutHandler;

/**
 * Assembles the router: the REST resources through {@link ApiRoutes}, problem+json for every failure (including
 * Vert.x Web's own 404/405/413), and the web console's static files at {@code /}.
 */
public final class HttpApi {

    /** Longest time a request may take from its head to its answer (a 100 MB upload on a slow link included). */
    public static final long REQUEST_TIMEOUT_MILLIS = 120_000;

    private HttpApi() {
    }

    public static Router router(Vertx vertx, ApiRoutes.ShopGuard shopGuard,
                                dev.merchantry.platform.auth.Authenticator authenticator,
                                java.util.function.Consumer<ApiRoutes> resources) {
        return router(vertx, shopGuard, authenticator, () -> true, resources);
    }

    /**
     * As above, with {@code ready}: until it says true (the node is still seeding or migrating), every API route
     * answers 503 with Retry-After, and only {@code /health} (which says "starting") and {@code /metrics} answer.
     */
    public static Router router(Vertx vertx, ApiRoutes.ShopGuard shopGuard,
                                dev.merchantry.platform.auth.Authenticator authenticator,
                                java.util.function.BooleanSupplier ready,
                                java.util.function.Consumer<ApiRoutes> resources) {
        Router router = Router.router(vertx);
        router.route().handler(new SecurityHeaders("webroot/index.html"));
        // A request the node has not answered within this time gets 503 instead of holding its connection forever.
        router.route().handler(TimeoutHandler.create(REQUEST_TIMEOUT_MILLIS, 503));
        ApiRoutes routes = new ApiRoutes(router, authenticator, shopGuard);
        // Path-less, after the request-target check: a route with a path pattern would decode a malformed path.
        router.route().handler(ctx -> {
            if (ready.getAsBoolean() || !ctx.request().path().startsWith("/api/")) {
                ctx.next();
            } else {
                ctx.response().putHeader("Retry-After", "5");
                Problems.send(ctx, Problems.Problem.titled(503, "Starting", "the node is starting (seeding or migrating"
                        + " data); retry in a few seconds"));
            }
        });
        resources.accept(routes);
        // The console is plain static files from the web-console jar; it talks only to the public REST API. Its
        // libraries are WebJars on the classpath (versioned paths, so they may be cached); the console's own files
        // are revalidated on every load so an upgraded node never runs a stale console.
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars")
                .setMaxAgeSeconds(7 * 86_400));
        router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html")
                .setCachingEnabled(false));
        router.route().failureHandler(Problems::handle);
        for (int status : new int[] {400, 401, 403, 404, 405, 406, 413, 415, 500, 501, 503}) {
            router.errorHandler(status, Problems::handle);
        }
        return router;
    }
}
