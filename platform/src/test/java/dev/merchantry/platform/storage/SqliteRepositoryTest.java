package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The repository suite on the embedded SQLite database, plus durability across close and reopen. */
class SqliteRepositoryTest extends RepositoryContractTest {

    @TempDir
    Path dir;

    @Override
    protected Database openDatabase() {
        return Database.open(DatabaseOptions.embedded(dir));
    }

    @Test
    void dataSurvivesReopenAndMigrationsAreIdempotent() {
        db.bindings().put(shop, StrategyKind.PROFILER, "rfm", "{}", true, "admin");
        db.close();
        db = Database.open(DatabaseOptions.embedded(dir));
        assertEquals("rfm", db.bindings().find(shop, StrategyKind.PROFILER).orElseThrow().strategyId());
        assertEquals(1, db.bindings().history(shop, StrategyKind.PROFILER, 5).size());
    }
}
