package dev.merchantry.platform.storage;

/** The pricing repository suite on a real PostgreSQL. */
class PostgresPricingRepositoryIT extends PricingRepositoryContractTest {

    @Override
    protected Database openDatabase() {
        return SharedPostgres.open();
    }
}
