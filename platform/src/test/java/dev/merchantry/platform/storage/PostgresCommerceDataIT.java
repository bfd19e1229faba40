package dev.merchantry.platform.storage;

/** The commerce data suite on a real PostgreSQL. */
class PostgresCommerceDataIT extends CommerceDataContractTest {

    @Override
    protected Database openDatabase() {
        return SharedPostgres.open();
    }
}
