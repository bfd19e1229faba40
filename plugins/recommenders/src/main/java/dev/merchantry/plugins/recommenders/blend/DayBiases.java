package dev.merchantry.plugins.recommenders.blend;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.recommend.Interactions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bias baseline with a day-specific user bias: r̂ = μ + b_u + b_i + b_{u,day}, the "b_{u,t}" of Koren (2009,
 * "Collaborative filtering with temporal dynamics", KDD; eq. 9). People rate in sessions, and a session has a mood:
 * the same customer is harsher on one evening than on another. The term is known only for days on which the
 * customer rated something the model was trained on, so it sharpens predictions of ratings given on such days
 * (held-out ratings of a session, a rating typed in a review next to others) and is 0 for any other day.
 *
 * <p>Fitted like {@code BiasBaseline}: alternating exact block updates (items, users, user-days), each minimising
 * Σ (r − r̂)² + λ_u Σ b_u² + λ_i Σ b_i² + λ_d Σ b_{u,day}², so the objective never increases. Days are UTC calendar
 * days of the rating's timestamp; ratings without one (timestamp 0) get no day term.
 */
final class DayBiases {

    static final long DAY_MILLIS = 86_400_000L;
    static final double REG_USER = 15;
    static final double REG_ITEM = 10;
    static final int SWEEPS = 10;

    private final double mean;
    private final Map<String, Double> userBias;
    private final Map<String, Double> itemBias;
    /** Key: user id, then the day number; value: that user's bias on that day. */
    private final Map<String, Map<Long, Double>> dayBias;

    private DayBiases(double mean, Map<String, Double> userBias, Map<String, Double> itemBias,
                      Map<String, Map<Long, Double>> dayBias) {
        this.mean = mean;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.dayBias = dayBias;
    }

    /** True when the ratings carry timestamps on at least two different days (else a day term is a second b_u). */
    static boolean applicable(Interactions in) {
        long first = Long.MIN_VALUE;
        for (int row = 0; row < in.size(); row++) {
            long t = in.timestamp(row);
            if (t == 0) {
                continue;
            }
            long day = Math.floorDiv(t, DAY_MILLIS);
            if (first == Long.MIN_VALUE) {
                first = day;
            } else if (day != first) {
                return true;
            }
        }
        return false;
    }

