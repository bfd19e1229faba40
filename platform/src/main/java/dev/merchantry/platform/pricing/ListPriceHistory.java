package dev.merchantry.platform.pricing;

import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.platform.storage.PricingDecisionRecord;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The product's recent days at its list price, zero-sale days included, which a pricing agent starts from (its warm
 * start). Order lines carry the price only on days with sales, so the price of a zero-sale day is unknown: a first
 * version counted every day without a sale at another price, and on the demo shop (prices changing every 2–6 weeks)
 * that put the zero-sale days of earlier prices at the list price and estimated every one of the 20 best sellers
 * 10–60 % below its sales at the current price. So only the current price's run counts: the days strictly after the
 * first sale at list price that follows the last evidence of another price (an order line at another price, or a
 * pricing decision at another price in force). Starting strictly after a sale does not bias the level (for Poisson
 * sales, what follows a sale is a fresh start); including that sale would. Stock-out days (censored demand) are left
 * out. A price changed with no sale since gives no history: the agent starts cold.
 */
public final class ListPriceHistory {

    /** How far back the warm start looks: eight weeks, as the demo's demand estimate (DemoPriceResponse). */
    public static final int DAYS = 56;
    /** Prices are compared to the cent, as automatic attribution does. */
    private static final double CENT = 0.005;

    private ListPriceHistory() {
    }

    /**
     * @param demand units per UTC day, stock-out days NaN ({@code CommerceViews.dailyDemand})
     * @param sales units per day and price charged ({@code CommerceViews.priceHistory})
     * @param decisions the product's stored pricing decisions
     * @param listPrice the price the agent's grid is built around
     * @return one observation per day at list price, oldest first
     */
    public static List<PriceObservation> of(TimeSeries demand, List<PriceObservation> sales,
                                     List<PricingDecisionRecord> decisions, double listPrice) {
        Set<LocalDate> otherPrice = new HashSet<>();
        for (PriceObservation s : sales) {
            if (Math.abs(s.price() - listPrice) >= CENT) {
                otherPrice.add(day(s.periodStart()));
            }
        }
        for (PricingDecisionRecord d : decisions) {
            if (d.periodStart() == null || Math.abs(d.price() - listPrice) < CENT) {
                continue;
            }
            LocalDate last = day(d.periodEnd() == null ? d.periodStart() : d.periodEnd().minusMillis(1));
            for (LocalDate x = day(d.periodStart()); !x.isAfter(last); x = x.plusDays(1)) {
                otherPrice.add(x);
            }
        }
        LocalDate lastOther = otherPrice.stream().max(LocalDate::compareTo).orElse(LocalDate.MIN);
        LocalDate firstListSale = null;
        for (PriceObservation s : sales) {
            LocalDate d = day(s.periodStart());
            if (d.isAfter(lastOther) && Math.abs(s.price() - listPrice) < CENT && s.units() > 0
                    && (firstListSale == null || d.isBefore(firstListSale))) {
                firstListSale = d;
            }
        }
        List<PriceObservation> history = new ArrayList<>();
        if (firstListSale == null) {
            return history;
        }
        double[] values = demand.values();
        for (int i = 0; i < values.length; i++) {
            LocalDate date = demand.start().plusDays(i);
            if (!date.isAfter(firstListSale) || Double.isNaN(values[i])) {
                continue;
            }
            history.add(new PriceObservation(date.atStartOfDay(ZoneOffset.UTC).toInstant(), listPrice, values[i],
                    listPrice * values[i]));
        }
        return history;
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }
}
