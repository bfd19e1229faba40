package dev.merchantry.platform.bus;

import dev.merchantry.platform.auth.Authenticator;
import dev.merchantry.platform.auth.Principal;
import dev.merchantry.platform.auth.Tokens;
import dev.merchantry.platform.observability.EventLog;
import dev.merchantry.platform.service.Addresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The TCP event-bus bridge for services in any language ({@code serve --bridge-port}). It speaks the wire protocol
 * of Vert.x's {@code vertx-tcp-eventbus-bridge} — frames of a 4-byte big-endian length and a UTF-8 JSON object;
 * {@code send}, {@code publish}, {@code register}, {@code unregister} and {@code ping} in, {@code message},
 * {@code err} and {@code pong} out — so its clients work here, but runs its own connection handler: the library's
 * forwards every message of a registered address to the socket without a hook, so it could not keep a shop's
 * notifications to that shop, and its refusals cannot say which rule refused.
 *
 * <p>The rules, checked on every frame (docs/event-bus.md):
 * <ul>
 *   <li>each frame carries its caller's key in {@code headers.authorization} ({@code Bearer …}), checked as REST
 *   checks it (revoked keys stop working at once);</li>
 *   <li>{@code send} only to the request/reply addresses ({@link #REQUESTS}), with a JSON object body whose
 *   {@code shop} is the key's shop (an admin token may name any shop), and with the scope REST asks for the same
 *   operation;</li>
 *   <li>{@code register} only for the shop notifications ({@link #NOTIFICATIONS}); a subscriber receives only the
 *   notifications of its key's shop;</li>
 *   <li>no {@code publish}, and no other address (internal ones such as {@code merchantry.train} never);</li>
 *   <li>frames larger than the limit close the connection; frames beyond the per-connection rate are refused;
 *   a connection silent for the idle timeout is closed (clients ping).</li>
 * </ul>
 * A refused request is answered with an {@code err} frame addressed to its {@code replyAddress} (so the client's
 * pending request fails with the rule), with the REST status code as {@code failureCode}. Requests are served by
 * this node's own consumers.
 */
public final class BridgeServer {

    /** The request/reply addresses open to bridge clients, with the scope each needs (as on REST). */
    public static final Map<String, Scope> REQUESTS = orderedMap(
            Addresses.RECOMMEND, Scope.READ,
            Addresses.FORECAST, Scope.READ,
            Addresses.PROFILE, Scope.READ,
            Addresses.INGEST, Scope.INGEST,
            Addresses.PRICE, Scope.MANAGE);

    /** The notifications a bridge client may register for; each carries the {@code shop} it concerns. */
    public static final Set<String> NOTIFICATIONS = Set.of(Addresses.EVENTS_INGESTED, Addresses.MODEL_TRAINED,
            Addresses.PRICE_CHANGED, Addresses.PROFILE_CHANGED, Addresses.CATALOG_CHANGED, Addresses.CUSTOMER_ERASED);

    /** What a key must be allowed to do, by its scope names. */
    public enum Scope {
        READ("read", Principal::mayRead), INGEST("ingest", Principal::mayIngest),
        MANAGE("manage", Principal::mayManage);

        final String wireName;
        final Predicate<Principal> allows;

        Scope(String wireName, Predicate<Principal> allows) {
            this.wireName = wireName;
            this.allows = allows;
        }
    }

    /** Limits of the bridge; {@link #defaults()} suits a shop backend with a few long-lived connections. */
    public record Settings(String host, int port, int maxFrameBytes, int framesPerSecond, Duration idleTimeout,
                           int maxConnections, Duration requestTimeout) {

        /** Port 0 picks a free one (tests). */
        public static Settings defaults(String host, int port) {
            return new Settings(host, port, 1 << 20, 200, Duration.ofMinutes(5), 1_000, Duration.ofSeconds(10));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BridgeServer.class);

    private final Vertx vertx;
    private final Authenticator authenticator;
    private final Settings settings;
    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private NetServer server;

    public BridgeServer(Vertx vertx, Authenticator authenticator, Settings settings, MeterRegistry registry) {
        this.vertx = vertx;
        this.authenticator = authenticator;
        this.settings = settings;
        this.registry = registry;
        Gauge.builder("merchantry_bridge_connections", connections, AtomicInteger::get)
                .description("Open TCP event-bus bridge connections").register(registry);
    }

    /** Starts listening; completes with the port. */
    public Future<Integer> listen() {
        server = vertx.createNetServer(new NetServerOptions().setHost(settings.host()).setPort(settings.port())
                .setIdleTimeout((int) settings.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setTcpNoDelay(true));
        server.connectHandler(socket -> new Connection(socket).start());
        return server.listen().map(NetServer::actualPort);
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** One client connection: its frame parser, rate budget and subscriptions. Runs on one event loop. */
    private final class Connection {
        private final NetSocket socket;
        private final RecordParser parser = RecordParser.newFixed(4);
        private final Map<String, MessageConsumer<Object>> subscriptions = new HashMap<>();
        private boolean readingLength = true;
        private double budget = settings.framesPerSecond();
        private long budgetAt = System.nanoTime();
        /** Frames are handled one after the other, even when checking a key takes a database read. */
        private Future<Void> previous = Future.succeededFuture();

        Connection(NetSocket socket) {
            this.socket = socket;
        }

        void start() {
            if (connections.incrementAndGet() > settings.maxConnections()) {
                connections.decrementAndGet();
                write(new JsonObject().put("type", "err").put("failureCode", 503).put("message",
                        "too many bridge connections (limit " + settings.maxConnections() + "); retry later"));
                socket.close();
                return;
            }
            parser.handler(this::record);
            socket.handler(parser);
            socket.closeHandler(v -> {
                connections.decrementAndGet();
                subscriptions.values().forEach(MessageConsumer::unregister);
                subscriptions.clear();
            });
            socket.exceptionHandler(e -> LOG.debug("bridge connection {}: {}", socket.remoteAddress(), e.toString()));
        }

        private void record(Buffer buffer) {
            if (readingLength) {
                long length = buffer.getUnsignedInt(0);
                if (length > settings.maxFrameBytes()) {
                    count("frame", "other", "too_large");
                    write(error(null, 413, "frame of " + length + " bytes exceeds the limit of "
                            + settings.maxFrameBytes() + " bytes; connection closed"));
                    socket.close();
                    return;
                }
                if (length == 0) {
                    return;
                }
                readingLength = false;
                parser.fixedSizeMode((int) length);
            } else {
                readingLength = true;
                parser.fixedSizeMode(4);
                JsonObject frame;
                try {
                    frame = new JsonObject(buffer);
                } catch (DecodeException | ClassCastException e) {
                    count("frame", "other", "malformed");
                    write(error(null, 400, "malformed frame: the payload must be a UTF-8 JSON object"));
                    return;
                }
                previous = previous.transform(ignored -> handle(frame));
            }
        }

        private Future<Void> handle(JsonObject frame) {
            Object typeValue = frame.getValue("type");
            String type = typeValue instanceof String s ? s : null;
            if ("ping".equals(type)) {
                write(new JsonObject().put("type", "pong"));
                return Future.succeededFuture();
            }
            if (!takeBudget()) {
                return refuse(frame, type, 429, "rate limit: at most " + settings.framesPerSecond()
                        + " frames per second per connection; slow down");
            }
            if (!(frame.getValue("address") instanceof String address) || address.isBlank()) {
                return refuse(frame, type, 400, "address is required");
            }
            if (type == null || !Set.of("send", "publish", "register", "unregister").contains(type)) {
                return refuse(frame, type, 400, "unknown frame type '" + typeValue
                        + "': use send, publish, register, unregister or ping");
            }
            return authenticate(frame).transform(ar -> {
                if (ar.failed()) {
                    return refuse(frame, type, 401, ar.cause().getMessage());
                }
                Principal principal = ar.result();
                return switch (type) {
                    case "send" -> send(frame, address, principal);
                    case "register" -> register(frame, address, principal);
                    case "unregister" -> unregister(frame, address);
                    default -> refuse(frame, type, 403, "publish is not open to bridge clients: send requests to "
                            + String.join(", ", REQUESTS.keySet()) + " or register for the notifications");
                };
            });
        }

        private Future<Principal> authenticate(JsonObject frame) {
            Object headers = frame.getValue("headers");
            Object value = headers instanceof JsonObject h ? h.getValue("authorization") : null;
            if (!(value instanceof String header) || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                    || header.length() <= 7) {
                return Future.failedFuture(new IllegalArgumentException("headers.authorization is required in every"
                        + " frame: 'Bearer <API key>'"));
            }
            return authenticator.token(Tokens.hash(header.substring(7).trim()));
        }

        private Future<Void> send(JsonObject frame, String address, Principal principal) {
            Scope scope = REQUESTS.get(address);
            if (scope == null) {
                return refuse(frame, "send", 403, "address '" + address + "' is not open to bridge clients; requests"
                        + " go to " + String.join(", ", REQUESTS.keySet()));
            }
            if (!(frame.getValue("body") instanceof JsonObject body)) {
                return refuse(frame, "send", 400, "body must be a JSON object with the shop and the request's fields");
            }
            Object shop = body.getValue("shop");
            if (!(shop instanceof String s) || !principal.canAccessShop(s)) {
                return refuse(frame, "send", 403, "a key may send only requests for its own shop: body.shop must be '"
                        + principal.shopId() + "'" + (shop == null ? " (it is missing)" : " (it is '" + shop + "')"));
            }
            if (!scope.allows.test(principal)) {
                return refuse(frame, "send", 403, address + " needs a key with the " + scope.wireName
                        + " scope; this key has " + principal.scopeNames());
            }
            String replyAddress = frame.getValue("replyAddress") instanceof String r ? r : null;
            Timer.Sample sample = Timer.start(registry);
            vertx.eventBus().<Object>request(address, body, new DeliveryOptions().setLocalOnly(true)
                    .setSendTimeout(settings.requestTimeout().toMillis())).onComplete(ar -> {
                sample.stop(Timer.builder("merchantry_bridge_request_seconds").tag("address", address)
                        .description("Bridge requests, from frame to reply").register(registry));
                if (ar.succeeded()) {
                    count("send", address, "ok");
                    if (replyAddress != null) {
                        write(new JsonObject().put("type", "message").put("address", replyAddress)
                                .put("headers", new JsonObject()).put("send", true).put("body", ar.result().body()));
                    }
                } else {
                    ReplyException failure = ar.cause() instanceof ReplyException re ? re : null;
                    int code = failure == null ? 500 : failure.failureCode() == -1 ? 504 : failure.failureCode();
                    count("send", address, String.valueOf(code));
                    if (replyAddress != null) {
                        write(new JsonObject().put("type", "err").put("address", replyAddress)
                                .put("sourceAddress", address).put("failureCode", code)
                                .put("failureType", failure == null ? "RECIPIENT_FAILURE" : failure.failureType().name())
                                .put("message", ar.cause().getMessage()));
                    }
                }
            });
            return Future.succeededFuture();
        }

        private Future<Void> register(JsonObject frame, String address, Principal principal) {
            if (!NOTIFICATIONS.contains(address)) {
                return refuse(frame, "register", 403, "only the shop notifications can be registered for: "
                        + String.join(", ", NOTIFICATIONS.stream().sorted().toList()));
            }
            if (!principal.mayRead()) {
                return refuse(frame, "register", 403, "notifications need a key with the read scope");
            }
            String token = ((JsonObject) frame.getValue("headers")).getString("authorization").substring(7).trim();
            String hash = Tokens.hash(token);
            MessageConsumer<Object> old = subscriptions.remove(address);
            if (old != null) {
                old.unregister();
            }
            subscriptions.put(address, vertx.eventBus().consumer(address, msg -> deliver(address, msg, principal,
                    hash)));
            count("register", address, "ok");
            return Future.succeededFuture();
        }

        /** Forwards a notification of the subscriber's shop, after checking its key still stands. */
        private void deliver(String address, Message<Object> msg, Principal principal, String keyHash) {
            if (!(msg.body() instanceof JsonObject body) || !(body.getValue("shop") instanceof String shop)
                    || !principal.canAccessShop(shop)) {
                return;
            }
            authenticator.token(keyHash).onComplete(ar -> {
                if (ar.failed()) {
                    MessageConsumer<Object> consumer = subscriptions.remove(address);
                    if (consumer != null) {
                        consumer.unregister();
                        write(error(address, 401, "subscription to " + address + " ended: " + ar.cause().getMessage()));
                    }
                    return;
                }
                count("message", address, "ok");
                write(new JsonObject().put("type", "message").put("address", address).put("headers", new JsonObject())
                        .put("send", false).put("body", body));
            });
        }

        private Future<Void> unregister(JsonObject frame, String address) {
            MessageConsumer<Object> consumer = subscriptions.remove(address);
            if (consumer == null) {
                return refuse(frame, "unregister", 404, "not registered for " + address);
            }
            count("unregister", address, "ok");
            return consumer.unregister();
        }

        /** An err frame; for a request, addressed to its replyAddress so the client's pending request fails. */
        private Future<Void> refuse(JsonObject frame, String type, int code, String message) {
            String address = frame.getValue("address") instanceof String a ? a : null;
            count(type == null ? "frame" : type, address, String.valueOf(code));
            String replyAddress = frame.getValue("replyAddress") instanceof String r ? r : null;
            JsonObject err = error(replyAddress != null ? replyAddress : address, code, message);
            if (replyAddress != null && address != null) {
                err.put("sourceAddress", address).put("failureType", "RECIPIENT_FAILURE");
            }
            write(err);
            if (code == 401 || code == 403) {
                EventLog.warn(LOG, "bridge frame refused").with("remote", socket.remoteAddress()).with("type", type)
                        .with("address", address).with("code", code).with("reason", message).log();
            }
            return Future.succeededFuture();
        }

        private boolean takeBudget() {
            long now = System.nanoTime();
            budget = Math.min(settings.framesPerSecond(),
                    budget + (now - budgetAt) / 1e9 * settings.framesPerSecond());
            budgetAt = now;
            if (budget < 1) {
                return false;
            }
            budget -= 1;
            return true;
        }

        private void write(JsonObject frame) {
            byte[] data = frame.encode().getBytes(StandardCharsets.UTF_8);
            socket.write(Buffer.buffer(data.length + 4).appendInt(data.length).appendBytes(data));
        }
    }

    private static JsonObject error(String address, int code, String message) {
        JsonObject err = new JsonObject().put("type", "err");
        if (address != null) {
            err.put("address", address);
        }
        return err.put("failureCode", code).put("message", message);
    }

    /** Frames per type, address (only the open ones, to bound the series) and outcome (ok or a status code). */
    private void count(String type, String address, String outcome) {
        String label = address != null && (REQUESTS.containsKey(address) || NOTIFICATIONS.contains(address))
                ? address : "other";
        Counter.builder("merchantry_bridge_frames_total").tag("type", type).tag("address", label)
                .tag("outcome", outcome).description("Bridge frames by type, address and outcome")
                .register(registry).increment();
    }

    private static Map<String, Scope> orderedMap(Object... pairs) {
        Map<String, Scope> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Scope) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
