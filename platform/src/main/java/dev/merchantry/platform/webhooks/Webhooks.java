package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.WebhookRepository;
import dev.merchantry.platform.storage.WebhookRepository.Delivery;
import dev.merchantry.platform.storage.WebhookRepository.Webhook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A shop's webhooks: creates them (checking the URL's every address and the notification names; the secret is
 * generated unless given, and shown only in the answer), lists and deletes them, and shows and redelivers their
 * deliveries. Delivery itself is {@link WebhookOutbox}'s and {@link WebhookDispatcher}'s.
 */
public final class Webhooks {

    /** The notifications a webhook may receive: the published notifications of the event-bus contract. */
    public static final List<String> EVENTS = List.of(Addresses.EVENTS_INGESTED, Addresses.MODEL_TRAINED,
            Addresses.PRICE_CHANGED, Addresses.PROFILE_CHANGED, Addresses.CATALOG_CHANGED, Addresses.CUSTOMER_ERASED);
    /** Webhooks a shop may hold at once; more is a 409. */
    public static final int MAX_PER_SHOP = 20;
    public static final int MIN_SECRET = 16;
    public static final int MAX_SECRET = 200;
    /** Random bytes of a generated secret (256 bits). */
    private static final int SECRET_BYTES = 32;
    public static final String SECRET_PREFIX = "whsec_";

    /** The body {@link #create} reads; its property names are the fields a webhook may have. */
    public static final Schema CREATE_REQUEST = Schema.object()
            .required("url", Schema.string().doc("http(s) URL whose host resolves to public addresses only"))
            .required("events", Schema.array(Schema.enumOf(EVENTS.toArray(String[]::new))).minItems(1)
                    .doc("the notifications to receive"))
            .optional("secret", Schema.string().minLength(MIN_SECRET).maxLength(MAX_SECRET)
                    .doc("signs the deliveries; no white space at either end; generated when left out"));

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new webhook and its secret, which the API shows only this once. */
    public record Created(Webhook webhook, String secret) {
    }

    private final Vertx vertx;
    private final WebhookRepository repository;
    private final WebhookTargets targets;
    private final WebhookOptions options;
    private final Clock clock;
    private final Runnable wakeDispatcher;

    public Webhooks(Vertx vertx, WebhookRepository repository, WebhookTargets targets, WebhookOptions options,
                    Clock clock, Runnable wakeDispatcher) {
        this.vertx = vertx;
        this.repository = repository;
        this.targets = targets;
        this.options = options;
        this.clock = clock;
        this.wakeDispatcher = wakeDispatcher;
    }

