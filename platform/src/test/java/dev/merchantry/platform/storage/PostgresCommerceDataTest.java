package dev.merchantry.platform.storage;

/** The commerce data suite on a real PostgreSQL. */
class PostgresCommerceDataTest extends CommerceDataContractTest {

    @Override
    protected Database openDatabase() {
        return SharedPostgres.open();
    }
}
