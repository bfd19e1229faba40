package dev.merchantry.platform.auth;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Limits failed logins in a sliding window, per (email, client address) and per client address across emails (so
 * one address can neither guess one password nor spray many accounts). Kept in memory on each node: a cluster of
 * n nodes behind a balancer allows at most n times the limits. Thread-safe.
 */
public final class LoginThrottle {

    public static final int DEFAULT_PER_ACCOUNT = 5;
    public static final int DEFAULT_PER_ADDRESS = 30;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    private static final int MAX_KEYS = 100_000;

    private final int perAccount;
    private final int perAddress;
    private final long windowMillis;
    private final Map<String, Deque<Long>> failures = new HashMap<>();

    public LoginThrottle() {
        this(DEFAULT_PER_ACCOUNT, DEFAULT_PER_ADDRESS, DEFAULT_WINDOW);
    }

    public LoginThrottle(int perAccount, int perAddress, Duration window) {
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.windowMillis = window.toMillis();
    }

    /** Empty if a login attempt may go ahead at {@code nowMillis}, else how long to wait. */
    public synchronized Optional<Duration> check(String email, String address, long nowMillis) {
        long wait = Math.max(waitFor(accountKey(email, address), perAccount, nowMillis),
                waitFor(addressKey(address), perAddress, nowMillis));
        return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
    }

    public synchronized void failed(String email, String address, long nowMillis) {
        if (failures.size() >= MAX_KEYS) {
            prune(nowMillis);
        }
        failures.computeIfAbsent(accountKey(email, address), k -> new ArrayDeque<>()).addLast(nowMillis);
        failures.computeIfAbsent(addressKey(address), k -> new ArrayDeque<>()).addLast(nowMillis);
    }

    /** A successful login forgets the account's failures from that address (not the address's total). */
    public synchronized void succeeded(String email, String address) {
        failures.remove(accountKey(email, address));
    }

    private long waitFor(String key, int limit, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.pollFirst();
        }
        if (times.isEmpty()) {
            failures.remove(key);
            return 0;
        }
        if (times.size() < limit) {
            return 0;
        }
        // The window frees a slot when the oldest failure that still counts leaves it.
        long oldestCounting = times.stream().skip(times.size() - limit).findFirst().orElse(now);
        return Math.max(1, oldestCounting + windowMillis - now);
    }

    private void prune(long now) {
        for (Iterator<Deque<Long>> it = failures.values().iterator(); it.hasNext(); ) {
            Deque<Long> times = it.next();
            if (times.isEmpty() || times.peekLast() <= now - windowMillis) {
                it.remove();
            }
        }
    }

    private static String accountKey(String email, String address) {
        return "a|" + email + "|" + address;
    }

    private static String addressKey(String address) {
        return "i|" + address;
    }
}
