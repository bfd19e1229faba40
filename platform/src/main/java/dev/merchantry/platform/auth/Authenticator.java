package dev.merchantry.platform.auth;

import dev.merchantry.platform.http.ApiException;
import dev.merchantry.platform.http.Problems;
import dev.merchantry.platform.storage.Credential;
import dev.merchantry.platform.storage.CredentialRepository;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves the {@code Authorization: Bearer} token of every {@code /api} request to a {@link Principal}
 * (stored in the routing context under {@link #PRINCIPAL}). Known tokens are cached by hash; unknown ones hit the
 * database on a worker thread.
 */
public final class Authenticator implements Handler<RoutingContext> {

    public static final String PRINCIPAL = "merchantry.principal";
    private static final int MAX_CACHE = 10_000;

    private final Vertx vertx;
    private final CredentialRepository credentials;
    private final ConcurrentMap<String, Principal> cache = new ConcurrentHashMap<>();

    public Authenticator(Vertx vertx, CredentialRepository credentials) {
        this.vertx = vertx;
        this.credentials = credentials;
    }

    /** Creates a credential for a new token and returns the token (the only time it exists in clear). */
    public String issue(Credential.Role role, String shopId, String label) {
        String token = Tokens.generate(role == Credential.Role.ADMIN ? Tokens.ADMIN_PREFIX : Tokens.SHOP_PREFIX);
        credentials.add(new Credential(Tokens.hash(token), role, shopId, label, Instant.now()));
        return token;
    }

    /** Drops cached principals, e.g. after credentials were revoked. */
    public void invalidate() {
        cache.clear();
    }

    public static Principal principal(RoutingContext ctx) {
        Principal p = ctx.get(PRINCIPAL);
        if (p == null) {
            throw new ApiException(401, "authentication required");
        }
        return p;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            Problems.send(ctx, new ApiException(401,
                    "missing bearer token: send 'Authorization: Bearer <admin token or shop API key>'"));
            return;
        }
        String hash = Tokens.hash(header.substring(7).trim());
        Principal cached = cache.get(hash);
        if (cached != null) {
            ctx.put(PRINCIPAL, cached);
            ctx.next();
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
            ctx.put(PRINCIPAL, principal);
            ctx.next();
        });
    }
}
