package dev.merchantry.platform.plugins;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

/**
 * Class-loader leak fix, part 1 (FACTS.md): a Netty event-loop thread created while plugin code is on the stack pins
 * that plugin's class loader forever, so every event-loop thread is started here, from host code, before any plugin
 * is loaded.
 */
public final class EventLoopWarmup {

    private EventLoopWarmup() {
    }

    public static void prestartEventLoops(Vertx vertx) {
        VertxInternal internal = (VertxInternal) vertx;
        warm(internal.nettyEventLoopGroup());
        warm(internal.acceptorEventLoopGroup());
    }

    private static void warm(EventLoopGroup group) {
        for (EventExecutor executor : group) {
            executor.submit(() -> { }).syncUninterruptibly();
        }
    }
}
