package dev.merchantry.platform.http;

import io.vertx.core.http.HttpServerRequest;

/**
 * What happens to the body of a request answered before it was read. Most HTTP/1.1 clients read the answer only
 * after sending their whole body, so the node discards (never buffers) up to a limit to let them see it, then
 * closes the connection; a caller that is not authenticated gets only a few KiB of that courtesy.
 */
final class UnreadBody {

    /** Discarded before closing, for a caller who is known (413, 415, 400 before the body): they see the answer. */
    static final long DRAIN_BYTES = 32L << 20;
    /** Discarded before closing, for a caller with no valid token or no right to the route. */
    static final long UNAUTHENTICATED_DRAIN_BYTES = 64L << 10;
    /** A client that keeps the connection open without sending is closed after this long. */
    static final long DRAIN_MILLIS = 10_000;

    private UnreadBody() {
    }

    static void discard(HttpServerRequest request, long limit) {
        long[] seen = {0};
        var vertx = io.vertx.core.Vertx.currentContext() == null ? null : io.vertx.core.Vertx.currentContext().owner();
        long timer = vertx == null ? -1 : vertx.setTimer(DRAIN_MILLIS, id -> close(request));
        request.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] > limit) {
                close(request);
            }
        });
        request.endHandler(v -> {
            if (vertx != null) {
                vertx.cancelTimer(timer);
            }
        });
        request.exceptionHandler(e -> close(request));
        request.resume();
    }

    private static void close(HttpServerRequest request) {
        if (request.connection() != null) {
            request.connection().close();
        }
    }
}