    static DayBiases fit(Interactions in, double regDay) {
        int n = in.size();
        double mu = 0;
        for (int row = 0; row < n; row++) {
            mu += in.value(row);
        }
        mu = n == 0 ? 0 : mu / n;
        // dense slot per (user, day) seen; -1 for rows without a timestamp
        Map<Long, Integer> slots = new HashMap<>();
        int[] slotOf = new int[n];
        List<long[]> slotKeys = new ArrayList<>();
        for (int row = 0; row < n; row++) {
            long t = in.timestamp(row);
            if (t == 0) {
                slotOf[row] = -1;
                continue;
            }
            long day = Math.floorDiv(t, DAY_MILLIS);
            long key = ((long) in.user(row) << 32) ^ (day & 0xffffffffL);
            Integer s = slots.get(key);
            if (s == null) {
                s = slotKeys.size();
                slots.put(key, s);
                slotKeys.add(new long[] {in.user(row), day});
            }
            slotOf[row] = s;
        }
        double[] bu = new double[in.userCount()];
        double[] bi = new double[in.itemCount()];
        double[] bd = new double[slotKeys.size()];
        int[] userCount = new int[bu.length];
        int[] itemCount = new int[bi.length];
        int[] slotCount = new int[bd.length];
        for (int row = 0; row < n; row++) {
            userCount[in.user(row)]++;
            itemCount[in.item(row)]++;
            if (slotOf[row] >= 0) {
                slotCount[slotOf[row]]++;
            }
        }
        double[] sum = new double[Math.max(bd.length, Math.max(bu.length, bi.length))];
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            java.util.Arrays.fill(sum, 0, bi.length, 0);
            for (int row = 0; row < n; row++) {
                sum[in.item(row)] += in.value(row) - mu - bu[in.user(row)] - day(bd, slotOf[row]);
            }
            for (int i = 0; i < bi.length; i++) {
                bi[i] = sum[i] / (REG_ITEM + itemCount[i]);
            }
            java.util.Arrays.fill(sum, 0, bu.length, 0);
            for (int row = 0; row < n; row++) {
                sum[in.user(row)] += in.value(row) - mu - bi[in.item(row)] - day(bd, slotOf[row]);
            }
            for (int u = 0; u < bu.length; u++) {
                bu[u] = sum[u] / (REG_USER + userCount[u]);
            }
            java.util.Arrays.fill(sum, 0, bd.length, 0);
            for (int row = 0; row < n; row++) {
                if (slotOf[row] >= 0) {
                    sum[slotOf[row]] += in.value(row) - mu - bi[in.item(row)] - bu[in.user(row)];
                }
            }
            for (int s = 0; s < bd.length; s++) {
                bd[s] = sum[s] / (regDay + slotCount[s]);
            }
        }
        Map<String, Double> users = new HashMap<>();
        for (int u = 0; u < bu.length; u++) {
            users.put(in.userId(u), bu[u]);
        }
        Map<String, Double> items = new HashMap<>();
        for (int i = 0; i < bi.length; i++) {
            items.put(in.itemId(i), bi[i]);
        }
        Map<String, Map<Long, Double>> days = new HashMap<>();
        for (int s = 0; s < bd.length; s++) {
            days.computeIfAbsent(in.userId((int) slotKeys.get(s)[0]), k -> new HashMap<>()).put(slotKeys.get(s)[1], bd[s]);
        }
        return new DayBiases(mu, users, items, days);
    }

    private static double day(double[] bd, int slot) {
        return slot < 0 ? 0 : bd[slot];
    }

    /** μ + b_u + b_i + b_{u,day}; unknown users, items and days contribute nothing. */
    double predict(String user, String item, long timestampMillis) {
        double r = mean + userBias.getOrDefault(user, 0.0) + itemBias.getOrDefault(item, 0.0);
        if (timestampMillis != 0) {
            Map<Long, Double> days = dayBias.get(user);
            if (days != null) {
                r += days.getOrDefault(Math.floorDiv(timestampMillis, DAY_MILLIS), 0.0);
            }
        }
        return r;
    }

    /** The day term alone (0 when unknown), for tests and metrics. */
    double dayTerm(String user, long timestampMillis) {
        Map<Long, Double> days = dayBias.get(user);
        return days == null || timestampMillis == 0 ? 0
                : days.getOrDefault(Math.floorDiv(timestampMillis, DAY_MILLIS), 0.0);
    }

    int userDays() {
        int n = 0;
        for (Map<Long, Double> d : dayBias.values()) {
            n += d.size();
        }
        return n;
    }

    void write(ModelWriter w) {
        w.writeDouble(mean);
        writeBiases(w, userBias);
        writeBiases(w, itemBias);
        List<String> users = new ArrayList<>(dayBias.keySet());
        users.sort(null);
        w.writeStrings(users);
        for (String u : users) {
            Map<Long, Double> days = dayBias.get(u);
            List<Long> keys = new ArrayList<>(days.keySet());
            keys.sort(null);
            int[] dayNumbers = new int[keys.size()];
            double[] values = new double[keys.size()];
            for (int k = 0; k < keys.size(); k++) {
                dayNumbers[k] = Math.toIntExact(keys.get(k));
                values[k] = days.get(keys.get(k));
            }
            w.writeInts(dayNumbers).writeDoubles(values);
        }
    }

    private static void writeBiases(ModelWriter w, Map<String, Double> biases) {
        List<String> ids = new ArrayList<>(biases.keySet());
        ids.sort(null);
        double[] v = new double[ids.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = biases.get(ids.get(k));
        }
        w.writeStrings(ids).writeDoubles(v);
    }

    static DayBiases read(ModelReader r) {
        double mean = r.readDouble();
        Map<String, Double> users = readBiases(r);
        Map<String, Double> items = readBiases(r);
        Map<String, Map<Long, Double>> days = new HashMap<>();
        for (String u : r.readStrings()) {
            int[] dayNumbers = r.readInts();
            double[] values = r.readDoubles();
            if (dayNumbers.length != values.length) {
                throw new IllegalStateException(dayNumbers.length + " days but " + values.length + " biases");
            }
            Map<Long, Double> m = new HashMap<>();
            for (int k = 0; k < values.length; k++) {
                m.put((long) dayNumbers[k], values[k]);
            }
            days.put(u, m);
        }
        return new DayBiases(mean, users, items, days);
    }

    private static Map<String, Double> readBiases(ModelReader r) {
        List<String> ids = r.readStrings();
        double[] v = r.readDoubles();
        if (v.length != ids.size()) {
            throw new IllegalStateException(ids.size() + " ids but " + v.length + " biases");
        }
        Map<String, Double> m = new HashMap<>();
        for (int k = 0; k < v.length; k++) {
            m.put(ids.get(k), v[k]);
        }
        return m;
    }
}
