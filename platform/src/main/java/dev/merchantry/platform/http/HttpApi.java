package dev.merchantry.platform.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Assembles the router: the REST resources through {@link ApiRoutes}, problem+json for every failure (including
 * Vert.x Web's own 404/405/413), and the web console's static files at {@code /}.
 */
public final class HttpApi {

    private HttpApi() {
    }

    public static Router router(Vertx vertx, ApiRoutes.ShopGuard shopGuard,
                                dev.merchantry.platform.auth.Authenticator authenticator,
                                java.util.function.Consumer<ApiRoutes> resources) {
        Router router = Router.router(vertx);
        ApiRoutes routes = new ApiRoutes(router, authenticator, shopGuard);
        resources.accept(routes);
        // The console is plain static files from the web-console jar; it talks only to the public REST API.
        router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
        router.route().failureHandler(Problems::handle);
        for (int status : new int[] {400, 401, 403, 404, 405, 406, 413, 415, 500, 501, 503}) {
            router.errorHandler(status, Problems::handle);
        }
        return router;
    }
}
