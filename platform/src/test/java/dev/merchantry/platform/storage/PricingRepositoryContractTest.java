package dev.merchantry.platform.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pricing repository on every supported database: one state per product, compare-and-set, decision periods. */
abstract class PricingRepositoryContractTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
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

    private PricingState state(long version, byte[] bytes) {
        return new PricingState(shop, "p1", "thompson-pricing", "{}", 20, 1, bytes, version, version - 1, T0, T0);
    }

    private PricingDecisionRecord decision(String id, String status, Instant at, double price) {
        boolean active = PricingDecisionRecord.ACTIVE.equals(status);
        return new PricingDecisionRecord(id, shop, "p1", "thompson-pricing", price, 20.0, true, "exploring", 30.0,
                600.0, null, active ? "auto" : "suggest", status, at, active ? at : null,
                active ? at.plusSeconds(86400) : null, null, null, null, null, null);
    }

    @Test
    void aProductGetsExactlyOneStateAndStaleReplacementsFail() {
        assertTrue(db.pricing().createState(state(1, new byte[] {1})));
        assertFalse(db.pricing().createState(state(1, new byte[] {2})), "the second creator loses");
        assertArrayEquals(new byte[] {1}, db.pricing().state(shop, "p1").orElseThrow().bytes());
        assertTrue(db.pricing().replaceState(state(2, new byte[] {3}), 1));
        assertFalse(db.pricing().replaceState(state(3, new byte[] {4}), 1), "version 1 is gone");
        PricingState now = db.pricing().state(shop, "p1").orElseThrow();
        assertEquals(2, now.version());
        assertArrayEquals(new byte[] {3}, now.bytes());
    }

    @Test
    void switchingAgentParksTheOldStateAndResumesTheParkedOneOfTheNewAgent() {
        PricingState a = new PricingState(shop, "p1", "thompson-pricing", "{\"price_points\":5}", 20, 1,
                new byte[] {1}, 1, 7, T0, T0);
        assertTrue(db.pricing().createState(a));
        // An experiment's variant takes the product over with another config: A is parked.
        PricingState b = new PricingState(shop, "p1", "thompson-pricing", "{\"price_points\":9}", 20, 1,
                new byte[] {2}, 2, 0, T0, T0);
        assertTrue(db.pricing().switchState(b, "hash-b", 1, a, "hash-a"));
        assertFalse(db.pricing().switchState(b, "hash-b", 1, a, "hash-a"), "version 1 is gone: nothing changes");
        assertEquals(2, db.pricing().state(shop, "p1").orElseThrow().version());
        PricingState parked = db.pricing().parkedState(shop, "p1", "thompson-pricing", "hash-a").orElseThrow();
        assertArrayEquals(new byte[] {1}, parked.bytes());
        assertEquals(7, parked.observations());
        assertEquals("{\"price_points\":5}", parked.configJson());
        assertTrue(db.pricing().parkedState(shop, "p1", "thompson-pricing", "hash-b").isEmpty());
        // A's decision still open when it was parked: its outcome lands on the parked state, once.
        db.pricing().addDecision(decision("d-a", PricingDecisionRecord.ACTIVE, T0, 21));
        PricingState learned = new PricingState(shop, "p1", a.strategyId(), a.configJson(), 20, 1, new byte[] {5}, 2,
                8, T0, T0);
        assertEquals(PricingRepository.OutcomeResult.STATE_CHANGED, db.pricing().recordParkedOutcome(shop, "d-a", 3,
                63, "api", T0, learned, "hash-a", 5), "a stale parked version stores nothing");
        assertEquals(PricingDecisionRecord.ACTIVE, db.pricing().decision(shop, "d-a").orElseThrow().status());
        assertEquals(PricingRepository.OutcomeResult.STORED, db.pricing().recordParkedOutcome(shop, "d-a", 3, 63,
                "api", T0, learned, "hash-a", 1));
        assertEquals(PricingRepository.OutcomeResult.DECISION_NOT_ACTIVE, db.pricing().recordParkedOutcome(shop,
                "d-a", 3, 63, "api", T0, learned, "hash-a", 2));
        parked = db.pricing().parkedState(shop, "p1", "thompson-pricing", "hash-a").orElseThrow();
        assertEquals(8, parked.observations());
        assertEquals(2, parked.version());
        assertEquals(2, db.pricing().state(shop, "p1").orElseThrow().version(), "the live state is untouched");

        // The experiment ends: A resumes from its parked state, B is parked, and A's parked copy is gone.
        PricingState resumed = new PricingState(shop, "p1", a.strategyId(), a.configJson(), parked.listPrice(),
                parked.formatVersion(), parked.bytes(), 3, parked.observations(), parked.createdAt(), T0);
        assertTrue(db.pricing().switchState(resumed, "hash-a", 2, b, "hash-b"));
        assertArrayEquals(new byte[] {5}, db.pricing().state(shop, "p1").orElseThrow().bytes(),
                "A resumes with what it learned while parked");
        assertTrue(db.pricing().parkedState(shop, "p1", "thompson-pricing", "hash-a").isEmpty());
        assertArrayEquals(new byte[] {2},
                db.pricing().parkedState(shop, "p1", "thompson-pricing", "hash-b").orElseThrow().bytes());
    }

    @Test
    void outcomesLandOnceAndOnlyOnTheVersionTheyWereLearnedFrom() {
        db.pricing().createState(state(1, new byte[] {1}));
        db.pricing().addDecision(decision("d1", PricingDecisionRecord.ACTIVE, T0, 16));
        assertEquals(PricingRepository.OutcomeResult.STATE_CHANGED, db.pricing().recordOutcome(shop, "d1", 3, 48,
                "api", T0, state(3, new byte[] {9}), 2));
        assertEquals(PricingDecisionRecord.ACTIVE, db.pricing().decision(shop, "d1").orElseThrow().status(),
                "a failed compare-and-set leaves the decision untouched");
        assertEquals(PricingRepository.OutcomeResult.STORED, db.pricing().recordOutcome(shop, "d1", 3, 48, "api", T0,
                state(2, new byte[] {5}), 1));
        PricingDecisionRecord d = db.pricing().decision(shop, "d1").orElseThrow();
        assertEquals(PricingDecisionRecord.OBSERVED, d.status());
        assertEquals(3.0, d.units());
        assertEquals("api", d.outcomeSource());
        assertEquals(PricingRepository.OutcomeResult.DECISION_NOT_ACTIVE, db.pricing().recordOutcome(shop, "d1", 3,
                48, "events", T0, state(3, new byte[] {6}), 2));
        assertEquals(2, db.pricing().state(shop, "p1").orElseThrow().version());
    }

    @Test
    void aListPriceOutcomeIsRecordedOnceWithoutTouchingTheState() {
        // decision ids are unique across shops, and the PostgreSQL suite shares one database
        String d1 = "list-" + shop;
        String d2 = "pending-" + shop;
        db.pricing().createState(state(1, new byte[] {1}));
        db.pricing().addDecision(decision(d1, PricingDecisionRecord.ACTIVE, T0, 20));
        assertTrue(db.pricing().observe(shop, d1, 2, 40, "events", T0.plusSeconds(86400)));
        PricingDecisionRecord d = db.pricing().decision(shop, d1).orElseThrow();
        assertEquals(PricingDecisionRecord.OBSERVED, d.status());
        assertEquals(40.0, d.revenue());
        assertEquals("events", d.outcomeSource());
        assertFalse(db.pricing().observe(shop, d1, 5, 100, "api", T0), "an outcome lands once");
        assertEquals(2.0, db.pricing().decision(shop, d1).orElseThrow().units());
        assertEquals(1, db.pricing().state(shop, "p1").orElseThrow().version(), "no agent state changed");
        db.pricing().addDecision(decision(d2, PricingDecisionRecord.PENDING, T0, 20));
        assertFalse(db.pricing().observe(shop, d2, 1, 20, "api", T0), "a pending decision takes no outcome");
    }

    @Test
    void aNewPriceEndsTheOldPeriodAndANewSuggestionExpiresTheOldOne() {
        db.pricing().addDecision(decision("a1", PricingDecisionRecord.ACTIVE, T0, 16));
        db.pricing().addDecision(decision("a2", PricingDecisionRecord.ACTIVE, T0.plusSeconds(3600), 18));
        assertEquals(T0.plusSeconds(3600), db.pricing().decision(shop, "a1").orElseThrow().periodEnd());
        assertEquals(List.of("a1"), db.pricing().endedActive(shop, T0.plusSeconds(7200), 10).stream()
                .map(PricingDecisionRecord::id).toList());
        db.pricing().addDecision(decision("s1", PricingDecisionRecord.PENDING, T0.plusSeconds(10), 20));
        db.pricing().addDecision(decision("s2", PricingDecisionRecord.PENDING, T0.plusSeconds(20), 22));
        assertEquals(List.of("s2"), db.pricing().pending(shop, 10).stream().map(PricingDecisionRecord::id).toList());
        assertEquals(PricingDecisionRecord.EXPIRED, db.pricing().decision(shop, "s1").orElseThrow().status());
        assertFalse(db.pricing().activate(shop, "s1", T0.plusSeconds(7200), T0.plusSeconds(90000)));
        assertTrue(db.pricing().activate(shop, "s2", T0.plusSeconds(7200), T0.plusSeconds(90000)));
        assertEquals(T0.plusSeconds(7200), db.pricing().decision(shop, "a2").orElseThrow().periodEnd(),
                "approving a price ends the period of the one in force");
        assertFalse(db.pricing().reject(shop, "s2"), "only pending decisions can be rejected");
        // newest decision first
        assertEquals(List.of("a2", "s2", "s1", "a1"), db.pricing().decisions(shop, "p1", 10).stream()
                .map(PricingDecisionRecord::id).toList());
    }

    @Test
    void salesAtCountsOrderLinesOfTheProductAtThePriceInThePeriod() {
        long t = T0.toEpochMilli();
        db.events().insert(shop, List.of(
                order("e1", t + 1000, "p1", 15.99, 3), order("e2", t + 2000, "p1", 15.99, 2),
                order("e3", t + 3000, "p1", 16.99, 7), order("e4", t + 4000, "p2", 15.99, 5),
                order("e5", t + 86_400_000, "p1", 15.99, 11)));
        // 3 + 2 units at 15.99 inside [T0, T0 + 1 day): the other price, product and the day after do not count.
        assertArrayEquals(new double[] {5, 5 * 15.99}, db.pricing().salesAt(shop, "p1", T0, T0.plusSeconds(86400),
                15.99), 1e-9);
        assertArrayEquals(new double[] {0, 0}, db.pricing().salesAt(shop, "p1", T0, T0.plusSeconds(86400), 17.5));
    }

    private static EventRecord order(String id, long ts, String product, double price, double quantity) {
        return new EventRecord(id, "Order Completed", ts, "c1", null, "o-" + id, price * quantity, null, "EUR", null,
                null, null, "{}", List.of(new EventRecord.EventItem(product, null, price, quantity, null)));
    }
}
