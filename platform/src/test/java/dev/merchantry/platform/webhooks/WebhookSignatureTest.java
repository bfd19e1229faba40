package dev.merchantry.platform.webhooks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class WebhookSignatureTest {

    private static final String SECRET = "whsec_test-secret-0123456789";
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"merchantry.price.changed\"}"
            .getBytes(StandardCharsets.UTF_8);

    /**
     * The value Python's standard library gives, which is what the docs/webhooks.md snippet runs (Python 3.11):
     * {@code hmac.new(b'whsec_test-secret-0123456789', b'1700000000.' + body, hashlib.sha256).hexdigest()}.
     */
    @Test
    void signsTimestampDotBodyWithHmacSha256AsPythonDoes() {
        assertEquals("sha256=ae071f5c9a9e9023945292f03d007a8fa4abbe2f9fcd0cd4884a5760762bdd9e",
                WebhookSignature.sign(SECRET, 1_700_000_000L, BODY));
    }

    @Test
    void anotherTimestampOrSecretGivesAnotherSignature() {
        String signature = WebhookSignature.sign(SECRET, 1_700_000_000L, BODY);
        assertNotEquals(signature, WebhookSignature.sign(SECRET, 1_700_000_001L, BODY));
        assertNotEquals(signature, WebhookSignature.sign(SECRET + "x", 1_700_000_000L, BODY));
    }
}
