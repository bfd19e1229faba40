package dev.merchantry.platform.http;

import dev.merchantry.platform.service.ServiceException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Answers 413 with the endpoint's limit as soon as a request declares a larger {@code Content-Length}, before a
 * byte of the body is read (Vert.x Web's own body handler only says "too large" after reading up to the limit).
 * A platform handler, because Vert.x Web runs those before the body handler.
 */
final class DeclaredBodyLimit implements PlatformHandler {

    private final long limit;

    DeclaredBodyLimit(long limit) {
        this.limit = limit;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String declared = ctx.request().getHeader("Content-Length");
        if (declared != null) {
            try {
                long length = Long.parseLong(declared.trim());
                if (length > limit) {
                    Problems.send(ctx, ServiceException.tooLarge("request body is " + length + " bytes; this endpoint"
                            + " accepts at most " + limit + " bytes (" + describe(limit) + ") — split it into"
                            + " smaller requests"));
                    return;
                }
            } catch (NumberFormatException ignored) {
                // Vert.x rejects a malformed Content-Length itself
            }
        }
        ctx.next();
    }

    private static String describe(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }
}
