package dev.merchantry.platform.http;

import dev.merchantry.platform.auth.Accounts;
import dev.merchantry.platform.auth.Authenticator;
import dev.merchantry.platform.auth.Principal;
import dev.merchantry.platform.http.ApiRoutes.Access;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Console logins: {@code POST /api/v1/sessions} checks email and password (rate-limited) and answers a session
 * token, also set as an HttpOnly cookie; {@code DELETE /api/v1/sessions/current} logs out; {@code GET
 * /api/v1/me} tells any caller who it is and which shops it reaches.
 */
public final class SessionResource {

    private final Vertx vertx;
    private final Accounts accounts;
    private final Authenticator authenticator;

    public SessionResource(Vertx vertx, Accounts accounts, Authenticator authenticator) {
        this.vertx = vertx;
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/sessions", Access.PUBLIC,
                "Log in with email and password; answers a session token (also set as the HttpOnly cookie "
                        + Authenticator.SESSION_COOKIE + "). Failed logins are limited per email and address (429)")
                        .tag("accounts").success(201).body("{\"email\": string, \"password\": string}"),
                this::login);
        routes.handle(ApiRoutes.op(HttpMethod.DELETE, "/api/v1/sessions/current", Access.AUTHENTICATED,
                "Log out: ends the session used for this request and clears the cookie").tag("accounts").success(204),
                ctx -> {
                    String hash = ctx.get(Authenticator.SESSION_HASH);
                    if (hash == null) {
                        throw ApiException.badRequest("this request was not made with a session; tokens and API keys"
                                + " have no logout");
                    }
                    return vertx.executeBlocking(() -> {
                        accounts.logout(hash);
                        return Reply.noContent();
                    }).map(reply -> {
                        authenticator.forgetSession(hash);
                        ctx.response().addCookie(sessionCookie(ctx, "", 0));
                        return reply;
                    });
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/me", Access.AUTHENTICATED,
                "Who is calling: kind (user, admin_token, api_key), email, admin, shops").tag("accounts"),
                ctx -> Future.succeededFuture(Reply.ok(me(Authenticator.principal(ctx)))));
    }

    private Future<Reply> login(RoutingContext ctx) {
        JsonObject body = Bodies.object(ctx, "password");
        String email = Bodies.requiredString(body, "email");
        String password = Bodies.requiredString(body, "password");
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
        return vertx.<Accounts.Login>executeBlocking(() -> accounts.login(email, password, address), false)
                .recover(failure -> {
                    if (failure instanceof Accounts.TooManyAttempts tooMany) {
                        ctx.response().putHeader("Retry-After",
                                Long.toString(Math.max(1, (tooMany.retryAfter().toMillis() + 999) / 1000)));
                    }
                    return Future.failedFuture(failure);
                })
                .map(login -> {
                    long maxAge = Accounts.SESSION_LIFETIME.toSeconds();
                    ctx.response().addCookie(sessionCookie(ctx, login.token(), maxAge));
                    return Reply.created(new JsonObject().put("token", login.token())
                            .put("expires_at", login.expiresAt().toString())
                            .put("user", UserResource.toJson(login.user())));
                });
    }

    private static Cookie sessionCookie(RoutingContext ctx, String value, long maxAgeSeconds) {
        boolean https = ctx.request().isSSL()
                || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
        return Cookie.cookie(Authenticator.SESSION_COOKIE, value).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(https).setMaxAge(maxAgeSeconds);
    }

    static JsonObject me(Principal p) {
        String kind = p.isUser() ? "user" : p.isAdmin() ? "admin_token" : "api_key";
        return new JsonObject().put("kind", kind).put("email", p.email()).put("admin", p.isAdmin())
                .put("shops", p.isAdmin() ? null : new JsonArray(p.shops().stream().sorted().toList()))
                .put("actor", p.actor());
    }
}
