package dev.merchantry.platform.shops;

import dev.merchantry.platform.auth.Tokens;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Credential;
import dev.merchantry.platform.storage.CredentialRepository;
import dev.merchantry.platform.storage.Shop;
import dev.merchantry.platform.storage.ShopRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Shops and their first API key. Shop ids are URL-safe slugs; known ids are cached (shops are never deleted). */
public final class Shops {

    /** A new shop and its first API key (scope {@code manage}), which exists in clear only in this answer. */
    public record Created(Shop shop, String apiKey, String apiKeyId) {
    }

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Vertx vertx;
    private final ShopRepository shops;
    private final CredentialRepository credentials;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public Shops(Vertx vertx, ShopRepository shops, CredentialRepository credentials) {
        this.vertx = vertx;
        this.shops = shops;
        this.credentials = credentials;
    }

    /** Creates a shop (id derived from the name when not given) and its first API key. Blocking. */
    public Created createBlocking(String id, String name) {
        String shopId = id != null ? id : slug(name);
        if (!ID.matcher(shopId).matches()) {
            throw ServiceException.field("id", "must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        if (name == null || name.isBlank()) {
            throw ServiceException.field("name", "is required");
        }
        if (name.length() > 200) {
            throw ServiceException.field("name", "must be at most 200 characters");
        }
        if (shops.find(shopId).isPresent()) {
            throw ServiceException.conflict("shop '" + shopId + "' already exists");
        }
        Shop shop = shops.create(shopId, name.trim());
        String key = Tokens.generate(Tokens.SHOP_PREFIX);
        Credential credential = new Credential(Tokens.hash(key), Credential.Role.SHOP, shopId, "default key",
                Instant.now());
        credentials.add(credential);
        known.add(shopId);
        return new Created(shop, key, credential.id());
    }

    public Future<Created> create(String id, String name) {
        return vertx.executeBlocking(() -> createBlocking(id, name));
    }

    public Future<List<Shop>> list() {
        return vertx.executeBlocking(shops::list);
    }

    public Future<Shop> get(String id) {
        return vertx.executeBlocking(() -> shops.find(id))
                .map(found -> found.orElseThrow(() -> ServiceException.notFound("unknown shop '" + id + "'")));
    }

    /** Succeeds if the shop exists, else fails with 404. */
    public Future<Void> require(String id) {
        if (known.contains(id)) {
            return Future.succeededFuture();
        }
        return get(id).map(shop -> {
            known.add(shop.id());
            return null;
        });
    }

    static String slug(String name) {
        if (name == null) {
            throw ServiceException.field("name", "is required");
        }
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.isEmpty()) {
            throw ServiceException.field("id", "is required when the name has no letters or digits");
        }
        return slug.length() > 63 ? slug.substring(0, 63).replaceAll("-+$", "") : slug;
    }
}
