package dev.merchantry.platform.auth;

import dev.merchantry.platform.http.Problems;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Credential;
import dev.merchantry.platform.storage.CredentialRepository;
import dev.merchantry.platform.storage.User;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resolves the caller of every {@code /api} request to a {@link Principal} (stored in the routing context under
 * {@link #PRINCIPAL}): an {@code Authorization: Bearer} admin token, shop API key or console session token, or the
 * console's HttpOnly session cookie. Database lookups run on a worker thread.
 *
 * <p>Caches, both bounded to {@value #MAX_CACHE} entries: API keys for at most {@link #KEY_CACHE_MILLIS}, and a
 * revoked key is dropped at once on every node ({@link Addresses#KEY_REVOKED}, published by {@link ApiKeys}; the
 * time limit is the backstop should a notification be lost); sessions for at most {@link #SESSION_CACHE_MILLIS},
 * so a logout or user change on another node takes effect within that time. A key's {@code last_used_at} is
 * written at most once per {@link #TOUCH_MILLIS} per node.
 *
 * <p>Requests authenticated by the cookie that change state must carry {@code X-Requested-With:
 * merchantry-console}: a cross-site form cannot send that header, and a cross-site script cannot either without a
 * CORS preflight that this server never grants (CSRF protection on top of {@code SameSite=Strict}).
 */
public final class Authenticator implements Handler<RoutingContext> {

    public static final String PRINCIPAL = "merchantry.principal";
    /** Routing-context key of the SHA-256 of the session token used (logout deletes that session). */
    public static final String SESSION_HASH = "merchantry.session";
    public static final String SESSION_COOKIE = "merchantry_session";
    public static final String CSRF_HEADER = "X-Requested-With";
    public static final String CSRF_VALUE = "merchantry-console";
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

    public static Principal principal(RoutingContext ctx) {
        Principal p = ctx.get(PRINCIPAL);
        if (p == null) {
            throw ServiceException.unauthenticated("authentication required");
        }
        return p;
    }

    /** The principal of a console user's session. */
    public static Principal principal(User user) {
        return Principal.user(user.email(), user.admin(), new HashSet<>(user.shops()));
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String token = null;
        boolean fromCookie = false;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
            token = header.substring(7).trim();
        } else if (header == null && accounts != null) {
            Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
            if (cookie != null && !cookie.getValue().isBlank()) {
                token = cookie.getValue();
                fromCookie = true;
            }
        }
        if (token == null) {
            Problems.send(ctx, ServiceException.unauthenticated("missing bearer token: send 'Authorization: Bearer <admin token"
                    + " or shop API key>', or log in with POST /api/v1/sessions"));
            return;
        }
        HttpMethod method = ctx.request().method();
        if (fromCookie && method != HttpMethod.GET && method != HttpMethod.HEAD
                && !CSRF_VALUE.equals(ctx.request().getHeader(CSRF_HEADER))) {
            Problems.send(ctx, ServiceException.forbidden("requests authenticated by the session cookie that change"
                    + " state must send the header '" + CSRF_HEADER + ": " + CSRF_VALUE + "'"));
            return;
        }
        String hash = Tokens.hash(token);
        if (accounts != null && token.startsWith(Accounts.SESSION_PREFIX)) {
            authenticateSession(ctx, hash);
        } else {
            authenticateToken(ctx, hash);
        }
    }

    private void authenticateSession(RoutingContext ctx, String hash) {
        long now = System.currentTimeMillis();
        CachedSession cached = sessions.get(hash);
        if (cached != null && now < cached.expiresAt() && now - cached.cachedAt() < SESSION_CACHE_MILLIS) {
            accept(ctx, cached.principal(), hash);
            return;
        }
        vertx.executeBlocking(() -> accounts.session(hash)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            if (ar.result().isEmpty()) {
                sessions.remove(hash);
                Problems.send(ctx, ServiceException.unauthenticated("session expired or logged out; log in again"));
                return;
            }
            var found = ar.result().get();
            Principal principal = principal(found.user());
            if (sessions.size() >= MAX_CACHE) {
                sessions.clear();
            }
            sessions.put(hash, new CachedSession(principal, found.session().expiresAt().toEpochMilli(),
                    System.currentTimeMillis()));
            accept(ctx, principal, hash);
        });
    }

    private void authenticateToken(RoutingContext ctx, String hash) {
        long now = System.currentTimeMillis();
        CachedToken cached = tokens.get(hash);
        if (cached != null && now - cached.cachedAt() < KEY_CACHE_MILLIS) {
            touch(cached, now);
            accept(ctx, cached.principal(), null);
            return;
        }
        long generation = revocations.get();
        vertx.executeBlocking(() -> credentials.findByHash(hash)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Optional<Credential> found = ar.result();
            if (found.isEmpty()) {
                tokens.remove(hash);
                Problems.send(ctx, ServiceException.unauthenticated("unknown or revoked token"));
                return;
            }
            Credential c = found.get();
            Principal principal = Principal.of(c);
            CachedToken entry = new CachedToken(principal, System.currentTimeMillis(),
                    new AtomicLong(c.lastUsedAt() == null ? 0 : c.lastUsedAt().toEpochMilli()));
            if (revocations.get() == generation) {
                cache(hash, entry);
            }
            touch(entry, System.currentTimeMillis());
            accept(ctx, principal, null);
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

    private static void accept(RoutingContext ctx, Principal principal, String sessionHash) {
        ctx.put(PRINCIPAL, principal);
        if (sessionHash != null) {
            ctx.put(SESSION_HASH, sessionHash);
        }
        ctx.next();
    }
}
