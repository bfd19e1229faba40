package dev.merchantry.platform.node;

import dev.merchantry.platform.bus.BusEndpoints;
import dev.merchantry.platform.http.ApiRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where modules register what they offer. Routes are collected and added when the node builds its router (once,
 * shared by every HTTP event loop); consumers go on the event bus at once; periodic work runs on a worker thread
 * and is cancelled at stop; stop hooks run in reverse order of registration.
 */
public final class NodeWiring {

    private static final Logger LOG = LoggerFactory.getLogger(NodeWiring.class);

    private final Vertx vertx;
    private final BusEndpoints bus;
    private final List<Consumer<ApiRoutes>> routes = new ArrayList<>();
    private final List<Long> timers = new ArrayList<>();
    private final List<Runnable> stopHooks = new ArrayList<>();

    private NodeWiring(Vertx vertx, BusEndpoints bus) {
        this.vertx = vertx;
        this.bus = bus;
    }

    /** The wiring of a node whose core is open. */
    public static NodeWiring of(NodeCore core) {
        return new NodeWiring(core.vertx(), core.bus());
    }

    /** Registers the module and returns it, so the next modules can be given its services. */
    public <M extends NodeModule> M install(M module) {
        module.register(this);
        return module;
    }

    /** REST resources, added to the router in installation order. */
    public NodeWiring routes(Consumer<ApiRoutes> resources) {
        routes.add(resources);
        return this;
    }

    /** How the request/reply addresses check the shop their bodies name (see {@link BusEndpoints#requireShops}). */
    public NodeWiring requireShops(Function<String, Future<Void>> guard) {
        bus.requireShops(guard);
        return this;
    }

    /** A request/reply address of the event-bus contract; failures reply {@code fail(code, message)}. */
    public NodeWiring consumer(String address, Function<JsonObject, Future<JsonObject>> handler) {
        bus.register(address, handler);
        return this;
    }

    /** Blocking housekeeping every {@code period}, off the event loop; a failure is logged and the next run comes. */
    public NodeWiring every(Duration period, String what, Runnable work) {
        timers.add(vertx.setPeriodic(period.toMillis(), id -> vertx.executeBlocking(() -> {
            work.run();
            return null;
        }, false).onFailure(e -> LOG.warn("{} failed: {}", what, e.toString()))));
        return this;
    }

    /** Runs at stop, after HTTP and the bus consumers are gone, in reverse order of registration. */
    public NodeWiring onStop(Runnable hook) {
        stopHooks.add(hook);
        return this;
    }

    /** Adds every registered resource to the router's routes. */
    public void addRoutes(ApiRoutes api) {
        routes.forEach(r -> r.accept(api));
    }

    /** Cancels the schedules and runs the stop hooks (each one even if an earlier one failed). */
    public void stop() {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        for (int i = stopHooks.size() - 1; i >= 0; i--) {
            try {
                stopHooks.get(i).run();
            } catch (RuntimeException e) {
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
        stopHooks.clear();
    }
}
