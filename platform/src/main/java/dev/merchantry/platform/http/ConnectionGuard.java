package dev.merchantry.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the server reachable when clients hoard connections: counts open connections against
 * {@link HttpSettings#maxConnections()} and, at the cap, closes the longest-idle one to admit the new client (or the
 * new one, if every connection has a request in flight); closes connections that send no request head within
 * {@link HttpSettings#headerTimeoutMillis()} (slowloris). Idle keep-alive connections are closed by the server's idle
 * timeout.
 */
public final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private static final class Tracked {
        volatile long lastActive = System.nanoTime();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean sawRequest;
    }

    private final Vertx vertx;
    private final HttpSettings limits;
    private final Map<HttpConnection, Tracked> open = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger evicted = new AtomicInteger();

    public ConnectionGuard(Vertx vertx, HttpSettings limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /** For {@code HttpServer.connectionHandler}. */
    public Handler<HttpConnection> connections() {
        return conn -> {
            Tracked tracked = new Tracked();
            open.put(conn, tracked);
            int now = count.incrementAndGet();
            conn.closeHandler(v -> {
                if (open.remove(conn) != null) {
                    count.decrementAndGet();
                }
            });
            if (now > limits.maxConnections() && !evictIdle(conn)) {
                LOG.debug("connection cap {} reached with every connection busy; refusing {}", limits.maxConnections(),
                        conn.remoteAddress());
                conn.close();
                return;
            }
            vertx.setTimer(limits.headerTimeoutMillis(), id -> {
                if (!tracked.sawRequest && open.containsKey(conn)) {
                    LOG.debug("closing {}: no request within {} ms", conn.remoteAddress(), limits.headerTimeoutMillis());
                    conn.close();
                }
            });
        };
    }

    /** Wraps the request handler so the guard knows which connections are busy. */
    public Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
        return request -> {
            Tracked tracked = open.get(request.connection());
            if (tracked != null) {
                tracked.sawRequest = true;
                tracked.inFlight.incrementAndGet();
                tracked.lastActive = System.nanoTime();
                java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
                Handler<Void> finished = v -> {
                    if (done.compareAndSet(false, true)) {
                        tracked.inFlight.decrementAndGet();
                        tracked.lastActive = System.nanoTime();
                    }
                };
                request.response().closeHandler(finished);
                request.response().endHandler(finished);
            }
            next.handle(request);
        };
    }

    /** Open connections now. */
    public int openConnections() {
        return count.get();
    }

    /** Idle connections closed so far to admit new ones. */
    public int evictedConnections() {
        return evicted.get();
    }

    private boolean evictIdle(HttpConnection newcomer) {
        HttpConnection oldest = null;
        long oldestActive = Long.MAX_VALUE;
        for (Map.Entry<HttpConnection, Tracked> e : open.entrySet()) {
            Tracked t = e.getValue();
            if (e.getKey() != newcomer && t.inFlight.get() <= 0 && t.lastActive < oldestActive) {
                oldest = e.getKey();
                oldestActive = t.lastActive;
            }
        }
        if (oldest == null) {
            return false;
        }
        Tracked removed = open.remove(oldest);
        if (removed != null) {
            count.decrementAndGet();
        }
        evicted.incrementAndGet();
        oldest.close();
        return true;
    }
}
