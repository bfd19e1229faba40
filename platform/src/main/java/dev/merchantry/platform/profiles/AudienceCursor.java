package dev.merchantry.platform.profiles;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where an audience page ended: the last row's sort value and customer id, as an opaque URL-safe token. Pages are
 * keyset pages, so a cursor stays valid while profiles are unchanged and costs the same at any depth.
 */
public record AudienceCursor(double sortValue, String customerId) {

    private static final String PREFIX = "a1:";

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + Double.toString(sortValue) + ":"
                + customerId).getBytes(StandardCharsets.UTF_8));
    }

    /** Empty when the token is not one this class wrote. */
    public static Optional<AudienceCursor> decode(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!s.startsWith(PREFIX)) {
                return Optional.empty();
            }
            int colon = s.indexOf(':', PREFIX.length());
            if (colon < 0) {
                return Optional.empty();
            }
            double value = Double.parseDouble(s.substring(PREFIX.length(), colon));
            return Double.isFinite(value) ? Optional.of(new AudienceCursor(value, s.substring(colon + 1))) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
