package dev.merchantry.platform.node;

import dev.merchantry.platform.bus.BridgeServer;

/** The TCP event-bus bridge for services in any language, when the node runs one ({@code serve --bridge-port}). */
public final class BridgeModule implements NodeModule {

    private final BridgeServer bridge;
    private final int port;

    public BridgeModule(NodeCore core, AccountsModule accounts) {
        Integer configured = core.options().bridgePort();
        if (configured == null) {
            this.bridge = null;
            this.port = -1;
        } else {
            this.bridge = new BridgeServer(core.vertx(), accounts.authenticator(),
                    BridgeServer.Settings.defaults(core.options().host(), configured), core.registry());
            this.port = NodeCore.await(bridge.listen());
        }
    }

    @Override
    public void register(NodeWiring wiring) {
        if (bridge != null) {
            wiring.onStop(() -> NodeCore.await(bridge.close()));
        }
    }

    /** The port the bridge listens on, or -1 when the node runs none. */
    public int port() {
        return port;
    }
}
