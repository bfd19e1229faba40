package dev.merchantry.platform.pricing;

import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.platform.storage.PricingDecisionRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which days a pricing agent's warm start counts at list price, on hand-built ten-day histories. */
class ListPriceHistoryTest {

    private static final LocalDate D0 = LocalDate.parse("2026-11-02");
    private static final double LIST = 20;

    private static Instant at(int day, int hour) {
        return D0.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600L * hour);
    }

    private static PriceObservation sale(int day, double price, double units) {
        return new PriceObservation(at(day, 0), price, units, price * units);
    }

    private static PricingDecisionRecord decision(double price, Instant from, Instant to) {
        return new PricingDecisionRecord("d" + price, "s", "p", "thompson-pricing", price, LIST, true, "", null, null,
                null, from == null ? "suggest" : "auto", from == null ? PricingDecisionRecord.PENDING
                : PricingDecisionRecord.OBSERVED, at(0, 0), from, to, null, null, null, null, null);
    }

    // Units per day: d0 3 at 20, d1 0, d2 1 at 18, d3 0, d4 2 at 20, d5 0, d6 out of stock, d7 1 at 20, d8 0,
    // d9 4 at 20.001 (to the cent: the list price).
    private static final TimeSeries DEMAND = TimeSeries.of("p", Frequency.DAILY, D0,
            new double[] {3, 0, 1, 0, 2, 0, Double.NaN, 1, 0, 4});
    private static final List<PriceObservation> SALES = List.of(sale(0, 20, 3), sale(2, 18, 1), sale(4, 20, 2),
            sale(7, 20, 1), sale(9, 20.001, 4));

    @Test
    void countsTheDaysAfterTheFirstListPriceSaleThatFollowsTheLastOtherPrice() {
        // The last other price is d2 (a sale at 18; a decision at 22 in force d1 06:00 – d2 06:00 changes nothing,
        // a pending suggestion never took effect). The first list-price sale after it is d4; counted: d5, d7, d8, d9
        // (d6 is a stock-out).
        List<PriceObservation> history = ListPriceHistory.of(DEMAND, SALES,
                List.of(decision(22, at(1, 6), at(2, 6)), decision(24, null, null)), LIST);
        assertEquals(List.of(at(5, 0), at(7, 0), at(8, 0), at(9, 0)),
                history.stream().map(PriceObservation::periodStart).toList());
        assertEquals(List.of(0.0, 1.0, 0.0, 4.0), history.stream().map(PriceObservation::units).toList());
        assertTrue(history.stream().allMatch(h -> h.price() == LIST && h.revenue() == LIST * h.units()));
    }

    @Test
    void aDecisionAtAnotherPriceAfterTheLastSaleLeavesNoHistory() {
        // A decision at 18 in force d8 06:00 – d9 06:00: the last other price is d9, and no list-price sale follows.
        assertEquals(List.of(), ListPriceHistory.of(DEMAND, SALES, List.of(decision(18, at(8, 6), at(9, 6))), LIST));
    }

    @Test
    void withoutAnyOtherPriceTheDaysAfterTheFirstSaleCount() {
        TimeSeries demand = TimeSeries.of("p", Frequency.DAILY, D0, new double[] {2, 0, 1, 0});
        List<PriceObservation> history = ListPriceHistory.of(demand, List.of(sale(0, 20, 2), sale(2, 20, 1)),
                List.of(), LIST);
        assertEquals(List.of(0.0, 1.0, 0.0), history.stream().map(PriceObservation::units).toList());
    }
}
