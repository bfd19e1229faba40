package dev.merchantry.platform.node;

import dev.merchantry.platform.http.ShopResource;
import dev.merchantry.platform.shops.Shops;

/** The shops of the node and their API keys' first issue. */
public final class ShopsModule implements NodeModule {

    private final Shops shops;

    public ShopsModule(NodeCore core) {
        this.shops = new Shops(core.vertx(), core.database().shops(), core.database().credentials());
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> new ShopResource(shops).register(routes));
        // Every request/reply address of the bus names a shop in its body: unknown is 404, as on REST.
        wiring.requireShops(shops::require);
    }

    public Shops shops() {
        return shops;
    }
}
