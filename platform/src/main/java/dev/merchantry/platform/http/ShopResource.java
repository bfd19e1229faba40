package dev.merchantry.platform.http;

import dev.merchantry.platform.auth.Principal;
import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.observability.EventLog;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.shops.Shops;
import dev.merchantry.platform.storage.Shop;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/shops}: admins create shops (receiving the shop's first API key once) and list them; the shop's
 * further keys are {@link KeyResource}'s.
 */
public final class ShopResource {

    private static final Logger LOG = LoggerFactory.getLogger(ShopResource.class);

    /** A shop. */
    static final Schema SHOP = Schema.object("Shop")
            .required("id", Schema.string().doc("slug, used in every shop path"))
            .required("name", Schema.string())
            .required("created_at", Schema.dateTime());

    /** {@code POST /api/v1/shops}'s body. */
    static final Schema CREATE = Schema.object()
            .optional("id", Schema.string().doc("slug; default: made from the name"))
            .required("name", Schema.string());

    private final Shops shops;

    public ShopResource(Shops shops) {
        this.shops = shops;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/shops", Access.ADMIN,
                "Create a shop; the reply holds its first API key (scope manage; api_key_id names it under"
                        + " /shops/{shop}/keys), shown only this once").tag("shops").success(201)
                        .body(CREATE)
                        .response(SHOP.named("CreatedShop")
                                .required("api_key", Schema.string().doc("the first API key, shown only this once"))
                                .required("api_key_id", Schema.string())),
                ctx -> {
                    JsonObject body = Bodies.object(ctx);
                    for (String field : body.fieldNames()) {
                        if (!CREATE.propertyNames().contains(field)) {
                            throw ServiceException.field(field, "unknown field; a shop has id and name");
                        }
                    }
                    String name = Bodies.requiredString(body, "name");
                    String id = Bodies.optionalString(body, "id").orElse(null);
                    return shops.create(id, name).map(created -> {
                        // The shop's first API key is created with it: logged by id, never the key.
                        EventLog.info(LOG, "shop created").with("shop", created.shop().id())
                                .with("key_id", created.apiKeyId()).with("actor", AuthenticationHandler.principal(ctx).actor())
                                .log();
                        return Reply.created(toJson(created.shop()).put("api_key", created.apiKey())
                                .put("api_key_id", created.apiKeyId()));
                    });
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops", Access.AUTHENTICATED,
                "List shops (a shop key sees only its own)").tag("shops")
                        .response(Schema.object().required("shops", Schema.array(SHOP))),
                ctx -> {
                    Principal principal = AuthenticationHandler.principal(ctx);
                    return shops.list().map(list -> {
                        JsonArray out = new JsonArray();
                        list.stream().filter(s -> principal.canAccessShop(s.id())).forEach(s -> out.add(toJson(s)));
                        return Reply.ok(new JsonObject().put("shops", out));
                    });
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop", Access.SHOP, "One shop").tag("shops").response(SHOP),
                ctx -> shops.get(ctx.pathParam("shop")).map(s -> Reply.ok(toJson(s))));
    }

    static JsonObject toJson(Shop shop) {
        return new JsonObject().put("id", shop.id()).put("name", shop.name())
                .put("created_at", shop.createdAt().toString());
    }

}
