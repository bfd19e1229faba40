package dev.merchantry.platform.http;

import dev.merchantry.platform.NodeOptions;
import dev.merchantry.platform.storage.SharedPostgres;

import java.nio.file.Path;

/** The text rules on a node with a real PostgreSQL, which refuses NUL in text and turns lone surrogates into '?'. */
class PostgresTextRulesTest extends TextRulesContractTest {

    @Override
    protected NodeOptions nodeOptions(Path dir, Path plugins) {
        return new NodeOptions("127.0.0.1", 0, dir.resolve("data"), SharedPostgres.newDatabase("text_rules"),
                SharedPostgres.USER, SharedPostgres.USER, plugins, false, null, false, ADMIN, null, null);
    }

    @Override
    protected String databaseName() {
        return "PostgreSQL";
    }
}
