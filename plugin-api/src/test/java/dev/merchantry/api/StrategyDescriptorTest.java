package dev.merchantry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantry.api.config.ConfigSpec;
import org.junit.jupiter.api.Test;

class StrategyDescriptorTest {

    @Test
    void acceptsKebabCaseIdAndSemver() {
        StrategyDescriptor d = new StrategyDescriptor("item-knn", StrategyKind.RECOMMENDER, "1.2.0-rc.1", "Item kNN",
                "doc", ConfigSpec.empty());
        assertEquals("item-knn", d.id());
    }

    @Test
    void rejectsBadIdsAndVersionsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StrategyDescriptor(
                "Item_KNN", StrategyKind.RECOMMENDER, "1.0.0", "x", "", ConfigSpec.empty()));
        assertTrue(e.getMessage().contains("Item_KNN"));
        e = assertThrows(IllegalArgumentException.class, () -> new StrategyDescriptor(
                "svd", StrategyKind.RECOMMENDER, "1.0", "x", "", ConfigSpec.empty()));
        assertTrue(e.getMessage().contains("1.0"));
    }

    @Test
    void kindsHaveWireNames() {
        assertEquals(StrategyKind.PRICING, StrategyKind.fromWireName("pricing").orElseThrow());
        assertTrue(StrategyKind.fromWireName("PRICING").isEmpty());
    }
}
