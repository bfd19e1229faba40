package dev.merchantry.platform.auth;

import dev.merchantry.platform.http.ApiException;
import dev.merchantry.platform.http.Problems;
import dev.merchantry.platform.storage.Credential;
import dev.merchantry.platform.storage.CredentialRepository;
import dev.merchantry.platform.storage.User;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves the caller of every {@code /api} request to a {@link Principal} (stored in the routing context under
 * {@link #PRINCIPAL}): an {@code Authorization: Bearer} admin token, shop API key or console session token, or the
 * console's HttpOnly session cookie. Known API keys are cached by hash; sessions are cached for at most
 * {@link #SESSION_CACHE_MILLIS}, so a logout or user change on another node takes effect within that time.
 * Database lookups run on a worker thread.
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
    private static final int MAX_CACHE = 10_000;

    private record CachedSession(Principal principal, long expiresAt, long cachedAt) {
    }

    private final Vertx vertx;
    private final CredentialRepository credentials;
    private final Accounts accounts;
    private final ConcurrentMap<String, Principal> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CachedSession> sessions = new ConcurrentHashMap<>();

    public Authenticator(Vertx vertx, CredentialRepository credentials) {
        this(vertx, credentials, null);
    }

    /** With {@code accounts}, console sessions are accepted too. */
    public Authenticator(Vertx vertx, CredentialRepository credentials, Accounts accounts) {
        this.vertx = vertx;
        this.credentials = credentials;
        this.accounts = accounts;
    }

    /** Creates a credential for a new token and returns the token (the only time it exists in clear). */
    public String issue(Credential.Role role, String shopId, String label) {
        String token = Tokens.generate(role == Credential.Role.ADMIN ? Tokens.ADMIN_PREFIX : Tokens.SHOP_PREFIX);
        credentials.add(new Credential(Tokens.hash(token), role, shopId, label, Instant.now()));
        return token;
    }

    /** Drops cached principals, e.g. after credentials were revoked or users changed. */
    public void invalidate() {
        cache.clear();
        sessions.clear();
    }

    /** Forgets one session at once on this node (logout). */
    public void forgetSession(String tokenHash) {
        sessions.remove(tokenHash);
    }

    public static Principal principal(RoutingContext ctx) {
        Principal p = ctx.get(PRINCIPAL);
        if (p == null) {
            throw new ApiException(401, "authentication required");
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
            Problems.send(ctx, new ApiException(401, "missing bearer token: send 'Authorization: Bearer <admin token"
                    + " or shop API key>', or log in with POST /api/v1/sessions"));
            return;
        }
        HttpMethod method = ctx.request().method();
        if (fromCookie && method != HttpMethod.GET && method != HttpMethod.HEAD
                && !CSRF_VALUE.equals(ctx.request().getHeader(CSRF_HEADER))) {
            Problems.send(ctx, ApiException.forbidden("requests authenticated by the session cookie that change"
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
                Problems.send(ctx, new ApiException(401, "session expired or logged out; log in again"));
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
        Principal cached = cache.get(hash);
        if (cached != null) {
            accept(ctx, cached, null);
            return;
        }
        vertx.executeBlocking(() -> credentials.findByHash(hash)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Optional<Credential> found = ar.result();
            if (found.isEmpty()) {
                Problems.send(ctx, new ApiException(401, "unknown or revoked token"));
                return;
            }
            Credential c = found.get();
            Principal principal = new Principal(c.role(), c.shopId(), c.label());
            if (cache.size() < MAX_CACHE) {
                cache.put(hash, principal);
            }
            accept(ctx, principal, null);
        });
    }

    private static void accept(RoutingContext ctx, Principal principal, String sessionHash) {
        ctx.put(PRINCIPAL, principal);
        if (sessionHash != null) {
            ctx.put(SESSION_HASH, sessionHash);
        }
        ctx.next();
    }
}
