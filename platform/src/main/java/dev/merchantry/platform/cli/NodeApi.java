package dev.merchantry.platform.cli;

import dev.merchantry.platform.tools.evaluation.EvaluationException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One REST call from a CLI command to a running node. A problem+json answer becomes a one-line error: the caller's
 * mistakes (400, 404, 409) an {@link EvaluationException} (exit code 2) naming the per-field errors, anything
 * else an {@link IllegalStateException} (exit code 1).
 */
final class NodeApi {

    private NodeApi() {
    }

    /**
     * Sends {@code body} (JSON, or nothing when null) to {@code url + path} with {@code token}; answers the JSON reply
     * (empty for 204). {@code subject} names what the command manages in error messages ("user", "key").
     */
    static JsonObject call(String url, String token, String method, String path, JsonObject body, String subject) {
        return send(url, token, method, path, body == null ? null : "application/json",
                body == null ? null : body.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8), subject);
    }

    /** Like {@link #call} with a raw body of {@code contentType} (e.g. a plugin archive); null sends nothing. */
    static JsonObject send(String url, String token, String method, String path, String contentType, byte[] body,
                           String subject) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot connect to " + url + ": is the node running?");
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        int status = response.statusCode();
        if (status >= 300) {
            String detail;
            try {
                JsonObject problem = new JsonObject(response.body());
                detail = problem.getString("detail");
                JsonArray errors = problem.getJsonArray("errors");
                if (errors != null && !errors.isEmpty()) {
                    detail = String.join("; ", errors.stream().map(o -> ((JsonObject) o).getString("key") + ": "
                            + ((JsonObject) o).getString("message")).toList());
                }
            } catch (DecodeException | ClassCastException e) {
                detail = response.body();
            }
            if (status == 400 || status == 404 || status == 409) {
                throw new EvaluationException(subject, detail);
            }
            throw new IllegalStateException(status + " " + detail);
        }
        return response.body() == null || response.body().isBlank() ? new JsonObject() : new JsonObject(response.body());
    }
}
