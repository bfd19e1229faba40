package dev.merchantry.platform.service;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request a service cannot carry out for a reason the caller can act on (bad input, nothing there, a conflict, a
 * refusal, or something temporarily impossible): the one failure type of the services and of the adapters that call
 * them. It knows nothing of HTTP or the event bus: {@code http.Problems} renders it as {@code
 * application/problem+json} and {@code bus.BusEndpoints} answers it with {@code Message.fail(code, message)}, each
 * in one place. The message is shown to the caller, so it must name the field and the problem.
 */
public class ServiceException extends RuntimeException {

    /**
     * What went wrong, from the caller's side. {@link #code()} is the failure code of the kind on both wire contracts
     * — the REST API's HTTP status and the event bus's {@code fail} code, which docs/event-bus.md defines as the
     * same number — so the two adapters cannot drift apart.
     */
    public enum Kind {
        /** The request as a whole cannot be read: empty, not JSON, not the expected shape. */
        MALFORMED(400),
        /** One or more fields are wrong; {@link #errors()} names each (when known). */
        INVALID(400),
        /** The caller did not prove who they are (no, unknown, expired or wrong credentials). */
        UNAUTHENTICATED(401),
        /** The caller is known but may not do this. */
        FORBIDDEN(403),
        /** What the request names does not exist. */
        NOT_FOUND(404),
        /** The request is valid but the current state does not allow it (duplicate, nothing bound, in use …). */
        CONFLICT(409),
        /** The request carries more than the operation accepts. */
        TOO_LARGE(413),
        /** The request's content is of a type the operation does not take. */
        UNSUPPORTED_TYPE(415),
        /** Refused by a rate limit; {@link #retryAfter()} says when to try again. */
        TOO_MANY(429),
        /** Temporarily impossible (saturated pool, strategy not loaded, state kept changing): retrying may work. */
        UNAVAILABLE(503),
        /** The work did not finish in the time allowed. */
        TIMEOUT(504);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The REST status and event-bus failure code of this kind. */
        public int code() {
            return code;
        }
    }

    /** One per-field problem: the field's key (a JSON path for nested fields) and what is wrong with it. */
    public record FieldError(String key, String message) {
    }

    private final Kind kind;
    private final List<FieldError> errors;
    private final Duration retryAfter;
    private final Map<String, Object> members = new LinkedHashMap<>();

    public ServiceException(Kind kind, String message) {
        this(kind, message, List.of(), null);
    }

    public ServiceException(Kind kind, String message, List<FieldError> errors) {
        this(kind, message, errors, null);
    }

    protected ServiceException(Kind kind, String message, List<FieldError> errors, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    /** The request as a whole cannot be read. */
    public static ServiceException malformed(String detail) {
        return new ServiceException(Kind.MALFORMED, detail);
    }

    /** Fields are wrong: {@code errors} names each, {@code detail} sums them up. */
    public static ServiceException invalid(String detail, List<FieldError> errors) {
        return new ServiceException(Kind.INVALID, detail, errors);
    }

    /** One field is wrong. */
    public static ServiceException field(String key, String message) {
        return invalid(key + ": " + message, List.of(new FieldError(key, message)));
    }

    public static ServiceException unauthenticated(String detail) {
        return new ServiceException(Kind.UNAUTHENTICATED, detail);
    }

    public static ServiceException forbidden(String detail) {
        return new ServiceException(Kind.FORBIDDEN, detail);
    }

    public static ServiceException notFound(String detail) {
        return new ServiceException(Kind.NOT_FOUND, detail);
    }

    public static ServiceException conflict(String detail) {
        return new ServiceException(Kind.CONFLICT, detail);
    }

    public static ServiceException tooLarge(String detail) {
        return new ServiceException(Kind.TOO_LARGE, detail);
    }

    public static ServiceException unsupportedType(String detail) {
        return new ServiceException(Kind.UNSUPPORTED_TYPE, detail);
    }

    /** Refused by a rate limit; the caller may try again after {@code retryAfter}. */
    public static ServiceException tooMany(String detail, Duration retryAfter) {
        return new ServiceException(Kind.TOO_MANY, detail, List.of(), retryAfter);
    }

    public static ServiceException unavailable(String detail) {
        return new ServiceException(Kind.UNAVAILABLE, detail);
    }

    public static ServiceException timeout(String detail) {
        return new ServiceException(Kind.TIMEOUT, detail);
    }

    /**
     * Adds a structured detail (e.g. the shops that block an operation) that a client can act on without parsing
     * the message; the REST API renders it as an RFC 9457 extension member. Values must be JSON-encodable.
     */
    public ServiceException with(String member, Object value) {
        members.put(member, value);
        return this;
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> members() {
        return Collections.unmodifiableMap(members);
    }

    /** When a {@link Kind#TOO_MANY} refusal ends; empty for other kinds. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
