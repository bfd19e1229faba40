package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Sends one batch and reads its reply. What may succeed later (no connection, timeouts, 429, 5xx) is retried with
 * exponential backoff, honouring {@code Retry-After}; that is safe because items carry stable ids, so a batch that
 * landed before its reply was lost only counts as duplicates. Any other 4xx is a mistake no retry fixes (bad key,
 * unknown shop, 413) and fails with the server's problem+json {@code detail}.
 */
final class ImportClient {

    /** How often and how patiently to retry. */
    record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {
        static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(15));
    }

    /** Told before each retry (to show it on the console). */
    interface RetryListener {
        void retrying(int nextAttempt, int attempts, Duration delay, String reason);
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http;
    private final URI endpoint;
    private final String method;
    private final String apiKey;
    private final String idField;
    private final RetryPolicy policy;
    private final RetryListener listener;
    private final BooleanSupplier cancelled;

    ImportClient(URI endpoint, String method, String apiKey, String idField, RetryPolicy policy,
                 RetryListener listener, BooleanSupplier cancelled) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.endpoint = endpoint;
        this.method = method;
        this.apiKey = apiKey;
        this.idField = idField;
        this.policy = policy;
        this.listener = listener;
        this.cancelled = cancelled;
    }

    /** Sends the body until it gets a reply; null when the import was cancelled meanwhile. */
    BatchReply send(byte[] body) throws ImportException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(REQUEST_TIMEOUT)
                .build();
        String lastProblem = "";
        for (int attempt = 1; ; attempt++) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            Duration retryAfter = null;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return BatchReply.parse(response.body(), idField);
                }
                lastProblem = "answered " + status + ": " + detail(response.body());
                if (status != 429 && status < 500) {
                    throw new ImportException(method + " " + endpoint + " " + lastProblem);
                }
                retryAfter = retryAfter(response);
            } catch (IOException e) {
                lastProblem = describe(e);
            }
            if (attempt >= policy.attempts()) {
                throw new ImportException("gave up on " + method + " " + endpoint + " after " + attempt
                        + " attempts; last: " + lastProblem);
            }
            Duration delay = backoff(attempt, retryAfter);
            listener.retrying(attempt + 1, policy.attempts(), delay, lastProblem);
            Thread.sleep(delay.toMillis());
        }
    }

    /** firstDelay × 2^(attempt-1), capped, ±20 % jitter so parallel senders do not retry in lockstep. */
    private Duration backoff(int attempt, Duration retryAfter) {
        long base = Math.min(policy.maxDelay().toMillis(), policy.firstDelay().toMillis() << Math.min(attempt - 1, 20));
        long jittered = (long) (base * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
        if (retryAfter != null) {
            jittered = Math.max(jittered, Math.min(retryAfter.toMillis(), 2 * policy.maxDelay().toMillis()));
        }
        return Duration.ofMillis(jittered);
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    /** The problem+json {@code detail} (or {@code title}), else the start of the body. */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "(empty reply)";
        }
        try {
            JsonObject problem = new JsonObject(body);
            String detail = problem.getString("detail");
            return ImportException.oneLine(detail != null ? detail : problem.getString("title", body));
        } catch (RuntimeException notJson) {
            return BatchReply.abbreviate(body);
        }
    }

    private int port() {
        return endpoint.getPort() >= 0 ? endpoint.getPort() : "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
    }

    private String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "cannot connect to " + endpoint.getHost() + ":" + port()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        if (e instanceof HttpTimeoutException) {
            return "no reply within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : ImportException.oneLine(e.getMessage());
    }
}
