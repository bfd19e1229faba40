package dev.merchantry.platform.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The commerce data suite on a real PostgreSQL (embedded binary, started once for the class). */
class PostgresCommerceDataTest extends CommerceDataContractTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Override
    protected Database openDatabase() {
        return Database.open(DatabaseOptions.url(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres"));
    }
}
