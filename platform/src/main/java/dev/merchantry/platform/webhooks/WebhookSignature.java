package dev.merchantry.platform.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The signature of a delivery: {@code sha256=} and the hex HMAC-SHA256, keyed with the webhook's secret (its UTF-8
 * bytes), of {@code timestamp + "." + body} — the {@code X-Merchantry-Timestamp} header (Unix seconds) and the exact
 * body bytes. Signing the timestamp lets a receiver refuse old deliveries replayed by someone who recorded one.
 */
public final class WebhookSignature {

    public static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** {@code sha256=<hex>} for {@code timestamp} (Unix seconds, as sent) and {@code body}. */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is a JDK requirement (every Java implementation has it).
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
