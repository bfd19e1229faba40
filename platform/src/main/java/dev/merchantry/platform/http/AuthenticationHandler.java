package dev.merchantry.platform.http;

import dev.merchantry.platform.auth.Accounts;
import dev.merchantry.platform.auth.Authenticator;
import dev.merchantry.platform.auth.Principal;
import dev.merchantry.platform.auth.Tokens;
import dev.merchantry.platform.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Settles who calls an {@code /api} request from its headers and stores the {@link Principal} in the routing context
 * under {@link #PRINCIPAL}: an {@code Authorization: Bearer} admin token, shop API key or console session token, or
 * the console's HttpOnly session cookie, resolved by the {@link Authenticator}. A request without a valid credential
 * is answered 401 at once.
 *
 * <p>Requests authenticated by the cookie that change state must carry {@code X-Requested-With:
 * merchantry-console}: a cross-site form cannot send that header, and a cross-site script cannot either without a
 * CORS preflight that this server never grants (CSRF protection on top of {@code SameSite=Strict}).
 */
final class AuthenticationHandler implements Handler<RoutingContext> {

    static final String PRINCIPAL = "merchantry.principal";
    /** Routing-context key of the SHA-256 of the session token used (logout deletes that session). */
    static final String SESSION_HASH = "merchantry.session";
    static final String SESSION_COOKIE = "merchantry_session";
    static final String CSRF_HEADER = "X-Requested-With";
    static final String CSRF_VALUE = "merchantry-console";

    private final Authenticator authenticator;

    AuthenticationHandler(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The caller of an authenticated request; 401 when the route does not authenticate. */
    static Principal principal(RoutingContext ctx) {
        Principal p = ctx.get(PRINCIPAL);
        if (p == null) {
            throw ServiceException.unauthenticated("authentication required");
        }
        return p;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String token = null;
        boolean fromCookie = false;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
            token = header.substring(7).trim();
        } else if (header == null && authenticator.acceptsSessions()) {
            Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
            if (cookie != null && !cookie.getValue().isBlank()) {
                token = cookie.getValue();
                fromCookie = true;
            }
        }
        if (token == null) {
            Problems.send(ctx, ServiceException.unauthenticated("missing bearer token: send 'Authorization: Bearer"
                    + " <admin token or shop API key>', or log in with POST /api/v1/sessions"));
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
        boolean session = authenticator.acceptsSessions() && token.startsWith(Accounts.SESSION_PREFIX);
        Future<Principal> principal = session ? authenticator.session(hash) : authenticator.token(hash);
        principal.onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof ServiceException refused) {
                    Problems.send(ctx, refused);
                } else {
                    ctx.fail(ar.cause());
                }
                return;
            }
            ctx.put(PRINCIPAL, ar.result());
            if (session) {
                ctx.put(SESSION_HASH, hash);
            }
            ctx.next();
        });
    }
}
