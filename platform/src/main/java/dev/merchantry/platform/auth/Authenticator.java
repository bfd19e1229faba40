package dev.merchantry.platform.auth;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Credential;
import dev.merchantry.platform.storage.CredentialRepository;
import dev.merchantry.platform.storage.User;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resolves a caller's token — admin token, shop API key or console session token, given as its SHA-256
 * ({@link Tokens#hash}) — to a {@link Principal}, or fails with {@link ServiceException.Kind#UNAUTHENTICATED}.
 * Database lookups run on a worker thread; {@code http.AuthenticationHandler} reads the token from the request.
 *
 * <p>Caches, both bounded to {@value #MAX_CACHE} entries: API keys for at most {@link #KEY_CACHE_MILLIS}, and a
 * revoked key is dropped at once on every node ({@link Addresses#KEY_REVOKED}, published by {@link ApiKeys}; the
 * time limit is the backstop should a notification be lost); sessions for at most {@link #SESSION_CACHE_MILLIS},
 * so a logout or user change on another node takes effect within that time. A key's {@code last_used_at} is
 * written at most once per {@link #TOUCH_MILLIS} per node.
 */
public final class Authenticator {

    static final long SESSION_CACHE_MILLIS = 30_000;
    static final long KEY_CACHE_MILLIS = 10_000;
    static final long TOUCH_MILLIS = 60_000;
    static final int MAX_CACHE = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private record CachedSession(Principal principal, long expiresAt, long cachedAt) {
    }

    /** A known token; {@code lastTouched} is when this node last recorded the key's use (or the stored value). */
    private record CachedToken(Principal principal, long cachedAt, AtomicLong lastTouched) {
    }

    private final Vertx vertx;
    private final CredentialRepository credentials;
    private final Accounts accounts;
    private final ConcurrentMap<String, CachedToken> tokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CachedSession> sessions = new ConcurrentHashMap<>();
    /** Bumped on every revocation, so a lookup that raced with one never caches the revoked key. */
    private final AtomicLong revocations = new AtomicLong();

    public Authenticator(Vertx vertx, CredentialRepository credentials) {
        this(vertx, credentials, null);
    }

    /** With {@code accounts}, console sessions are accepted too. */
    public Authenticator(Vertx vertx, CredentialRepository credentials, Accounts accounts) {
        this.vertx = vertx;
        this.credentials = credentials;
        this.accounts = accounts;
        vertx.eventBus().<JsonObject>consumer(Addresses.KEY_REVOKED, msg -> forgetKey(msg.body().getString("key_id")));
    }

    /** Drops cached principals, e.g. after users changed. */
    public void invalidate() {
        revocations.incrementAndGet();
        tokens.clear();
        sessions.clear();
    }

    /** Forgets one API key at once on this node (it was revoked here or on another node). */
    public void forgetKey(String keyId) {
        if (keyId == null) {
            return;
        }
        revocations.incrementAndGet();
        tokens.values().removeIf(cached -> keyId.equals(cached.principal().keyId()));
    }

    /** Forgets one session at once on this node (logout). */
    public void forgetSession(String tokenHash) {
        sessions.remove(tokenHash);
    }

    /** The principal of a console user's session. */
    public static Principal principal(User user) {
        return Principal.user(user.email(), user.admin(), new HashSet<>(user.shops()));
    }

    /** Whether console sessions are accepted (this authenticator was given the accounts). */
    public boolean acceptsSessions() {
        return accounts != null;
    }

    /**
     * The user behind a console session token's hash; fails {@code UNAUTHENTICATED} when the session expired or
     * was logged out. Completes on the caller's context; at once when the session is cached.
     */
    public Future<Principal> session(String hash) {
        long now = System.currentTimeMillis();
        CachedSession cached = sessions.get(hash);
        if (cached != null && now < cached.expiresAt() && now - cached.cachedAt() < SESSION_CACHE_MILLIS) {
            return Future.succeededFuture(cached.principal());
        }
        return vertx.executeBlocking(() -> accounts.session(hash)).map(result -> {
            if (result.isEmpty()) {
                sessions.remove(hash);
                throw ServiceException.unauthenticated("session expired or logged out; log in again");
            }
            var found = result.get();
            Principal principal = principal(found.user());
            if (sessions.size() >= MAX_CACHE) {
                sessions.clear();
            }
            sessions.put(hash, new CachedSession(principal, found.session().expiresAt().toEpochMilli(),
                    System.currentTimeMillis()));
            return principal;
        });
    }

    /**
     * The holder of an admin token or shop API key, by the token's hash; fails {@code UNAUTHENTICATED} when it is
     * unknown or revoked. Records the key's use. Completes on the caller's context; at once when the key is cached.
     */
    public Future<Principal> token(String hash) {
        long now = System.currentTimeMillis();
        CachedToken cached = tokens.get(hash);
        if (cached != null && now - cached.cachedAt() < KEY_CACHE_MILLIS) {
            touch(cached, now);
            return Future.succeededFuture(cached.principal());
        }
        long generation = revocations.get();
        return vertx.executeBlocking(() -> credentials.findByHash(hash)).map(found -> {
            if (found.isEmpty()) {
                tokens.remove(hash);
                throw ServiceException.unauthenticated("unknown or revoked token");
            }
            Credential c = found.get();
            Principal principal = Principal.of(c);
            CachedToken entry = new CachedToken(principal, System.currentTimeMillis(),
                    new AtomicLong(c.lastUsedAt() == null ? 0 : c.lastUsedAt().toEpochMilli()));
            if (revocations.get() == generation) {
                cache(hash, entry);
            }
            touch(entry, System.currentTimeMillis());
            return principal;
        });
    }

    private void cache(String hash, CachedToken entry) {
        if (tokens.size() >= MAX_CACHE) {
            long now = System.currentTimeMillis();
            tokens.values().removeIf(t -> now - t.cachedAt() >= KEY_CACHE_MILLIS);
            if (tokens.size() >= MAX_CACHE) {
                tokens.clear();
            }
        }
        tokens.put(hash, entry);
    }

    /** Records the key's use in the database, at most once per {@link #TOUCH_MILLIS} (fire and forget). */
    private void touch(CachedToken entry, long now) {
        String id = entry.principal().keyId();
        long last = entry.lastTouched().get();
        if (id == null || now - last < TOUCH_MILLIS || !entry.lastTouched().compareAndSet(last, now)) {
            return;
        }
        vertx.executeBlocking(() -> {
            credentials.touch(id, Instant.ofEpochMilli(now), Instant.ofEpochMilli(now - TOUCH_MILLIS));
            return null;
        }, false).onFailure(e -> LOG.debug("could not record the use of API key {}: {}", id, e.getMessage()));
    }
}
