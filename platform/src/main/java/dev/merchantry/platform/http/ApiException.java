package dev.merchantry.platform.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure with an HTTP status that the error mapper renders as {@code application/problem+json}.
 * Thrown by resources and services for anything the caller did wrong (or that is temporarily impossible);
 * the message is shown to the caller, so it must name the field and the problem.
 */
public class ApiException extends RuntimeException {

    /** One per-field problem, rendered as {@code {"key": ..., "message": ...}}. */
    public record FieldError(String key, String message) {
    }

    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> members = new LinkedHashMap<>();

    public ApiException(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ApiException(int status, String detail) {
        this(status, defaultTitle(status), detail, List.of());
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    public static ApiException invalid(String detail, List<FieldError> errors) {
        return new ApiException(400, "Invalid request", detail, errors);
    }

    public static ApiException field(String key, String message) {
        return invalid(key + ": " + message, List.of(new FieldError(key, message)));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, detail);
    }

    /**
     * Adds an RFC 9457 extension member to the problem body (e.g. the shops that block an operation), so a client
     * can act on it without parsing the detail text. Values must be JSON-encodable.
     */
    public ApiException with(String member, Object value) {
        members.put(member, value);
        return this;
    }

    public Map<String, Object> members() {
        return Collections.unmodifiableMap(members);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

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
}
