package dev.merchantry.platform.http;

import dev.merchantry.platform.auth.ApiKeys;
import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.observability.EventLog;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.storage.Credential;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/shops/{shop}/keys}: a shop's API keys with their scopes — create (the key is shown once), list
 * (no secrets), revoke (on every node within a second). Managed by the admin, the shop's console users and the
 * shop's {@code manage} keys; every route here needs the {@code manage} scope. Creations and revocations are logged
 * with their actor (never the key itself).
 */
public final class KeyResource {

    private static final Logger LOG = LoggerFactory.getLogger(KeyResource.class);

    private static final String BASE = "/api/v1/shops/:shop/keys";

    /** An API key without its secret. */
    static final Schema KEY = Schema.object("ApiKey")
            .required("id", Schema.string())
            .required("name", Schema.string())
            .required("scopes", Schema.array(Schema.enumOf("read", "ingest", "manage")))
            .required("created_at", Schema.dateTime())
            .required("last_used_at", Schema.dateTime().nullable());

    private final ApiKeys keys;

    public KeyResource(ApiKeys keys) {
        this.keys = keys;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.POST, BASE, Access.SHOP,
                "Create an API key with scopes (read: GET routes; ingest: also write events, products, inventory and"
                        + " imports; manage: everything the shop may do). The reply holds the key, shown only this once")
                        .tag("shops").success(201).body(ApiKeys.CREATE_REQUEST)
                        .response(KEY.named("CreatedApiKey")
                                .required("key", Schema.string().doc("the key, shown only this once")))
                        .scope(Credential.Scope.MANAGE),
                ctx -> keys.create(ctx.pathParam("shop"), Bodies.object(ctx)).map(created -> {
                    logCreated(created.key(), AuthenticationHandler.principal(ctx).actor());
                    return Reply.created(toJson(created.key()).put("key", created.token()));
                }));
        routes.handle(ApiRoutes.op(HttpMethod.GET, BASE, Access.SHOP,
                "The shop's API keys, oldest first: id, name, scopes, created_at, last_used_at (never the key)")
                        .tag("shops").scope(Credential.Scope.MANAGE)
                        .response(Schema.object().required("keys", Schema.array(KEY))),
                ctx -> keys.list(ctx.pathParam("shop")).map(list -> {
                    JsonArray out = new JsonArray();
                    list.forEach(k -> out.add(toJson(k)));
                    return Reply.ok(new JsonObject().put("keys", out));
                }));
        routes.handle(ApiRoutes.op(HttpMethod.DELETE, BASE + "/:id", Access.SHOP,
                "Revoke an API key: every node refuses it (401) within a second").tag("shops").success(204)
                        .scope(Credential.Scope.MANAGE),
                ctx -> keys.revoke(ctx.pathParam("shop"), ctx.pathParam("id")).map(v -> {
                    EventLog.info(LOG, "key revoked").with("shop", ctx.pathParam("shop"))
                            .with("key_id", ctx.pathParam("id")).with("actor", AuthenticationHandler.principal(ctx).actor())
                            .log();
                    return Reply.noContent();
                }));
    }

    /** Logs a new key of a shop: its id, name and scopes, never the key. */
    static void logCreated(Credential key, String actor) {
        EventLog.info(LOG, "key created").with("shop", key.shopId()).with("key_id", key.id()).with("name", key.label())
                .with("scopes", String.join(",", key.scopes().stream().sorted().map(Credential.Scope::wireName)
                        .toList())).with("actor", actor).log();
    }

    static JsonObject toJson(Credential key) {
        return new JsonObject().put("id", key.id()).put("name", key.label())
                .put("scopes", new JsonArray(key.scopes().stream().sorted().map(Credential.Scope::wireName).toList()))
                .put("created_at", key.createdAt().toString())
                .put("last_used_at", key.lastUsedAt() == null ? null : key.lastUsedAt().toString());
    }
}
