package dev.merchantry.platform.http;

import dev.merchantry.platform.webhooks.WebhookOptions;
import dev.merchantry.platform.webhooks.WebhookTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * The {@link WebhookTransport} over the Vert.x HTTP client: one POST per delivery on a fresh connection to the
 * address the dispatcher checked (the URL's host goes in the Host header and is the TLS peer name: SNI and host
 * verification against the JVM's authorities or the operator's {@code --webhook-ca-file}), with a connect timeout and a
 * deadline for the whole exchange. Redirects are not followed. Of the response only the status and an excerpt of the body are kept; reading stops after
 * {@value #MAX_READ} bytes (the connection is closed), so a receiver cannot make the node buffer a large answer.
 */
public final class WebhookSender implements WebhookTransport {

    /** Response bytes read at most before the connection is closed. */
    static final int MAX_READ = 64 * 1024;

    private final Vertx vertx;
    private final HttpClient client;
    private final WebhookOptions options;

    public WebhookSender(Vertx vertx, WebhookOptions options) {
        this.vertx = vertx;
        this.options = options;
        // No keep-alive: each attempt connects to the address checked for it, never to a pooled connection that an
        // earlier DNS answer chose.
        HttpClientOptions http = new HttpClientOptions().setKeepAlive(false).setForceSni(true).setVerifyHost(true)
                .setConnectTimeout((int) options.connectTimeout().toMillis()).setMaxRedirects(0);
        if (options.trustedCertificates() != null) {
            http.setTrustOptions(new PemTrustOptions().addCertPath(options.trustedCertificates().toString()));
        }
        this.client = vertx.createHttpClient(http, new PoolOptions().setHttp1MaxSize(options.concurrency()));
    }

    @Override
    public Future<Response> post(Request request) {
        URI url = request.url();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setSsl(https).setURI(path)
                .setServer(SocketAddress.inetSocketAddress(port, request.address().getHostAddress()))
                .setConnectTimeout(options.connectTimeout().toMillis())
                .setIdleTimeout(options.responseTimeout().toMillis()).setFollowRedirects(false);
        request.headers().forEach(ro::putHeader);
        Promise<Response> answer = Promise.promise();
        long deadline = vertx.setTimer(options.connectTimeout().plus(options.responseTimeout()).toMillis(),
                t -> answer.tryFail(new TimeoutException("no complete response within "
                        + options.connectTimeout().plus(options.responseTimeout()).toMillis() + " ms")));
        client.request(ro).onSuccess(req -> {
            answer.future().onFailure(e -> req.reset());
            send(req, request.body(), answer);
        }).onFailure(answer::tryFail);
        return answer.future().onComplete(ar -> vertx.cancelTimer(deadline));
    }

    private static void send(HttpClientRequest req, byte[] body, Promise<Response> answer) {
        req.send(Buffer.buffer(body)).onSuccess(resp -> {
            Buffer excerpt = Buffer.buffer();
            int[] read = {0};
            resp.handler(chunk -> {
                read[0] += chunk.length();
                if (excerpt.length() < EXCERPT_LIMIT * 4) {
                    excerpt.appendBuffer(chunk.slice(0, Math.min(chunk.length(), EXCERPT_LIMIT * 4 - excerpt.length())));
                }
                if (read[0] > MAX_READ) {
                    answer.tryComplete(new Response(resp.statusCode(), excerpt(excerpt)));
                    req.connection().close();
                }
            });
            resp.exceptionHandler(e -> answer.tryComplete(new Response(resp.statusCode(), excerpt(excerpt))));
            resp.endHandler(v -> answer.tryComplete(new Response(resp.statusCode(), excerpt(excerpt))));
        }).onFailure(answer::tryFail);
    }

    /**
     * At most {@link #EXCERPT_LIMIT} characters of the body read so far, as text any database stores: undecodable
     * bytes (a cut multi-byte character) are dropped, control characters other than tab and line breaks become
     * {@code ?}.
     */
    static String excerpt(Buffer bytes) {
        if (bytes.length() == 0) {
            return null;
        }
        String text = new String(bytes.getBytes(), StandardCharsets.UTF_8).replace("\uFFFD", "");
        StringBuilder out = new StringBuilder(Math.min(text.length(), EXCERPT_LIMIT));
        for (int i = 0; i < text.length() && out.length() < EXCERPT_LIMIT; i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
            if (Character.isHighSurrogate(c) && out.length() == EXCERPT_LIMIT - 1) {
                break;
            }
            out.append(control ? '?' : c);
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
