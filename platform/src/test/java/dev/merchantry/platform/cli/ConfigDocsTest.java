package dev.merchantry.platform.cli;

import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.plugins.PluginHost;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** The configuration tables of docs/algorithms are what the bundled strategies' ConfigSpecs generate. */
class ConfigDocsTest {

    private static final Path DOCS = Path.of("..", "docs", "algorithms");
    private static final Path BUNDLED = Path.of("target", "merchantry", "plugins");

    @Test
    void aTableHasEveryKeyWithItsConstraintDefaultImportanceAndDoc() {
        StrategyDescriptor d = new StrategyDescriptor("x", StrategyKind.RECOMMENDER, "1.0.0", "X", "doc.",
                ConfigSpec.builder()
                        .define("k", ConfigType.INT, 5, Validators.between(1, 10), Importance.HIGH, "Neighbours | pipes.")
                        .define("mode", ConfigType.STRING, "a", Validators.oneOf("a", "b"), Importance.LOW, "Mode.")
                        .define("rate", ConfigType.DOUBLE, 0.5, Validators.greaterThan(0), Importance.MEDIUM, "Rate.")
                        .build());
        assertEquals("""
                | key | type | default | importance | doc |
                |---|---|---|---|---|
                | `k` | int 1…10 | 5 | high | Neighbours \\| pipes. |
                | `mode` | string: `a`, `b` | `a` | low | Mode. |
                | `rate` | double > 0 | 0.5 | medium | Rate. |
                """, ConfigDocs.table(d));
        assertThrows(IllegalArgumentException.class, () -> ConfigDocs.update(
                "<!-- config:nope -->\n<!-- /config:nope -->", Map.of("x", d)), "an unknown marked id is refused");
    }

    @Test
    void docsAlgorithmsHoldTheGeneratedTableOfEveryBundledStrategyOnce() throws IOException {
        try (PluginHost host = new PluginHost(BUNDLED, MerchantryNode.VERSION)) {
            host.loadAll();
            Map<String, StrategyDescriptor> strategies = StrategiesCommand.DocsCommand.descriptors(host);
            List<String> problems = new ArrayList<>();
            List<String> marked = new ArrayList<>();
            try (Stream<Path> files = Files.list(DOCS)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                    String text = Files.readString(f);
                    Matcher m = ConfigDocs.BLOCK.matcher(text);
                    while (m.find()) {
                        marked.add(m.group(1));
                    }
                    if (!ConfigDocs.update(text, strategies).equals(text)) {
                        problems.add(f + " has a configuration table that differs from its strategy's ConfigSpec");
                    }
                }
            }
            if (!new TreeSet<>(marked).equals(new TreeSet<>(strategies.keySet())) || marked.size() != strategies.size()) {
                problems.add("docs/algorithms must mark each bundled strategy's table once: marked " + new TreeSet<>(marked)
                        + ", strategies " + new TreeSet<>(strategies.keySet()));
            }
            if (!problems.isEmpty()) {
                fail(String.join("\n", problems) + "\nRegenerate with: platform/target/merchantry/bin/merchantry"
                        + " strategies docs --update docs/algorithms");
            }
        }
    }
}
