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
 * start). Order lines carry the price only on days with sales, so a day counts at list price unless something says
 * otherwise: it is left out when the product was out of stock (censored demand), when any line that day was sold at
 * another price, or when a pricing decision at another price was in force during it. Leaving out only the days with
 * sales at other prices would bias the level down (their zero-sale neighbours stay); the decisions close most of
 * that gap for prices the platform set, and a merchant's own discounts without sales are the remaining blind spot.
 */
final class ListPriceHistory {

    /** How far back the warm start looks: eight weeks, as the demo's demand estimate (DemoPriceResponse). */
    static final int DAYS = 56;
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
    static List<PriceObservation> of(TimeSeries demand, List<PriceObservation> sales,
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
        List<PriceObservation> history = new ArrayList<>();
        double[] values = demand.values();
        for (int i = 0; i < values.length; i++) {
            LocalDate date = demand.start().plusDays(i);
            if (Double.isNaN(values[i]) || otherPrice.contains(date)) {
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
