package dev.merchantry.platform.storage;

/** The profile repository suite on a real PostgreSQL. */
class PostgresProfileRepositoryTest extends ProfileRepositoryContractTest {

    @Override
    protected Database openDatabase() {
        return SharedPostgres.open();
    }
}
