package dev.merchantry.platform.http;

import dev.merchantry.platform.auth.Accounts;
import dev.merchantry.platform.auth.Authenticator;
import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.User;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** {@code /api/v1/users} (admin): create console users with their shops, list and delete them. */
public final class UserResource {

    /** A console user. */
    static final Schema USER = Schema.object("User")
            .required("email", Schema.string())
            .required("admin", Schema.bool())
            .required("shops", Schema.array(Schema.string()))
            .required("created_at", Schema.dateTime());

    /** {@code POST /api/v1/users}'s body. */
    static final Schema CREATE = Schema.object()
            .required("email", Schema.string())
            .required("password", Schema.string().doc("8-200 characters"))
            .optional("shops", Schema.array(Schema.string()).doc("the shops a merchant sees"))
            .optional("admin", Schema.bool().defaultValue(false));

    private final Vertx vertx;
    private final Accounts accounts;
    private final Authenticator authenticator;

    public UserResource(Vertx vertx, Accounts accounts, Authenticator authenticator) {
        this.vertx = vertx;
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/users", Access.ADMIN,
                "Create a console user; a merchant (admin false) sees only the listed shops").tag("accounts")
                        .success(201)
                        .body(CREATE)
                        .response(USER),
                ctx -> {
                    JsonObject body = Bodies.object(ctx, "password");
                    for (String field : body.fieldNames()) {
                        if (!CREATE.propertyNames().contains(field)) {
                            throw ServiceException.field(field, "unknown field; a user has email, password, shops and admin");
                        }
                    }
                    String email = Bodies.optionalString(body, "email").orElse(null);
                    String password = Bodies.optionalString(body, "password").orElse(null);
                    boolean admin = Bodies.optionalBoolean(body, "admin").orElse(false);
                    List<String> shops = shops(body);
                    return vertx.executeBlocking(() -> accounts.create(email, password, shops, admin), false)
                            .map(user -> Reply.created(toJson(user)));
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/users", Access.ADMIN, "List console users").tag("accounts")
                        .response(Schema.object().required("users", Schema.array(USER))),
                ctx -> vertx.executeBlocking(() -> {
                    JsonArray out = new JsonArray();
                    accounts.list().forEach(u -> out.add(toJson(u)));
                    return Reply.ok(new JsonObject().put("users", out));
                }));
        routes.handle(ApiRoutes.op(HttpMethod.DELETE, "/api/v1/users/:email", Access.ADMIN,
                "Delete a console user and end its sessions").tag("accounts").success(204),
                ctx -> vertx.executeBlocking(() -> {
                    accounts.delete(ctx.pathParam("email"));
                    return Reply.noContent();
                }).map(reply -> {
                    authenticator.invalidate();
                    return reply;
                }));
    }

    private static List<String> shops(JsonObject body) {
        Object v = body.getValue("shops");
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray array)) {
            throw ServiceException.field("shops", "must be an array of shop ids");
        }
        List<String> out = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof String s)) {
                throw ServiceException.field("shops", "must be an array of shop ids (strings)");
            }
            out.add(s);
        }
        return out;
    }

    static JsonObject toJson(User u) {
        return new JsonObject().put("email", u.email()).put("admin", u.admin()).put("shops", new JsonArray(u.shops()))
                .put("created_at", u.createdAt().toString());
    }
}