    /** Validates {@code {url, events, secret?}} (every field problem at once) and stores the webhook. */
    public Future<Created> create(String shop, JsonObject body) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        for (String field : body.fieldNames()) {
            if (!CREATE_REQUEST.propertyNames().contains(field)) {
                errors.add(new ServiceException.FieldError(field, "unknown field; a webhook has url, events and"
                        + " secret"));
            }
        }
        URI url = null;
        Object urlValue = body.getValue("url");
        if (!(urlValue instanceof String s) || s.isBlank()) {
            errors.add(new ServiceException.FieldError("url", urlValue == null || urlValue instanceof String
                    ? "is required" : "must be a string"));
        } else {
            try {
                url = WebhookTargets.parse(s.trim());
            } catch (WebhookTargets.Refused e) {
                errors.add(new ServiceException.FieldError("url", e.getMessage()));
            }
        }
        List<String> events = events(body.getValue("events"), errors);
        String secret = secret(body.getValue("secret"), errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        URI checked = url;
        return vertx.executeBlocking(() -> {
            try {
                targets.resolve(checked);
            } catch (WebhookTargets.Refused e) {
                throw ServiceException.field("url", e.getMessage());
            }
            Webhook webhook = new Webhook(newId("wh_"), shop, checked.toString(), events, secret,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (!repository.add(webhook, MAX_PER_SHOP)) {
                throw ServiceException.conflict("shop '" + shop + "' already has " + MAX_PER_SHOP
                        + " webhooks; delete unused ones first");
            }
            return new Created(webhook, secret);
        }, false);
    }

    private static ServiceException invalid(List<ServiceException.FieldError> errors) {
        return ServiceException.invalid(errors.size() == 1 ? errors.get(0).key() + ": " + errors.get(0).message()
                : errors.size() + " invalid fields", errors);
    }

    private static List<String> events(Object value, List<ServiceException.FieldError> errors) {
        String allowed = "one or more of " + String.join(", ", EVENTS);
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            errors.add(new ServiceException.FieldError("events", value == null ? "is required: " + allowed
                    : "must be a non-empty array: " + allowed));
            return List.of();
        }
        Set<String> events = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            Object item = array.getValue(i);
            if (item instanceof String s && EVENTS.contains(s)) {
                events.add(s);
            } else {
                errors.add(new ServiceException.FieldError("events[" + i + "]", (item instanceof String s
                        ? "unknown notification '" + s + "'" : "must be a string") + "; use " + allowed));
            }
        }
        return List.copyOf(events);
    }

    private static String secret(Object value, List<ServiceException.FieldError> errors) {
        if (value == null) {
            byte[] bytes = new byte[SECRET_BYTES];
            RANDOM.nextBytes(bytes);
            return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        if (!(value instanceof String s)) {
            errors.add(new ServiceException.FieldError("secret", "must be a string"));
            return null;
        }
        if (s.length() < MIN_SECRET || s.length() > MAX_SECRET) {
            errors.add(new ServiceException.FieldError("secret", "must be " + MIN_SECRET + " to " + MAX_SECRET
                    + " characters (leave it out to have one generated)"));
        } else if (!s.equals(s.strip())) {
            errors.add(new ServiceException.FieldError("secret", "must not begin or end with white space"));
        }
        return s;
    }

    static String newId(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + java.util.HexFormat.of().formatHex(bytes);
    }

    /** The shop's webhooks, oldest first (secrets are never shown again). */
    public Future<List<Webhook>> list(String shop) {
        return vertx.executeBlocking(() -> repository.list(shop), false);
    }

    public Future<Webhook> get(String shop, String id) {
        return vertx.executeBlocking(() -> require(shop, id), false);
    }

    /** Deletes the webhook with its pending deliveries and log; an attempt in flight still ends, unrecorded. */
    public Future<Void> delete(String shop, String id) {
        return vertx.executeBlocking(() -> {
            if (!repository.delete(shop, id)) {
                throw notFound(shop, id);
            }
            return null;
        }, false);
    }

    /** The webhook's deliveries, newest first, with every attempt. */
    public Future<List<Delivery>> deliveries(String shop, String id, int limit) {
        return vertx.executeBlocking(() -> {
            require(shop, id);
            return repository.deliveries(id, limit, clock.instant());
        }, false);
    }

    /**
     * Sends a delivery again: it becomes due now, with a fresh retry window; its earlier attempts stay in its log.
     * 409 while an attempt of it is in flight.
     */
    public Future<Delivery> redeliver(String shop, String id, String deliveryId) {
        return vertx.executeBlocking(() -> {
            require(shop, id);
            Instant now = clock.instant();
            Delivery d = repository.redeliver(id, deliveryId, now, now.plus(options.retryWindow()))
                    .orElseThrow(() -> ServiceException.notFound("webhook '" + id + "' has no delivery '"
                            + deliveryId + "'"));
            if (d.inFlight()) {
                throw ServiceException.conflict("delivery '" + deliveryId + "' is being attempted now; redeliver"
                        + " it once that attempt has ended");
            }
            return d;
        }, false).onSuccess(d -> wakeDispatcher.run());
    }

    private Webhook require(String shop, String id) {
        return repository.find(shop, id).orElseThrow(() -> notFound(shop, id));
    }

    private static ServiceException notFound(String shop, String id) {
        return ServiceException.notFound("shop '" + shop + "' has no webhook '" + id + "'");
    }
}
