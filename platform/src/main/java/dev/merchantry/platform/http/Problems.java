package dev.merchantry.platform.http;

import dev.merchantry.platform.service.ServiceException.FieldError;
import dev.merchantry.platform.service.ServiceException;
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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Renders every failure as RFC 9457 {@code application/problem+json}: the one error mapper of the REST API, and the
 * one place a {@link ServiceException} becomes an HTTP status ({@link ServiceException.Kind#code()}), a title and a
 * body. Known failures keep their status and message; anything unexpected becomes a 500 whose detail does not leak
 * internals (the stack trace goes to the log with the request id).
 */
public final class Problems {

    public static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    /**
     * One problem+json answer: {@code status}, {@code title}, {@code detail}, the per-field {@code errors}, extension
     * {@code members} and, for a rate limit, the {@code Retry-After} delay (null when none).
     */
    public record Problem(int status, String title, String detail, List<FieldError> errors, Map<String, Object> members,
                          Duration retryAfter) {

        public Problem {
            errors = errors == null ? List.of() : List.copyOf(errors);
            members = members == null ? Map.of() : members;
        }

        /** A problem with the status's usual title and nothing but a detail. */
        static Problem of(int status, String detail) {
            return new Problem(status, defaultTitle(status), detail, List.of(), Map.of(), null);
        }

        /** A problem with its own title (e.g. 503 "Starting"). */
        static Problem titled(int status, String title, String detail) {
            return new Problem(status, title, detail, List.of(), Map.of(), null);
        }
    }

    private Problems() {
    }

    /** How a service failure reads on the REST API: same message, field errors and members, status of its kind. */
    public static Problem of(ServiceException e) {
        String title = switch (e.kind()) {
            case MALFORMED -> "Bad request";
            case INVALID -> "Invalid request";
            default -> defaultTitle(e.kind().code());
        };
        return new Problem(e.kind().code(), title, e.getMessage(), e.errors(), e.members(), e.retryAfter().orElse(null));
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
        Problem problem = toProblem(ctx.failure(), ctx.statusCode(), ctx.request().path());
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

    /** Answers {@code failure} at once (handlers that refuse a request before its body is read). */
    public static void send(RoutingContext ctx, ServiceException failure) {
        send(ctx, of(failure));
    }

    public static void send(RoutingContext ctx, Problem problem) {
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail())
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
        if (problem.retryAfter() != null) {
            ctx.response().putHeader("Retry-After",
                    Long.toString(Math.max(1, (problem.retryAfter().toMillis() + 999) / 1000)));
        }
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
        if (bodyUnread) {
            UnreadBody.discard(ctx.request(), problem.status() == 401 || problem.status() == 403
                    ? UnreadBody.UNAUTHENTICATED_DRAIN_BYTES : UnreadBody.DRAIN_BYTES);
        }
    }

    /** Translates any throwable (or a bare status set by Vert.x Web) into the problem the caller sees. */
    public static Problem toProblem(Throwable failure, int status, String path) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ServiceException service) {
            return of(service);
        }
        if (cause instanceof HttpException http) {
            return fromStatus(http.getStatusCode(), http.getPayload());
        }
        if (cause instanceof DecodeException decode) {
            return Problem.of(400, "request body is not valid JSON: " + firstLine(decode.getMessage()));
        }
        if (cause instanceof DuplicateKeyException dup) {
            return Problem.of(409, dup.getMessage());
        }
        if (cause instanceof ReplyException reply) {
            int code = reply.failureCode();
            if (code >= 400 && code < 600) {
                return Problem.of(code, reply.getMessage());
            }
            return Problem.of(503, "the cluster could not answer: " + reply.getMessage());
        }
        if (cause instanceof TimeoutException || cause instanceof io.vertx.core.VertxException vx
                && vx.getMessage() != null && vx.getMessage().contains("Timeout")) {
            return Problem.of(504, "the operation timed out");
        }
        if (cause == null) {
            return fromStatus(status < 400 ? 500 : status, null);
        }
        if (cause instanceof StorageException storage) {
            // The request was fine; the database could not take it (locked, disk full, connection lost). Nothing
            // was acknowledged, so the client may retry.
            LOG.error("database failure on {}", path, storage);
            return Problem.of(503, "the database could not complete the request;"
                    + " nothing was stored, retry later (see /health)");
        }
        LOG.error("unexpected failure on {}", path, cause);
        return Problem.of(500, "internal error: " + cause.getClass().getSimpleName()
                + " (see the node log)");
    }

    private static Problem fromStatus(int status, String payload) {
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 413 -> "request body is larger than this endpoint accepts";
            case 415 -> "unsupported content type";
            default -> payload != null ? payload : defaultTitle(status);
        };
        return Problem.of(status, detail);
    }

    /** The RFC 9110 reason phrase as a problem title, in sentence case. */
    static String defaultTitle(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload too large";
            case 415 -> "Unsupported media type";
            case 422 -> "Unprocessable content";
            case 429 -> "Too many requests";
            case 503 -> "Service unavailable";
            case 504 -> "Gateway timeout";
            default -> status >= 500 ? "Internal server error" : "Request failed";
        };
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
