package dev.merchantry.platform.http;

import dev.merchantry.platform.testing.EmbeddedNode;

/**
 * The text rules on a node with a real PostgreSQL, which refuses NUL in text and turns lone surrogates into '?'.
 * An integration test (failsafe): it starts the embedded PostgreSQL server.
 */
class PostgresTextRulesIT extends TextRulesContractTest {

    @Override
    protected EmbeddedNode.Builder withDatabase(EmbeddedNode.Builder node) {
        return node.postgres("text_rules");
    }

    @Override
    protected String databaseName() {
        return "PostgreSQL";
    }
}
