package dev.merchantry.platform.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;

/**
 * One HTTP server on this verticle's event loop. The node deploys one instance per event loop on the same port:
 * Vert.x spreads accepted connections over them, and all share one {@link Router} (routing is read-only once built)
 * and one {@link ConnectionGuard}.
 */
public final class HttpServerVerticle extends VerticleBase {

    private final String host;
    private final int port;
    private final Router router;
    private final ConnectionGuard guard;
    private final HttpSettings settings;
    private HttpServer server;

    public HttpServerVerticle(String host, int port, Router router, ConnectionGuard guard, HttpSettings settings) {
        this.host = host;
        this.port = port;
        this.router = router;
        this.guard = guard;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                        .setCompressionSupported(true)
                        // No cleartext HTTP/2: its protocol sniffing delays the connection (and so the connection
                        // cap, the request-head timeout and the idle timeout) until the client sends bytes.
                        .setHttp2ClearTextEnabled(false)
                        .setIdleTimeout(settings.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS))
                .connectionHandler(guard.connections())
                .requestHandler(guard.requests(router));
        return server.listen();
    }

    /** The port this instance listens on (the chosen one when started with port 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
