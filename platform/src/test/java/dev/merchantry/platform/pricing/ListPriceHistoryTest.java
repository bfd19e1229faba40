package dev.merchantry.platform.pricing;

import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.platform.storage.PricingDecisionRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which days a pricing agent's warm start counts at list price, on a hand-built week. */
class ListPriceHistoryTest {

    private static final LocalDate MONDAY = LocalDate.parse("2026-11-02");

    private static Instant at(int day, int hour) {
        return MONDAY.plusDays(day).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(3600L * hour);
    }

    @Test
    void keepsZeroSaleDaysAndDropsStockOutsOtherPricesAndDecisionsAtOtherPrices() {
        // Mon 3 units, Tue 0, Wed out of stock, Thu 2 (one of them at 18), Fri 0 under a decision at 18,
        // Sat 4, Sun 0.
        TimeSeries demand = TimeSeries.of("p", Frequency.DAILY, MONDAY, new double[] {3, 0, Double.NaN, 2, 0, 4, 0});
        List<PriceObservation> sales = List.of(new PriceObservation(at(0, 0), 20, 3, 60),
                new PriceObservation(at(3, 0), 18, 1, 18), new PriceObservation(at(3, 0), 20, 1, 20),
                new PriceObservation(at(5, 0), 20.001, 4, 80)); // to the cent: still the list price
        PricingDecisionRecord atEighteen = new PricingDecisionRecord("d1", "s", "p", "thompson-pricing", 18, 20.0,
                true, "", null, null, null, "auto", PricingDecisionRecord.OBSERVED, at(4, 6), at(4, 6), at(5, 6),
                0.0, 0.0, "events", at(5, 7));
        PricingDecisionRecord pending = new PricingDecisionRecord("d2", "s", "p", "thompson-pricing", 22, 20.0,
                true, "", null, null, null, "suggest", PricingDecisionRecord.PENDING, at(6, 1), null, null,
                null, null, null, null);
        List<PriceObservation> history = ListPriceHistory.of(demand, sales, List.of(atEighteen, pending), 20);
        // Kept: Mon (3), Tue (0), Sun (0; the pending suggestion never took effect). Thu had a sale at 18; the
        // decision at 18 was in force from Fri 06:00 to Sat 06:00, so both Fri and Sat go.
        assertEquals(List.of(at(0, 0), at(1, 0), at(6, 0)), history.stream().map(PriceObservation::periodStart).toList());
        assertEquals(List.of(3.0, 0.0, 0.0), history.stream().map(PriceObservation::units).toList());
        assertEquals(List.of(20.0, 20.0, 20.0), history.stream().map(PriceObservation::price).toList());
        assertEquals(60.0, history.get(0).revenue());
    }
}
