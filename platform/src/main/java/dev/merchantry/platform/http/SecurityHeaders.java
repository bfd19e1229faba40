package dev.merchantry.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Security headers on every response: no MIME sniffing, no framing (clickjacking), no referrer, and a Content
 * Security Policy that lets the console run only its own scripts — the inline import map of {@code index.html} is
 * allowed by its SHA-256 hash, computed from the file served, so the policy cannot drift from the page.
 */
final class SecurityHeaders implements Handler<RoutingContext> {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private final String policy;

    SecurityHeaders(String indexResource) {
        List<String> hashes = new ArrayList<>();
        try (InputStream in = SecurityHeaders.class.getClassLoader().getResourceAsStream(indexResource)) {
            if (in != null) {
                Matcher m = INLINE_SCRIPT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
                    hashes.add("'sha256-" + Base64.getEncoder().encodeToString(digest) + "'");
                }
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read " + indexResource + ": " + e.getMessage(), e);
        }
        // Styles: the charts set element styles at run time, so inline styles stay allowed; scripts do not.
        this.policy = "default-src 'self'; script-src 'self' " + String.join(" ", hashes)
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' blob:; object-src 'none';"
                + " base-uri 'none';"
                + " form-action 'self'; frame-ancestors 'none'";
    }

    String policy() {
        return policy;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().headers()
                .set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set("Content-Security-Policy", policy);
        ctx.next();
    }
}
