package dev.merchantry.platform.auth;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Credential;
import dev.merchantry.platform.storage.CredentialRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A shop's API keys: creates them with scopes (the key exists in clear only in the answer; the database keeps its
 * SHA-256), lists them without secrets, and revokes them on every node: the revoking node forgets the key before it
 * answers, and {@link Addresses#KEY_REVOKED} makes every other node's {@link Authenticator} forget it too.
 */
public final class ApiKeys {

    /** Keys a shop may hold at once; more is a 409 (revoke unused ones first). */
    public static final int MAX_KEYS_PER_SHOP = 100;
    public static final int MAX_NAME = 100;
    /** {@code merchantry.key.revoked}: published after a key was revoked (no secret travels). */
    public static final Schema KEY_REVOKED = Schema.object()
            .required("shop", Schema.string())
            .required("key_id", Schema.string());
    /** The body of a key's creation. */
    public static final Schema CREATE_REQUEST = Schema.object()
            .required("name", Schema.string().doc("at most " + MAX_NAME + " characters"))
            .required("scopes", Schema.array(Schema.enumOf("read", "ingest", "manage")));

    /** A new key: the stored credential and the token, shown only this once. */
    public record Created(Credential key, String token) {
    }

    private final Vertx vertx;
    private final CredentialRepository credentials;
    private final Authenticator authenticator;

    public ApiKeys(Vertx vertx, CredentialRepository credentials, Authenticator authenticator) {
        this.vertx = vertx;
        this.credentials = credentials;
        this.authenticator = authenticator;
    }

    /** Validates {@code {name, scopes}} (every problem at once) and creates the key. */
    public Future<Created> create(String shop, JsonObject body) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        for (String field : body.fieldNames()) {
            if (!CREATE_REQUEST.propertyNames().contains(field)) {
                errors.add(new ServiceException.FieldError(field, "unknown field; a key has name and scopes"));
            }
        }
        Object nameValue = body.getValue("name");
        String name = nameValue instanceof String s ? s.trim() : null;
        if (name == null || name.isEmpty()) {
            errors.add(new ServiceException.FieldError("name", nameValue == null || name != null ? "is required"
                    : "must be a string"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new ServiceException.FieldError("name", "must be at most " + MAX_NAME + " characters"));
        }
        Set<Credential.Scope> scopes = scopes(body.getValue("scopes"), errors);
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors.size() == 1 ? errors.get(0).key() + ": " + errors.get(0).message()
                    : errors.size() + " invalid fields", errors);
        }
        return vertx.executeBlocking(() -> {
            String token = Tokens.generate(Tokens.SHOP_PREFIX);
            Credential key = new Credential(Credential.newId(), Tokens.hash(token), Credential.Role.SHOP, shop, name,
                    scopes, Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
            if (!credentials.addShopKey(key, MAX_KEYS_PER_SHOP)) {
                throw ServiceException.conflict("shop '" + shop + "' already has " + MAX_KEYS_PER_SHOP
                        + " API keys; revoke unused ones first");
            }
            return new Created(key, token);
        });
    }

    private static Set<Credential.Scope> scopes(Object value, List<ServiceException.FieldError> errors) {
        String allowed = "one or more of read, ingest, manage";
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            errors.add(new ServiceException.FieldError("scopes", value == null ? "is required: " + allowed
                    : "must be a non-empty array: " + allowed));
            return Set.of();
        }
        Set<Credential.Scope> scopes = EnumSet.noneOf(Credential.Scope.class);
        for (Object item : array) {
            var scope = item instanceof String s ? Credential.Scope.parse(s) : java.util.Optional.<Credential.Scope>empty();
            if (scope.isEmpty()) {
                errors.add(new ServiceException.FieldError("scopes", "unknown scope " + (item instanceof String s
                        ? "'" + s + "'" : String.valueOf(item)) + "; use " + allowed));
            } else {
                scopes.add(scope.get());
            }
        }
        return scopes;
    }

    /** The shop's keys, oldest first, without secrets. */
    public Future<List<Credential>> list(String shop) {
        return vertx.executeBlocking(() -> credentials.listShopKeys(shop));
    }

    /** Revokes a key: 404 if the shop has no such key; once this succeeds, no node accepts the key. */
    public Future<Void> revoke(String shop, String id) {
        return vertx.executeBlocking(() -> credentials.deleteShopKey(shop, id)).map(deleted -> {
            if (!deleted) {
                throw ServiceException.notFound("shop '" + shop + "' has no API key '" + id + "'");
            }
            authenticator.forgetKey(id);
            vertx.eventBus().publish(Addresses.KEY_REVOKED, new JsonObject().put("shop", shop).put("key_id", id));
            return null;
        });
    }
}
