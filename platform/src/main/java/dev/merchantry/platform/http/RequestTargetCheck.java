package dev.merchantry.platform.http;

import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.service.TextRules;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers 400 naming every path and query parameter that breaks the {@link TextRules} (NUL, unpaired surrogates,
 * control characters) or is not valid percent-encoded UTF-8. Errors are keyed {@code path.<name>} and
 * {@code query.<name>}; a path segment of no registered operation (a static file, a 404) is keyed {@code path}.
 *
 * <p>Runs first on every request, before any route matches, and so before authentication: no caller, logged in or
 * not, can make a parameter reach the database. It has to come before route matching because matching a route with
 * path parameters decodes them and the query string, and Vert.x throws on a malformed escape such as {@code %zz}
 * there (a 500); and it decodes the raw request target strictly, because Vert.x decodes a non-UTF-8 escape leniently
 * (into U+FFFD), which would silently turn {@code %ED%A0%80} (a lone surrogate's bytes) into another id.
 */
final class RequestTargetCheck implements Handler<RoutingContext> {

    private final List<ApiRoutes.Operation> operations;

    /** {@code operations} is read at each request, so operations registered later are named too. */
    RequestTargetCheck(List<ApiRoutes.Operation> operations) {
        this.operations = operations;
    }

    @Override
    public void handle(RoutingContext ctx) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        checkPath(ctx.request().method(), ctx.request().path(), errors);
        checkQuery(ctx.request().query(), errors);
        if (errors.isEmpty()) {
            ctx.next();
            return;
        }
        StringBuilder detail = new StringBuilder();
        for (ServiceException.FieldError e : errors) {
            detail.append(detail.length() == 0 ? "" : "; ").append(e.key()).append(": ").append(e.message());
        }
        Problems.send(ctx, ServiceException.invalid(detail.toString(), errors));
    }

    private void checkPath(HttpMethod method, String rawPath, List<ServiceException.FieldError> errors) {
        if (rawPath == null) {
            return;
        }
        String[] raw = rawPath.split("/", -1);
        String[] names = parameterNames(method, raw);
        for (int i = 0; i < raw.length; i++) {
            if (names != null && names[i] == null) {
                continue; // a literal segment of the route, so exactly what the route says
            }
            String key = names == null ? "path" : "path." + names[i];
            try {
                String bad = TextRules.problem(decode(raw[i], false), false);
                if (bad != null) {
                    errors.add(new ServiceException.FieldError(key, bad));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new ServiceException.FieldError(key, e.getMessage()));
            }
        }
    }

    /**
     * The path parameter name of each raw segment under the operation the router will pick (the first registered
     * that matches, preferring the request's method), null entries for literal segments; null if none matches.
     */
    private String[] parameterNames(HttpMethod method, String[] raw) {
        String[] fallback = null;
        for (ApiRoutes.Operation op : operations) {
            String[] template = op.segments();
            if (template.length != raw.length) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < raw.length && matches; i++) {
                matches = template[i].startsWith(":") ? !raw[i].isEmpty() : template[i].equals(raw[i]);
            }
            if (!matches) {
                continue;
            }
            String[] names = new String[raw.length];
            for (int i = 0; i < raw.length; i++) {
                names[i] = template[i].startsWith(":") ? template[i].substring(1) : null;
            }
            if (op.method().equals(method)) {
                return names;
            }
            if (fallback == null) {
                fallback = names;
            }
        }
        return fallback;
    }

    private static void checkQuery(String query, List<ServiceException.FieldError> errors) {
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name;
            try {
                name = decode(rawName, true);
            } catch (IllegalArgumentException e) {
                errors.add(new ServiceException.FieldError("query." + rawName, "parameter name " + e.getMessage()));
                continue;
            }
            String key = "query." + TextRules.printable(name);
            String badName = TextRules.problem(name, false);
            if (badName != null) {
                errors.add(new ServiceException.FieldError(key, "parameter name " + badName));
                continue;
            }
            if (eq < 0) {
                continue;
            }
            try {
                String bad = TextRules.problem(decode(pair.substring(eq + 1), true), false);
                if (bad != null) {
                    errors.add(new ServiceException.FieldError(key, bad));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new ServiceException.FieldError(key, e.getMessage()));
            }
        }
    }

    /** Percent-decodes {@code raw} as UTF-8, refusing malformed escapes and byte sequences that are not UTF-8. */
    static String decode(String raw, boolean plusIsSpace) {
        if (raw.chars().allMatch(c -> c < 0x80 && c != '%' && !(plusIsSpace && c == '+'))) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new IllegalArgumentException("has a malformed percent-escape '"
                            + raw.substring(i, Math.min(raw.length(), i + 3)) + "'; a '%' must be followed by two hex"
                            + " digits (send '%25' for a literal '%')");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c <= 0xFF) {
                bytes.write(c); // the HTTP/1 decoder reads the request target byte for byte (ISO-8859-1)
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not valid UTF-8 once percent-decoded (a lone surrogate's bytes,"
                    + " a truncated sequence or a stray byte); send valid Unicode");
        }
    }
}
