package dev.merchantry.platform.tools.importclient;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries with backoff on 5xx and connection errors, and a clear error when giving up. */
class ImportClientTest {

    private static final ImportClient.RetryPolicy FAST = new ImportClient.RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100));
    private static final byte[] ONE_EVENT = "[{\"event_id\":\"e-1\"}]".getBytes(StandardCharsets.UTF_8);

    @Test
    void retriesServerErrorsUntilTheBatchLands() throws Exception {
        try (ImportTestServer server = ImportTestServer.start()) {
            server.unavailableFirst = 2;
            List<String> retries = new ArrayList<>();
            ImportClient client = new ImportClient(URI.create(server.url() + "/api/v1/shops/s1/events"), "POST",
                    ImportTestServer.KEY, "event_id", FAST, (attempt, of, delay, why) -> retries.add(attempt + "/" + of + " " + why),
                    () -> false);
            BatchReply reply = client.send(ONE_EVENT);
            assertEquals(1, reply.accepted());
            assertEquals(List.of("2/3 answered 503: warming up, try again", "3/3 answered 503: warming up, try again"), retries);
        }
    }

    @Test
    void givesUpOnAnUnreachableServerAfterTheLastAttempt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<Duration> delays = new ArrayList<>();
        ImportClient client = new ImportClient(URI.create("http://127.0.0.1:" + port + "/api/v1/shops/s1/events"), "POST",
                "k", "event_id", FAST, (attempt, of, delay, why) -> delays.add(delay), () -> false);
        ImportException e = assertThrows(ImportException.class, () -> client.send(ONE_EVENT));
        assertTrue(e.getMessage().startsWith("gave up on POST http://127.0.0.1:" + port
                + "/api/v1/shops/s1/events after 3 attempts; last: cannot connect"), e.getMessage());
        assertEquals(2, delays.size());
        assertTrue(delays.get(1).toMillis() > delays.get(0).toMillis(), "exponential backoff: " + delays);
    }
}
