package dev.merchantry.platform.http;

import dev.merchantry.platform.testing.EmbeddedNode;

/** The text rules on a node with the default embedded database. */
class EmbeddedTextRulesIT extends TextRulesContractTest {

    @Override
    protected EmbeddedNode.Builder withDatabase(EmbeddedNode.Builder node) {
        return node;
    }

    @Override
    protected String databaseName() {
        return "embedded";
    }
}
