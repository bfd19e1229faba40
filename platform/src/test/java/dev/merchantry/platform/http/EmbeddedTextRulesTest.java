package dev.merchantry.platform.http;

import dev.merchantry.platform.NodeOptions;

import java.nio.file.Path;

/** The text rules on a node with the default embedded database. */
class EmbeddedTextRulesTest extends TextRulesContractTest {

    @Override
    protected NodeOptions nodeOptions(Path dir, Path plugins) {
        return new NodeOptions("127.0.0.1", 0, dir.resolve("data"), null, null, null, plugins, false, null, false, ADMIN,
                null, null);
    }

    @Override
    protected String databaseName() {
        return "embedded";
    }
}
