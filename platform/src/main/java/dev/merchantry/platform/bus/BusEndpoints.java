package dev.merchantry.platform.bus;

import dev.merchantry.platform.ingest.IngestService;
import dev.merchantry.platform.service.RequestFields;
import dev.merchantry.platform.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The request/reply side of the event-bus contract: registers the consumers the node modules declare, and sends
 * requests to this node's own consumers ({@link #request}: REST, strategies asking for other strategies). Failures reply
 * with {@code fail(status, message)} using the REST status codes.
 */
public final class BusEndpoints {

    /** How long a caller waits for a reply before it gets a 504 (the default 30 s is far too long for serving). */
    public static final long REQUEST_TIMEOUT_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(BusEndpoints.class);

    private final Vertx vertx;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private Function<String, Future<Void>> requireShop;

    public BusEndpoints(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * How the request/reply consumers check the {@code shop} of a body (a 404 for an unknown one, as the REST API
     * answers before it reads a body); set once, by the shops module, before any consumer is registered.
     */
    public void requireShops(Function<String, Future<Void>> guard) {
        this.requireShop = guard;
    }

    /**
     * {@code merchantry.ingest}: {@code {shop, events: [...]}} → {@code {accepted, duplicates, rejected}}, replied
     * after the accepted events are durable.
     */
    public static Function<JsonObject, Future<JsonObject>> ingest(IngestService ingest) {
        return body -> {
            String shop = RequestFields.requireString(body, "shop");
            Object events = body.getValue("events");
            if (!(events instanceof io.vertx.core.json.JsonArray array)) {
                throw ServiceException.field("events", "is required: a JSON array of events");
            }
            if (array.size() > IngestService.MAX_EVENTS) {
                throw ServiceException.tooLarge("a batch may hold at most " + IngestService.MAX_EVENTS
                        + " events; this one has " + array.size() + " — split it into smaller batches");
            }
            List<Object> entries = new ArrayList<>(array.size());
            array.forEach(entries::add);
            return ingest.ingest(shop, entries);
        };
    }

    /**
     * Registers a JSON request/reply consumer of a shop's requests whose failures become {@code fail(code, message)}.
     * The body's {@code shop} is checked first, as the REST API checks the path's: missing 400, unknown 404.
     */
    public void register(String address, Function<JsonObject, Future<JsonObject>> handler) {
        if (requireShop == null) {
            throw new IllegalStateException("the shop guard is not set; install the shops module first");
        }
        consumers.add(vertx.eventBus().<Object>consumer(address, msg -> {
            Future<JsonObject> reply;
            try {
                if (!(msg.body() instanceof JsonObject body)) {
                    throw ServiceException.malformed("message body must be a JSON object");
                }
                String shop = RequestFields.requireString(body, "shop");
                reply = requireShop.apply(shop).compose(v -> handler.apply(body));
            } catch (RuntimeException e) {
                reply = Future.failedFuture(e);
            }
            reply.onComplete(ar -> {
                if (ar.succeeded()) {
                    msg.reply(ar.result());
                } else {
                    fail(msg, ar.cause());
                }
            });
        }));
    }

    /**
     * Sends a request to this node's own consumer of {@code address}. Every node registers the same consumers over
     * the same plugins and database, so serving where the call arrived costs no network hop and cannot be routed to
     * a peer that just died (a clustered send picks any member's consumer until failure detection drops it).
     */
    public Future<JsonObject> request(String address, JsonObject body) {
        return vertx.eventBus().<JsonObject>request(address, body,
                new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS).setLocalOnly(true)).map(Message::body);
    }

    /**
     * The one place a failure becomes a bus reply: a {@link ServiceException} fails with its kind's code (the REST
     * status of the same failure, docs/event-bus.md) and its message; a failed nested request keeps its code.
     */
    static void fail(Message<?> msg, Throwable cause) {
        if (cause instanceof ServiceException known) {
            msg.fail(known.kind().code(), known.getMessage());
        } else if (cause instanceof io.vertx.core.eventbus.ReplyException reply) {
            msg.fail(reply.failureCode(), reply.getMessage());
        } else {
            LOG.error("event-bus request failed", cause);
            msg.fail(500, "internal error: " + cause.getClass().getSimpleName() + " (see the node log)");
        }
    }

    public Future<Void> close() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
    }
}
