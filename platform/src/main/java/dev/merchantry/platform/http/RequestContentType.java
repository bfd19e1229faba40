package dev.merchantry.platform.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.Locale;

/**
 * Decides how a request body is read, before anything of it is: no route takes HTML forms or multipart, so a
 * {@code multipart/form-data} body is refused (415 naming the type the endpoint takes), and a body declared as
 * {@code application/x-www-form-urlencoded} — what {@code curl -d} sends by default — is read as the endpoint's own
 * type instead of being parsed as form fields (which failed at 8 KiB with a 500), except on public routes (login),
 * which take only their declared type so that no cross-site HTML form can post to them.
 */
final class RequestContentType implements PlatformHandler {

    static final String FORM = "application/x-www-form-urlencoded";
    static final String MULTIPART = "multipart/form-data";

    private final String expected;
    private final boolean readFormsAsDocument;

    RequestContentType(String expected, boolean readFormsAsDocument) {
        this.expected = expected;
        this.readFormsAsDocument = readFormsAsDocument;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String declared = ctx.request().getHeader("Content-Type");
        String type = declared == null ? "" : declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(MULTIPART) || type.equals(FORM) && !readFormsAsDocument) {
            Problems.send(ctx, Problems.Problem.titled(415, "Unsupported Media Type", "this endpoint takes"
                    + " Content-Type: " + expected + ", not " + type + "; send the " + (expected.contains("json")
                    ? "JSON document" : "file") + " itself as the raw request body"));
            return;
        }
        if (type.equals(FORM) && readFormsAsDocument) {
            // Vert.x Web would decode it as form attributes; the body is the document itself.
            ctx.request().headers().set("Content-Type", expected);
        }
        ctx.next();
    }
}
