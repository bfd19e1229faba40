package dev.merchantry.platform.storage;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Served recommendation lists stored as blocks: what goes in comes out (nulls, non-ASCII ids, empty and long lists),
 * reads by period, erasure of one customer and retention keep their meaning, and lists stored a row each by V12 are
 * moved into blocks by migration 15 on both engines.
 */
class ImpressionStorageTest {

    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z

    @TempDir
    Path dir;

    private static ImpressionRecord list(String shop, String id, long ts, String user, String... items) {
        return new ImpressionRecord(shop, id, ts, "item-knn", user == null ? null : "exp1",
                user == null ? null : "B", user, List.of(items));
    }

    @Test
    void blocksGiveBackWhatWasServed() {
        Random random = new Random(7);
        List<ImpressionRecord> lists = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            List<String> items = new ArrayList<>();
            for (int k = 0; k < random.nextInt(12); k++) {
                items.add("p-" + random.nextInt(500));
            }
            lists.add(new ImpressionRecord("s", i % 4 == 0 ? "r" + i : new java.util.UUID(random.nextLong(),
                    random.nextLong()).toString(), T0 + random.nextInt(1_000_000),
                    i % 3 == 0 ? "popular" : "item-knn", i % 2 == 0 ? null : "exp", i % 2 == 0 ? null : "v" + i % 5,
                    i % 7 == 0 ? null : "kunde-ü-" + random.nextInt(100), items));
        }
        byte[] block = ImpressionBlocks.encode(lists);
        List<ImpressionRecord> back = ImpressionBlocks.decode("s", block);
        List<ImpressionRecord> expected = new ArrayList<>(lists);
        expected.sort(java.util.Comparator.comparingLong(ImpressionRecord::ts));
        assertEquals(expected, back);
        // The point of blocks: a few bytes per list, not a row with indexes.
        assertEquals(true, block.length < 3_000 * 45, "block of " + block.length + " bytes");
        // A served list of ten with a UUID id, as serving makes them.
        List<ImpressionRecord> served = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            List<String> items = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                items.add("p-" + random.nextInt(300));
            }
            served.add(new ImpressionRecord("s", java.util.UUID.randomUUID().toString(), T0 + i * 3L, "item-knn",
                    null, null, "c-" + random.nextInt(2_000), items));
        }
        byte[] typical = ImpressionBlocks.encode(served);
        assertEquals(served, ImpressionBlocks.decode("s", typical));
        assertEquals(true, typical.length < 2_000 * 50, "typical block of " + typical.length + " bytes");
        assertThrows(StorageException.class, () -> ImpressionBlocks.decode("s", new byte[] {1, 2, 3}));
    }

    @Test
    void sqliteStoresReadsErasesAndExpires() {
        try (Database db = Database.open(DatabaseOptions.embedded(dir))) {
            storesReadsErasesAndExpires(db.performance());
        }
    }

    @Test
    void postgresStoresReadsErasesAndExpires() {
        String url = SharedPostgres.newDatabase("impression_blocks");
        try (Database db = Database.open(DatabaseOptions.url(url, SharedPostgres.USER, SharedPostgres.USER))) {
            storesReadsErasesAndExpires(db.performance());
        }
    }

    private static void storesReadsErasesAndExpires(PerformanceRepository repository) {
        repository.insertImpressions(List.of(
                list("a", "r2", T0 + 2_000, "ann", "p1", "p2"),
                list("a", "r1", T0 + 1_000, "bob", "p3"),
                list("b", "r9", T0 + 1_500, null, "p1"),
                list("a", "r3", T0 + DAY + 5, "ann", "p4")));
        repository.insertImpressions(List.of(list("a", "r0", T0 + 1_500, null, "p9")));

        assertEquals(List.of("r1", "r0", "r2", "r3"), ids(repository, "a", T0, T0 + 2 * DAY), "time order across blocks");
        assertEquals(List.of("r0", "r2"), ids(repository, "a", T0 + 1_500, T0 + 2_001), "[from, to) by list time");
        assertEquals(List.of("r9"), ids(repository, "b", T0, T0 + DAY));
        assertEquals(Instant.ofEpochMilli(T0 + 1_000), repository.oldestImpression("a"));
        assertEquals(List.of("a", "b"), repository.shopsWithImpressions());

        Map<String, Long> erased = repository.eraseCustomer("a", "ann");
        assertEquals(2L, erased.get("recommendation_impressions"));
        assertEquals(List.of("r1", "r0"), ids(repository, "a", T0, T0 + 2 * DAY));
        assertEquals(List.of("r9"), ids(repository, "b", T0, T0 + DAY), "another shop's lists are not touched");

        // Day 1's blocks end before the cut and go; nothing of day 2 remains after ann's erasure either.
        assertEquals(3, repository.deleteImpressionsBefore(Instant.ofEpochMilli(T0 + DAY)));
        assertEquals(List.of(), ids(repository, "a", T0, T0 + 2 * DAY));
        assertNull(repository.oldestImpression("a"));
    }

    private static List<String> ids(PerformanceRepository repository, String shop, long from, long to) {
        List<String> out = new ArrayList<>();
        repository.impressions(shop, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to),
                i -> out.add(i.recommendationId()));
        return out;
    }

    @Test
    void sqliteRowsOfV12MoveIntoBlocks() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve(Database.EMBEDDED_FILE);
        migratesV12Rows(url, null, null, "classpath:db/sqlite");
        try (Database db = Database.open(DatabaseOptions.embedded(dir))) {
            checkMoved(db, url, null, null);
        }
    }

    @Test
    void postgresRowsOfV12MoveIntoBlocks() throws Exception {
        String url = SharedPostgres.newDatabase("impressions_v12");
        migratesV12Rows(url, SharedPostgres.USER, SharedPostgres.USER, "classpath:db/postgresql");
        try (Database db = Database.open(DatabaseOptions.url(url, SharedPostgres.USER, SharedPostgres.USER))) {
            checkMoved(db, url, SharedPostgres.USER, SharedPostgres.USER);
        }
    }

    private static void migratesV12Rows(String url, String user, String password, String location) throws Exception {
        Flyway.configure().dataSource(url, user, password).locations(location).target("12").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement ps = c.prepareStatement("INSERT INTO recommendation_impressions (shop_id,"
                     + " recommendation_id, ts, strategy_id, experiment_id, variant_id, user_key, items)"
                     + " VALUES (?, ?, ?, 'item-knn', ?, ?, ?, ?)")) {
            for (int i = 0; i < 2_500; i++) {
                ps.setString(1, i % 10 == 0 ? "other" : "old");
                ps.setString(2, "r" + i);
                ps.setLong(3, T0 + i * 1_000L);
                ps.setString(4, i % 2 == 0 ? "exp" : null);
                ps.setString(5, i % 2 == 0 ? "A" : null);
                ps.setString(6, i % 3 == 0 ? null : "c" + i % 40);
                ps.setString(7, i % 50 == 0 ? "" : "p" + i % 7 + "\np" + i % 11);
                ps.executeUpdate();
            }
        }
    }

    private static void checkMoved(Database db, String url, String user, String password) throws Exception {
        List<ImpressionRecord> old = new ArrayList<>();
        db.performance().impressions("old", Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + DAY), old::add);
        assertEquals(2_250, old.size());
        ImpressionRecord r2 = old.get(1);
        assertEquals(new ImpressionRecord("old", "r2", T0 + 2_000, "item-knn", "exp", "A", "c2", List.of("p2", "p2")), r2);
        ImpressionRecord r50 = old.stream().filter(i -> i.recommendationId().equals("r51")).findFirst().orElseThrow();
        assertEquals(List.of("p2", "p7"), r50.items());
        List<ImpressionRecord> other = new ArrayList<>();
        db.performance().impressions("other", Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + DAY), other::add);
        assertEquals(250, other.size());
        assertEquals(List.of(), other.stream().filter(i -> i.recommendationId().equals("r100")).findFirst()
                .map(ImpressionRecord::items).orElseThrow(), "an empty V12 list stays empty");
        try (Connection c = DriverManager.getConnection(url, user, password);
             ResultSet rs = c.getMetaData().getTables(null, null, "recommendation_impressions", null)) {
            assertFalse(rs.next(), "the row table is gone");
        }
    }
}
