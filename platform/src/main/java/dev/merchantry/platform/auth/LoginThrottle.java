package dev.merchantry.platform.auth;

import dev.merchantry.platform.storage.LoginAttemptRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Limits login attempts per account (whatever the client address) and per client address (across accounts, so one
 * address can neither guess one password nor spray many accounts): the attempts of the current window and the
 * previous one count together, so the limit holds over any window-long span (a fixed window alone would allow
 * twice the limit around a boundary — and made the limit depend on when an attack started).
 *
 * <p>An attempt is counted <em>before</em> its password is checked, with one atomic increment in the shared
 * database ({@link LoginAttemptRepository}): parallel attempts cannot slip past the limit, and the limits hold across
 * every node of a cluster and across restarts. The database rather than the cluster's shared data, because the
 * counts must also hold on a single node and a counter per window needs expiry, which a SQL {@code DELETE} gives
 * plainly. A successful attempt is taken back, so only failures (and attempts in flight) count.
 *
 * <p>A subject over its limit waits until the current window ends (up to two windows after its first failure).
 * Once a subject is over its limit, this node remembers it until the window ends and refuses further attempts
 * without touching the database. Blocking (JDBC): call off event loops. Thread-safe.
 */
public final class LoginThrottle {

    public static final int DEFAULT_PER_ACCOUNT = 5;
    public static final int DEFAULT_PER_ADDRESS = 30;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    /** Subjects remembered as blocked on this node; beyond that the expired ones go, then all. */
    private static final int MAX_BLOCKED = 100_000;
    /** Longer client addresses (IPv6 with a zone) are stored as their hash, within the column's width. */
    private static final int MAX_ADDRESS = 64;

    /** An attempt counted by {@link #acquire}; hand it back to {@link #succeeded}. */
    public record Attempt(String accountKey, String addressKey, Instant window) {
    }

    private final LoginAttemptRepository attempts;
    private final int perAccount;
    private final int perAddress;
    private final long windowMillis;
    /** Subject → end of the window (epoch ms) until which it is over its limit. */
    private final ConcurrentMap<String, Long> blocked = new ConcurrentHashMap<>();

    public LoginThrottle(LoginAttemptRepository attempts) {
        this(attempts, DEFAULT_PER_ACCOUNT, DEFAULT_PER_ADDRESS, DEFAULT_WINDOW);
    }

    public LoginThrottle(LoginAttemptRepository attempts, int perAccount, int perAddress, Duration window) {
        this.attempts = attempts;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.windowMillis = window.toMillis();
    }

    /**
     * Counts an attempt to log in to {@code email} from {@code address} at {@code nowMillis}. Answers the counted
     * attempt if it may go ahead, or how long to wait (until the window ends) if it exceeds a limit.
     */
    public Result acquire(String email, String address, long nowMillis) {
        long start = nowMillis - Math.floorMod(nowMillis, windowMillis);
        Duration wait = Duration.ofMillis(Math.max(1, start + windowMillis - nowMillis));
        String addressKey = "address:" + (address.length() > MAX_ADDRESS ? Tokens.hash(address) : address);
        // The email is stored as its hash: people type passwords into the email field.
        String accountKey = "account:" + Tokens.hash(email);
        if (isBlocked(addressKey, nowMillis) || isBlocked(accountKey, nowMillis)) {
            return new Result(null, wait);
        }
        Instant window = Instant.ofEpochMilli(start);
        Instant previous = Instant.ofEpochMilli(start - windowMillis);
        if (attempts.incrementWithPrevious(addressKey, window, previous) > perAddress) {
            block(addressKey, start + windowMillis, nowMillis);
            return new Result(null, wait);
        }
        if (attempts.incrementWithPrevious(accountKey, window, previous) > perAccount) {
            block(accountKey, start + windowMillis, nowMillis);
            return new Result(null, wait);
        }
        return new Result(new Attempt(accountKey, addressKey, window), null);
    }

    /** The attempt succeeded: it is no failure, so it stops counting against the account and the address. */
    public void succeeded(Attempt attempt) {
        attempts.decrement(attempt.accountKey(), attempt.window());
        attempts.decrement(attempt.addressKey(), attempt.window());
    }

    /** Deletes the counts no limit reads anymore (windows older than the previous one); returns how many. */
    public int purge(long nowMillis) {
        blocked.values().removeIf(until -> until <= nowMillis);
        // The current and the previous window count; anything that started before the previous one is done.
        return attempts.deleteBefore(Instant.ofEpochMilli(nowMillis - 2 * windowMillis + 1));
    }

    private boolean isBlocked(String key, long now) {
        Long until = blocked.get(key);
        return until != null && until > now;
    }

    private void block(String key, long until, long now) {
        if (blocked.size() >= MAX_BLOCKED) {
            blocked.values().removeIf(u -> u <= now);
            if (blocked.size() >= MAX_BLOCKED) {
                blocked.clear();
            }
        }
        blocked.put(key, until);
    }

    /** Either the counted {@code attempt} (go ahead) or how long to wait ({@code retryAfter}). */
    public record Result(Attempt attempt, Duration retryAfter) {
        public boolean allowed() {
            return attempt != null;
        }
    }
}
