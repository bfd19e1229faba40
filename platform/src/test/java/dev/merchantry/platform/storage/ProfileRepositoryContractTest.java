package dev.merchantry.platform.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The materialized-profile repository on every supported database: a set is served only once flipped, the flip
 * reports group changes, audiences filter and page in value order with prospects last, erasure reaches every version.
 */
abstract class ProfileRepositoryContractTest {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 1_780_000_000_000L;
    protected Database db;
    protected String shop;

    protected abstract Database openDatabase();

    @BeforeEach
    void setUp() {
        db = openDatabase();
        shop = "s-" + UUID.randomUUID().toString().substring(0, 8);
        db.shops().create(shop, "Test shop");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static ProfileRow row(String id, String group, String segment, Double value, Double churn, long lastSeen) {
        return new ProfileRow(id, group, value == null ? 0 : 3, segment, value, churn, lastSeen,
                "{\"id\":\"" + id + "\"}");
    }

    private ProfileSet set(long version, long customers) {
        return new ProfileSet(version, "rfm-clv", customers, NOW, NOW, "[]", "{}");
    }

    private static List<String> ids(List<ProfileRow> rows) {
        return rows.stream().map(ProfileRow::customerId).toList();
    }

    @Test
    void aSetIsServedOnlyOnceFlippedAndTheFlipReportsGroupChanges() {
        db.profiles().insert(shop, 1, List.of(row("c1", "LOYAL", "s0", 100.0, 0.1, NOW),
                row("c2", "NEW", "s0", 10.0, 0.5, NOW)));
        assertTrue(db.profiles().currentSet(shop).isEmpty(), "written rows are not served before the flip");
        assertTrue(db.profiles().profileJson(shop, "c1").isEmpty());
        List<GroupChange> first = new ArrayList<>();
        db.profiles().flip(shop, set(1, 2), first::add);
        assertEquals(List.of(), first, "a shop's first set changes nobody's group");
        assertEquals(1, db.profiles().currentSet(shop).orElseThrow().version());
        assertEquals("{\"id\":\"c1\"}", db.profiles().profileJson(shop, "c1").orElseThrow());

        db.profiles().insert(shop, 2, List.of(row("c1", "AT_RISK", "s0", 90.0, 0.7, NOW),
                row("c2", "NEW", "s0", 12.0, 0.4, NOW), row("c3", "PROSPECTS", "s1", null, null, NOW)));
        List<GroupChange> second = new ArrayList<>();
        db.profiles().flip(shop, set(2, 3), second::add);
        assertEquals(List.of(new GroupChange("c1", "LOYAL", "AT_RISK"), new GroupChange("c3", null, "PROSPECTS")),
                second, "changed and new customers, by id");
        assertEquals(Map.of("AT_RISK", 1L, "NEW", 1L, "PROSPECTS", 1L), db.profiles().groupCounts(shop, 2));
        assertEquals(Map.of(), db.profiles().groupCounts(shop, 1), "the old version's rows are gone");
    }

    @Test
    void unservedVersionsAreCleanedAndErasureReachesEveryVersion() {
        db.profiles().insert(shop, 1, List.of(row("c1", "LOYAL", "s0", 100.0, 0.1, NOW)));
        db.profiles().flip(shop, set(1, 1), change -> { });
        db.profiles().insert(shop, 2, List.of(row("c1", "LOYAL", "s0", 100.0, 0.1, NOW),
                row("c2", "NEW", "s0", 1.0, 0.1, NOW)));
        assertEquals(2, db.profiles().deleteUnserved(shop), "the unfinished version 2");
        assertEquals(1, db.profiles().currentSet(shop).orElseThrow().version());

        db.profiles().insert(shop, 3, List.of(row("c1", "LOYAL", "s0", 100.0, 0.1, NOW)));
        assertEquals(2, db.profiles().erase(shop, "c1"), "served and unserved rows");
        assertTrue(db.profiles().profileJson(shop, "c1").isEmpty());
    }

    @Test
    void audiencesFilterAndPageByValueWithProspectsLast() {
        db.profiles().insert(shop, 1, List.of(
                row("a", "LOYAL", "s0", 50.0, 0.1, NOW),
                row("b", "LOYAL", "s1", 50.0, 0.9, NOW - 40 * DAY),
                row("c", "AT_RISK", "s0", 80.0, 0.6, NOW - 2 * DAY),
                row("d", "PROSPECTS", "s1", null, null, NOW),
                row("e", "NEW", "s0", 5.0, 0.3, NOW)));
        db.profiles().flip(shop, set(1, 5), change -> { });
        AudienceFilter everyone = new AudienceFilter(List.of(), List.of(), null, null, null, null, null);

        assertEquals(List.of("c", "b", "a", "e", "d"), ids(db.profiles().audience(shop, 1, everyone, 10, null)),
                "value descending, ties by id descending, prospects last");
        List<ProfileRow> page = db.profiles().audience(shop, 1, everyone, 2, null);
        ProfileRow last = page.get(1);
        assertEquals(List.of("a", "e"), ids(db.profiles().audience(shop, 1, everyone, 2,
                new ProfileRepository.Position(last.sortValue(), last.customerId()))), "the next keyset page");

        assertEquals(List.of("b", "a"), ids(db.profiles().audience(shop, 1,
                new AudienceFilter(List.of("LOYAL"), List.of(), null, null, null, null, null), 10, null)));
        assertEquals(List.of("c", "a", "e"), ids(db.profiles().audience(shop, 1,
                new AudienceFilter(List.of(), List.of("s0"), null, null, null, null, null), 10, null)));
        assertEquals(List.of("b", "a"), ids(db.profiles().audience(shop, 1,
                new AudienceFilter(List.of(), List.of(), 10.0, 60.0, null, null, null), 10, null)));
        assertEquals(List.of("c", "b"), ids(db.profiles().audience(shop, 1,
                new AudienceFilter(List.of(), List.of(), null, null, 0.5, null, null), 10, null)));
        assertEquals(List.of("c", "a", "e", "d"), ids(db.profiles().audience(shop, 1,
                new AudienceFilter(List.of(), List.of(), null, null, null, null, NOW - 30 * DAY), 10, null)),
                "seen in the last 30 days");
    }
}
