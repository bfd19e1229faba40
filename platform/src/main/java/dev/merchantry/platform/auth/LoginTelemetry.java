package dev.merchantry.platform.auth;

import dev.merchantry.platform.observability.EventLog;
import dev.merchantry.platform.storage.User;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Records every console login attempt: one {@link EventLog} line (logger
 * {@code dev.merchantry.platform.auth.LoginTelemetry}) and {@value #LOGINS}{@code {outcome}} with outcome
 * {@code succeeded}, {@code failed} or {@code throttled}. The email is never written: only {@link #emailHash} of it
 * (people type passwords into the email field); never the password, never the session token. Thread-safe.
 */
public final class LoginTelemetry {

    /** Micrometer name ({@code merchantry_logins_total} in Prometheus). */
    static final String LOGINS = "merchantry.logins";
    /** Hex digits of the email's SHA-256 kept in logs: enough to tell accounts apart, short to read. */
    static final int EMAIL_HASH_DIGITS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(LoginTelemetry.class);

    private final Counter succeeded;
    private final Counter failed;
    private final Counter throttled;

    public LoginTelemetry(MeterRegistry registry) {
        this.succeeded = counter(registry, "succeeded");
        this.failed = counter(registry, "failed");
        this.throttled = counter(registry, "throttled");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder(LOGINS).description("Console login attempts by outcome").tag("outcome", outcome)
                .register(registry);
    }

    /**
     * The first {@value #EMAIL_HASH_DIGITS} hex digits of the SHA-256 of the trimmed, lower-cased email: an operator
     * finds a user's lines with {@code printf '%s' alice@example.com | sha256sum | cut -c1-16}.
     */
    public static String emailHash(String email) {
        return Tokens.hash(email == null ? "" : Accounts.normalize(email)).substring(0, EMAIL_HASH_DIGITS);
    }

    /** The session exists. */
    void succeeded(String email, String address, User user) {
        succeeded.increment();
        EventLog.info(LOG, "login succeeded").with("email_hash", emailHash(email)).with("address", address)
                .with("admin", user.admin()).log();
    }

    /** Records a failed password check; a successful one is recorded by {@link #succeeded} once its session exists. */
    void checked(String email, String address, boolean known, boolean ok) {
        if (ok) {
            return;
        }
        failed.increment();
        EventLog.warn(LOG, "login failed").with("email_hash", emailHash(email)).with("address", address)
                .with("reason", known ? "wrong_password" : "unknown_email").log();
    }

    /** Records an attempt the rate limit refused (nothing is checked): {@code retryAfter} null when it allowed it. */
    void counted(String email, String address, Duration retryAfter, boolean allowed) {
        if (!allowed) {
            throttle(email, address, "rate_limit", retryAfter);
        }
    }

    /** A login refused because this node's login pool was full (nothing was counted or checked). */
    void busy(String email, String address, Duration retryAfter) {
        throttle(email, address, "busy", retryAfter);
    }

    private void throttle(String email, String address, String reason, Duration retryAfter) {
        throttled.increment();
        EventLog.warn(LOG, "login throttled").with("email_hash", emailHash(email)).with("address", address)
                .with("reason", reason).with("retry_after_s", retryAfter == null ? null : Accounts.seconds(retryAfter))
                .log();
    }
}
