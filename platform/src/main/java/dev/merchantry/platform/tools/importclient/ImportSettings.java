package dev.merchantry.platform.tools.importclient;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What to import where, and how hard to push: the command's flags, checked once here.
 *
 * @param rejects         where to write rejected rows; null for {@code FILE.rejects.csv}
 * @param attempts        tries per batch before giving up (connection errors, 429, 5xx)
 * @param firstRetryDelay backoff before the second try; doubles each time
 */
public record ImportSettings(ImportKind kind, Path file, String url, String shop, String apiKey, int batchSize,
                             int concurrency, boolean restart, Path rejects, int attempts, Duration firstRetryDelay) {

    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int DEFAULT_CONCURRENCY = 2;
    public static final int DEFAULT_ATTEMPTS = 6;
    public static final Duration DEFAULT_FIRST_RETRY_DELAY = Duration.ofMillis(500);

    public ImportSettings {
        if (batchSize < 1 || batchSize > kind.maxPerRequest()) {
            throw new IllegalArgumentException("--batch-size must be between 1 and " + kind.maxPerRequest()
                    + " for --" + kind.flag() + " (the API's per-request limit)");
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("--concurrency must be between 1 and 64");
        }
        if (shop == null || shop.isBlank()) {
            throw new IllegalArgumentException("--shop must not be blank");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("--api-key is required (or set MERCHANTRY_API_KEY)");
        }
        url = url.replaceAll("/+$", "");
        if (!url.matches("(?i)https?://[^/\\s]+(/\\S*)?")) {
            throw new IllegalArgumentException("--url must be an http:// or https:// address, e.g. http://localhost:8080");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** The rejects file actually used. */
    public Path rejectsPath() {
        return rejects != null ? rejects : file.resolveSibling(file.getFileName() + ".rejects.csv");
    }
}
