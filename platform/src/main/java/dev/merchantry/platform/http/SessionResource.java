package dev.merchantry.platform.http;

import dev.merchantry.platform.auth.Accounts;
import dev.merchantry.platform.auth.Authenticator;
import dev.merchantry.platform.auth.LoginPool;
import dev.merchantry.platform.auth.Principal;
import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Credential;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Console logins: {@code POST /api/v1/sessions} checks email and password (JSON only, rate-limited, on the
 * {@link LoginPool}) and answers a session token, also set as an HttpOnly cookie; {@code DELETE /api/v1/sessions/current} logs out; {@code GET
 * /api/v1/me} tells any caller who it is and which shops it reaches.
 */
public final class SessionResource {

    private final Vertx vertx;
    private final Accounts accounts;
    private final Authenticator authenticator;
    private final LoginPool logins;

    /** Logins run on a {@link LoginPool} of default size. */
    public SessionResource(Vertx vertx, Accounts accounts, Authenticator authenticator) {
        this(vertx, accounts, authenticator, new LoginPool(vertx));
    }

    public SessionResource(Vertx vertx, Accounts accounts, Authenticator authenticator, LoginPool logins) {
        this.vertx = vertx;
        this.accounts = accounts;
        this.authenticator = authenticator;
        this.logins = logins;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/sessions", Access.PUBLIC,
                "Log in with email and password (Content-Type: application/json only); answers a session token"
                        + " (also set as the HttpOnly cookie " + AuthenticationHandler.SESSION_COOKIE + "). Attempts are"
                        + " limited per account and per client address across the cluster (429 with Retry-After)")
                        .tag("accounts").success(201)
                        .body(Schema.object().required("email", Schema.string()).required("password", Schema.string()))
                        .response(Schema.object("Session")
                                .required("token", Schema.string().doc("send as Authorization: Bearer"))
                                .required("expires_at", Schema.dateTime())
                                .required("user", UserResource.USER)),
                this::login);
        routes.handle(ApiRoutes.op(HttpMethod.DELETE, "/api/v1/sessions/current", Access.AUTHENTICATED,
                "Log out: ends the session used for this request and clears the cookie").tag("accounts").success(204),
                ctx -> {
                    String hash = ctx.get(AuthenticationHandler.SESSION_HASH);
                    if (hash == null) {
                        throw ServiceException.malformed("this request was not made with a session; tokens and API keys"
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
                "Who is calling: kind (user, admin_token, api_key), email, admin, shops").tag("accounts")
                        .response(Schema.object("Caller")
                                .required("kind", Schema.enumOf("user", "admin_token", "api_key"))
                                .required("email", Schema.string().nullable())
                                .required("admin", Schema.bool())
                                .required("shops", Schema.array(Schema.string()).nullable().doc("null: every shop"))
                                .required("actor", Schema.string().doc("as change logs name the caller"))
                                .optional("key_id", Schema.string().doc("API keys only"))
                                .optional("scopes", Schema.array(Schema.enumOf("read", "ingest", "manage")))),
                ctx -> Future.succeededFuture(Reply.ok(me(AuthenticationHandler.principal(ctx)))));
    }

    private Future<Reply> login(RoutingContext ctx) {
        requireJson(ctx);
        JsonObject body = Bodies.object(ctx, "password");
        String email = Bodies.requiredString(body, "email");
        String password = Bodies.requiredString(body, "password");
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
        // A refusal by the rate limit carries its Retry-After, which Problems sends.
        return logins.submit(() -> accounts.login(email, password, address),
                        () -> accounts.refusedBusy(email, address))
                .map(login -> {
                    long maxAge = Accounts.SESSION_LIFETIME.toSeconds();
                    ctx.response().addCookie(sessionCookie(ctx, login.token(), maxAge));
                    return Reply.created(new JsonObject().put("token", login.token())
                            .put("expires_at", login.expiresAt().toString())
                            .put("user", UserResource.toJson(login.user())));
                });
    }

    /**
     * Only JSON logs in: an HTML form can send {@code text/plain}, {@code application/x-www-form-urlencoded} and
     * {@code multipart/form-data} across sites without a CORS preflight, which would let another site log a
     * visitor's browser in to an attacker's account (login CSRF).
     */
    private static void requireJson(RoutingContext ctx) {
        String header = ctx.request().getHeader("Content-Type");
        String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!type.equals("application/json")) {
            throw ServiceException.unsupportedType("log in with 'Content-Type: application/json' and a JSON body {email, password}"
                    + (header == null ? "; the request has no Content-Type" : "; got '" + type + "'"));
        }
    }

    private static Cookie sessionCookie(RoutingContext ctx, String value, long maxAgeSeconds) {
        boolean https = ctx.request().isSSL()
                || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
        return Cookie.cookie(AuthenticationHandler.SESSION_COOKIE, value).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(https).setMaxAge(maxAgeSeconds);
    }

    static JsonObject me(Principal p) {
        String kind = p.isUser() ? "user" : p.isAdmin() ? "admin_token" : "api_key";
        JsonObject me = new JsonObject().put("kind", kind).put("email", p.email()).put("admin", p.isAdmin())
                .put("shops", p.isAdmin() ? null : new JsonArray(p.shops().stream().sorted().toList()))
                .put("actor", p.actor());
        if (p.isApiKey()) {
            me.put("key_id", p.keyId()).put("scopes", new JsonArray(p.scopes().stream().sorted()
                    .map(Credential.Scope::wireName).toList()));
        }
        return me;
    }
}
