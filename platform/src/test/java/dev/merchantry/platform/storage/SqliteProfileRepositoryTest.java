package dev.merchantry.platform.storage;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The profile repository suite on the embedded SQLite database. */
class SqliteProfileRepositoryTest extends ProfileRepositoryContractTest {

    @TempDir
    Path dir;

    @Override
    protected Database openDatabase() {
        return Database.open(DatabaseOptions.embedded(dir));
    }
}
