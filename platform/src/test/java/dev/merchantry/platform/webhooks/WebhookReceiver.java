package dev.merchantry.platform.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver for tests: a Vert.x HTTP server on loopback that records every request and answers the statuses
 * it was scripted with, in order (200 once the script is used up). It checks signatures the way docs/webhooks.md tells
 * receivers to, written here independently of the node's signing code.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        JsonObject json() {
            return new JsonObject(body);
        }

        /** HMAC-SHA256 over timestamp + "." + body, hex, compared with the signature header. */
        boolean signedWith(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                byte[] expected = mac.doFinal((header("X-Merchantry-Timestamp") + "." + body)
                        .getBytes(StandardCharsets.UTF_8));
                return ("sha256=" + HexFormat.of().formatHex(expected)).equals(header("X-Merchantry-Signature"));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Scripted as a status: read the request, never answer (the sender waits until its timeout or death). */
    static final int HANG = 0;

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final String scheme;

    private WebhookReceiver(int port, HttpServerOptions options) {
        scheme = options.isSsl() ? "https" : "http";
        server = vertx.createHttpServer(options).requestHandler(req -> req.body().onSuccess(body -> {
            Map<String, String> headers = new TreeMap<>();
            req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
            received.add(new Received(req.path(), headers, body.toString(StandardCharsets.UTF_8)));
            int status;
            synchronized (script) {
                status = script.isEmpty() ? 200 : script.poll();
            }
            if (status == HANG) {
                return;
            }
            req.response().setStatusCode(status).end(status >= 300 ? "receiver says no (" + status + ")" : "ok");
        }));
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    /** A receiver on a free loopback port. */
    static WebhookReceiver start() {
        return new WebhookReceiver(0, new HttpServerOptions());
    }

    /** An https receiver on a free loopback port, presenting the key and certificate of a PKCS#12 key store. */
    static WebhookReceiver startHttps(java.nio.file.Path keyStore, String password) {
        return new WebhookReceiver(0, new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword(password)));
    }

    /** The statuses of the next answers, in order. */
    WebhookReceiver answer(Integer... statuses) {
        synchronized (script) {
            script.addAll(List.of(statuses));
        }
        return this;
    }

    String url(String path) {
        return url("127.0.0.1", path);
    }

    /** The receiver's URL with {@code host} (a name resolving to loopback, or a loopback address). */
    String url(String host, String path) {
        return scheme + "://" + host + ":" + server.actualPort() + path;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
