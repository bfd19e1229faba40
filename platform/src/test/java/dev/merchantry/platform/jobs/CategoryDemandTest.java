package dev.merchantry.platform.jobs;

import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Category sums by hand: series of different starts, a stock-out day, a product without a category. */
class CategoryDemandTest {

    private static final LocalDate D1 = LocalDate.parse("2026-11-01");

    @Test
    void sumsByDateSkippingStockOutDays() {
        CategoryDemand demand = new CategoryDemand();
        // a: 1 Nov – 4 Nov; b starts 3 Nov with a stock-out on 4 Nov; c (another category) 2 Nov – 4 Nov.
        demand.add("ski", TimeSeries.of("a", Frequency.DAILY, D1, new double[] {1, 0, 2, 3}));
        demand.add("ski", TimeSeries.of("b", Frequency.DAILY, D1.plusDays(2), new double[] {5, Double.NaN}));
        demand.add("tents", TimeSeries.of("c", Frequency.DAILY, D1.plusDays(1), new double[] {4, 4, 4}));
        demand.add(null, TimeSeries.of("d", Frequency.DAILY, D1, new double[] {9, 9, 9, 9}));
        TimeSeries ski = demand.of("ski");
        assertEquals(D1, ski.start());
        assertArrayEquals(new double[] {1, 0, 7, 3}, ski.values());
        TimeSeries tents = demand.of("tents");
        assertEquals(D1.plusDays(1), tents.start());
        assertArrayEquals(new double[] {4, 4, 4}, tents.values());
        assertNull(demand.of("climbing"));
        assertNull(demand.of(null));
        // a later product that starts earlier extends the sum backwards
        demand.add("tents", TimeSeries.of("e", Frequency.DAILY, D1, new double[] {2, 2, 2, 2}));
        assertEquals(D1, demand.of("tents").start());
        assertArrayEquals(new double[] {2, 6, 6, 6}, demand.of("tents").values());
    }
}
