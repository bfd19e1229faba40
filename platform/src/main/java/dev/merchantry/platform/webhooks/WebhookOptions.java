package dev.merchantry.platform.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;

/**
 * How a node delivers webhooks ({@code serve --allow-private-webhooks}, {@code --webhook-first-retry-ms},
 * {@code --webhook-ca-file}). Every node of a cluster should use the same values.
 */
public final class WebhookOptions {

    /** Delay before the first retry; each further retry waits twice as long, up to {@link #DEFAULT_MAX_RETRY_DELAY}. */
    public static final Duration DEFAULT_FIRST_RETRY_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofHours(1);
    /** How long a delivery is retried before it is marked failed. */
    public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofHours(24);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Longest a whole attempt may take once connected (request sent, status and a bounded excerpt read). */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(15);
    /** Attempts in flight on one node at most. */
    public static final int DEFAULT_CONCURRENCY = 16;
    /** How often a node looks for due deliveries (new ones are also picked up at once on the node that wrote them). */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Delivered and failed deliveries stay in the log this long. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private boolean allowPrivateTargets;
    private Duration firstRetryDelay = DEFAULT_FIRST_RETRY_DELAY;
    private Duration maxRetryDelay = DEFAULT_MAX_RETRY_DELAY;
    private Duration retryWindow = DEFAULT_RETRY_WINDOW;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration retention = DEFAULT_RETENTION;
    private Path trustedCertificates;

    public WebhookOptions() {
    }

    /**
     * Whether webhook URLs may point at loopback, private (RFC 1918, unique-local, shared address space) and
     * link-local addresses: off by default, since a webhook URL is an address the node itself will call
     * (server-side request forgery); on for tests and single-tenant set-ups whose receivers live on the local network.
     */
    public boolean allowPrivateTargets() {
        return allowPrivateTargets;
    }

    public WebhookOptions setAllowPrivateTargets(boolean allow) {
        this.allowPrivateTargets = allow;
        return this;
    }

    public Duration firstRetryDelay() {
        return firstRetryDelay;
    }

    public WebhookOptions setFirstRetryDelay(Duration delay) {
        this.firstRetryDelay = delay;
        return this;
    }

    public Duration maxRetryDelay() {
        return maxRetryDelay;
    }

    public WebhookOptions setMaxRetryDelay(Duration delay) {
        this.maxRetryDelay = delay;
        return this;
    }

    public Duration retryWindow() {
        return retryWindow;
    }

    public WebhookOptions setRetryWindow(Duration window) {
        this.retryWindow = window;
        return this;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public WebhookOptions setConnectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    public WebhookOptions setResponseTimeout(Duration timeout) {
        this.responseTimeout = timeout;
        return this;
    }

    public int concurrency() {
        return concurrency;
    }

    public WebhookOptions setConcurrency(int concurrency) {
        this.concurrency = concurrency;
        return this;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public WebhookOptions setPollInterval(Duration interval) {
        this.pollInterval = interval;
        return this;
    }

    public Duration retention() {
        return retention;
    }

    public WebhookOptions setRetention(Duration retention) {
        this.retention = retention;
        return this;
    }

    /**
     * The PEM file of the certificates {@code https} receivers are verified against instead of the JVM's trusted
     * authorities (as curl's {@code --cacert} replaces its bundle), for receivers whose certificates an internal
     * authority issued; null verifies them against the JVM's authorities.
     */
    public Path trustedCertificates() {
        return trustedCertificates;
    }

    /**
     * Verifies {@code https} receivers against the certificates in {@code pemFile} (see {@link #trustedCertificates});
     * throws IllegalArgumentException saying what is wrong when the file cannot be read or holds no certificate.
     */
    public WebhookOptions setTrustedCertificates(Path pemFile) {
        if (pemFile != null) {
            int count = certificatesIn(pemFile);
            if (count == 0) {
                throw new IllegalArgumentException(pemFile + ": holds no PEM certificate");
            }
        }
        this.trustedCertificates = pemFile;
        return this;
    }

    private static int certificatesIn(Path pemFile) {
        if (!Files.isRegularFile(pemFile)) {
            throw new IllegalArgumentException(pemFile + ": no such file");
        }
        try (InputStream in = Files.newInputStream(pemFile)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).size();
        } catch (IOException e) {
            throw new IllegalArgumentException(pemFile + ": cannot be read (" + e.getMessage() + ")");
        } catch (CertificateException e) {
            throw new IllegalArgumentException(pemFile + ": not a PEM certificate file (" + e.getMessage() + ")");
        }
    }

    /**
     * How long a node holds a delivery it attempts: the longest an attempt can take (DNS, connect, response) with a
     * wide margin. A node that dies mid-attempt leaves the delivery to the others once this has passed.
     */
    public Duration lease() {
        return connectTimeout.plus(responseTimeout).multipliedBy(4);
    }

    /** Throws IllegalArgumentException naming the option when the values cannot work. */
    public WebhookOptions validate() {
        positive("first retry delay", firstRetryDelay);
        positive("retry window", retryWindow);
        positive("connect timeout", connectTimeout);
        positive("response timeout", responseTimeout);
        positive("poll interval", pollInterval);
        positive("retention", retention);
        if (maxRetryDelay.compareTo(firstRetryDelay) < 0) {
            throw new IllegalArgumentException("webhook max retry delay (" + maxRetryDelay.toMillis()
                    + " ms) must be at least the first retry delay (" + firstRetryDelay.toMillis() + " ms)");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("webhook concurrency must be at least 1, got " + concurrency);
        }
        return this;
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("webhook " + what + " must be positive, got " + d);
        }
    }
}
