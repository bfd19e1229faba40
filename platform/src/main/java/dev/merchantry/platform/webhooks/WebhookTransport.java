package dev.merchantry.platform.webhooks;

import io.vertx.core.Future;

import java.net.InetAddress;
import java.net.URI;
import java.util.Map;

/**
 * Sends one delivery over HTTP: a POST of {@code body} to {@code url}, connecting to {@code address} — the address
 * the dispatcher resolved and checked, so a DNS answer that changes between the check and the connection (DNS
 * rebinding) cannot redirect it — with the URL's host as Host header and TLS server name. Redirects are not
 * followed. Implemented by the HTTP adapter; tests give fakes.
 */
public interface WebhookTransport {

    /** One POST; {@code headers} besides Content-Type and Host. */
    record Request(URI url, InetAddress address, Map<String, String> headers, byte[] body) {
    }

    /** The receiver's status and at most the first {@code excerptLimit} characters of its body. */
    record Response(int status, String excerpt) {
    }

    /** The longest excerpt of a response body kept in the delivery log. */
    int EXCERPT_LIMIT = 500;

    /**
     * The receiver's answer, or a failure (connection refused or reset, timeout, TLS) whose message says what
     * happened, for the delivery log.
     */
    Future<Response> post(Request request);

    /** Releases connections; called once at the node's stop. */
    void close();
}
