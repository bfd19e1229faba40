package dev.merchantry.platform.http;

import dev.merchantry.platform.storage.DuplicateKeyException;
import dev.merchantry.platform.storage.StorageException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeoutException;

/**
 * Renders every failure as RFC 9457 {@code application/problem+json}: the one error mapper of the REST API.
 * Known failures keep their status and message; anything unexpected becomes a 500 whose detail does not leak
 * internals (the stack trace goes to the log with the request id).
 */
public final class Problems {

    public static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /** Failure handler for the router: maps {@code ctx.failure()} / {@code ctx.statusCode()} to a problem body. */
    public static void handle(RoutingContext ctx) {
        if (clientDisconnected(ctx.failure())) {
            // The client went away mid-request (closed or reset the connection): nobody to answer, nothing wrong
            // with the node, and an ERROR with a stack trace per dropped connection would flood the log.
            LOG.debug("client disconnected during {} {}: {}", ctx.request().method(), ctx.request().path(),
                    ctx.failure().toString());
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ApiException problem = toProblem(ctx.failure(), ctx.statusCode(), ctx.request().path());
        if (!ctx.response().closed()) {
            send(ctx, problem);
        }
    }

    /**
     * True when {@code failure} (or a cause) says the client's connection is gone: Vert.x's "Connection was closed",
     * a closed channel, or the socket errors of a reset or broken connection.
     */
    static boolean clientDisconnected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException
                    || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            if (t instanceof io.vertx.core.VertxException && message.equals("Connection was closed")
                    || t instanceof java.io.IOException && (message.startsWith("Connection reset")
                    || message.equals("Broken pipe"))) {
                return true;
            }
        }
        return false;
    }

    public static void send(RoutingContext ctx, ApiException problem) {
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.getMessage())
                .put("instance", ctx.request().path());
        if (!problem.errors().isEmpty()) {
            JsonArray errors = new JsonArray();
            problem.errors().forEach(e -> errors.add(new JsonObject().put("key", e.key()).put("message", e.message())));
            body.put("errors", errors);
        }
        problem.members().forEach(body::put);
        boolean bodyUnread = !ctx.request().isEnded();
        if (bodyUnread) {
            // Answered before its body was read (401, 403, 413, 415 …): the connection ends after this answer.
            ctx.response().putHeader("Connection", "close");
        }
        if (problem.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"merchantry\"");
        }
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
        if (bodyUnread) {
            UnreadBody.discard(ctx.request(), problem.status() == 401 || problem.status() == 403
                    ? UnreadBody.UNAUTHENTICATED_DRAIN_BYTES : UnreadBody.DRAIN_BYTES);
        }
    }

    /** Translates any throwable (or a bare status set by Vert.x Web) into the problem the caller sees. */
    public static ApiException toProblem(Throwable failure, int status, String path) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException api) {
            return api;
        }
        if (cause instanceof HttpException http) {
            return fromStatus(http.getStatusCode(), http.getPayload());
        }
        if (cause instanceof DecodeException decode) {
            return ApiException.badRequest("request body is not valid JSON: " + firstLine(decode.getMessage()));
        }
        if (cause instanceof DuplicateKeyException dup) {
            return ApiException.conflict(dup.getMessage());
        }
        if (cause instanceof ReplyException reply) {
            int code = reply.failureCode();
            if (code >= 400 && code < 600) {
                return new ApiException(code, reply.getMessage());
            }
            return new ApiException(503, "the cluster could not answer: " + reply.getMessage());
        }
        if (cause instanceof TimeoutException || cause instanceof io.vertx.core.VertxException vx
                && vx.getMessage() != null && vx.getMessage().contains("Timeout")) {
            return new ApiException(504, "the operation timed out");
        }
        if (cause == null) {
            return fromStatus(status < 400 ? 500 : status, null);
        }
        if (cause instanceof StorageException storage) {
            // The request was fine; the database could not take it (locked, disk full, connection lost). Nothing
            // was acknowledged, so the client may retry.
            LOG.error("database failure on {}", path, storage);
            return new ApiException(503, "Service unavailable", "the database could not complete the request;"
                    + " nothing was stored, retry later (see /health)", java.util.List.of());
        }
        LOG.error("unexpected failure on {}", path, cause);
        return new ApiException(500, "internal error: " + cause.getClass().getSimpleName()
                + " (see the node log)");
    }

    private static ApiException fromStatus(int status, String payload) {
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 413 -> "request body is larger than this endpoint accepts";
            case 415 -> "unsupported content type";
            default -> payload != null ? payload : ApiException.defaultTitle(status);
        };
        return new ApiException(status, detail);
    }

    private static Throwable unwrap(Throwable t) {
        while (t != null && (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
