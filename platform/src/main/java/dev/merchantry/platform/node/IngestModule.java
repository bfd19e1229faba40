package dev.merchantry.platform.node;

import dev.merchantry.platform.bus.BusEndpoints;
import dev.merchantry.platform.customers.CustomerErasure;
import dev.merchantry.platform.customers.CustomerIds;
import dev.merchantry.platform.http.CustomerResource;
import dev.merchantry.platform.http.EventResource;
import dev.merchantry.platform.http.ImportResource;
import dev.merchantry.platform.http.ProductResource;
import dev.merchantry.platform.ingest.CatalogService;
import dev.merchantry.platform.ingest.DataSettingsService;
import dev.merchantry.platform.ingest.IngestService;
import dev.merchantry.platform.ingest.Pseudonymizer;
import dev.merchantry.platform.service.Addresses;

/**
 * What a shop sends: events (REST, {@code merchantry.ingest}, file imports), the catalog, the data settings
 * (pseudonymization, retention) and the erasure of a customer.
 */
public final class IngestModule implements NodeModule {

    private final NodeCore core;
    private final DataSettingsService dataSettings;
    private final IngestService ingest;
    private final CatalogService catalog;
    private final CustomerErasure erasure;
    private final CustomerIds customerIds;

    public IngestModule(NodeCore core) {
        this.core = core;
        this.dataSettings = new DataSettingsService(core.vertx(), core.database().settings());
        Pseudonymizer pseudonymizer = new Pseudonymizer(core.database().settings());
        this.ingest = new IngestService(core.vertx(), core.database().events(), dataSettings, pseudonymizer,
                core.clock(), core.registry());
        this.catalog = new CatalogService(core.vertx(), core.database().catalog(), core.clock());
        this.erasure = new CustomerErasure(core.vertx(), core.database().events(), pseudonymizer,
                core.database()::recordNotices);
        this.customerIds = new CustomerIds(core.vertx(), dataSettings, pseudonymizer);
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> {
            new EventResource(core.vertx(), ingest, core.database().events()).register(routes);
            new ProductResource(core.vertx(), catalog, core.database().views(), core.clock()).register(routes);
            new ImportResource(core.vertx(), ingest, catalog, core.clock()).register(routes);
            new CustomerResource(erasure, dataSettings).register(routes);
        });
        wiring.consumer(Addresses.INGEST, BusEndpoints.ingest(ingest));
    }

    public DataSettingsService dataSettings() {
        return dataSettings;
    }

    public IngestService ingest() {
        return ingest;
    }

    public CatalogService catalog() {
        return catalog;
    }

    public CustomerErasure erasure() {
        return erasure;
    }

    /** The stored id of a customer (pseudonymized when the shop asks for it); one cache for all modules. */
    public CustomerIds customerIds() {
        return customerIds;
    }
}
