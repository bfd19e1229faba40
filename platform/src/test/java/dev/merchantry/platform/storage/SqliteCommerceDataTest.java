package dev.merchantry.platform.storage;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The commerce data suite on the embedded SQLite database. */
class SqliteCommerceDataTest extends CommerceDataContractTest {

    @TempDir
    Path dir;

    @Override
    protected Database openDatabase() {
        return Database.open(DatabaseOptions.embedded(dir));
    }
}
