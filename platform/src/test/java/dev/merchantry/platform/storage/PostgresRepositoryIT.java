package dev.merchantry.platform.storage;

/** The same repository suite on a real PostgreSQL. */
class PostgresRepositoryIT extends RepositoryContractTest {

    @Override
    protected Database openDatabase() {
        return SharedPostgres.open();
    }
}
