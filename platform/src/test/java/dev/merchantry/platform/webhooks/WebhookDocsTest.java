package dev.merchantry.platform.webhooks;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verification snippet of docs/webhooks.md, run as written by {@code python3}, accepts what the node signs and
 * refuses another secret, another body and an old timestamp. Skipped where no {@code python3} is installed.
 */
class WebhookDocsTest {

    private static final Path DOC = Path.of("..", "docs", "webhooks.md");
    private static final Pattern PYTHON = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL);

    @Test
    void thePythonSnippetVerifiesWhatTheNodeSigns(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Matcher m = PYTHON.matcher(Files.readString(DOC));
        assertTrue(m.find(), "docs/webhooks.md has a python block");
        String snippet = m.group(1);
        String secret = "whsec_docs-test-secret-42";
        String body = "{\"id\":\"evt_9\",\"type\":\"merchantry.model.trained\",\"shop\":\"acme\"}";
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(secret, now, body.getBytes(StandardCharsets.UTF_8));
        String check = snippet + "\n"
                + "h = {'X-Merchantry-Timestamp': '" + now + "', 'X-Merchantry-Signature': '" + signature + "'}\n"
                + "old = {'X-Merchantry-Timestamp': '" + (now - 3600) + "', 'X-Merchantry-Signature': '"
                + WebhookSignature.sign(secret, now - 3600, body.getBytes(StandardCharsets.UTF_8)) + "'}\n"
                + "body = " + pythonBytes(body) + "\n"
                + "print(verify('" + secret + "', h, body), verify('" + secret + "x', h, body),"
                + " verify('" + secret + "', h, body + b' '), verify('" + secret + "', old, body))\n";
        Path script = Files.writeString(dir.resolve("check.py"), check);
        Process python;
        try {
            python = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not installed: " + e.getMessage());
            return;
        }
        assertTrue(python.waitFor(30, TimeUnit.SECONDS), "python3 did not finish");
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals("True False False False", out, check);
    }

    private static String pythonBytes(String ascii) {
        return "b'" + ascii.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
