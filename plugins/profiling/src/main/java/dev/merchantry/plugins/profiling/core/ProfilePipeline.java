package dev.merchantry.plugins.profiling.core;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyException;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.Segment;
import dev.merchantry.plugins.profiling.clv.ClvScorer;
import dev.merchantry.plugins.profiling.rfm.QuintileScores;
import dev.merchantry.plugins.profiling.rfm.RfmGroup;
import dev.merchantry.plugins.profiling.segments.BehaviourFeatures;
import dev.merchantry.plugins.profiling.segments.SegmentFinder;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one training pass every profiling strategy runs: read the customers, score RFM and the eleven groups, fit
 * BG/NBD + Gamma-Gamma and score lifetime value and churn risk, then segment — the strategies differ only in what
 * their {@code segment} is (RFM groups, behavioural k-means clusters or predicted-value tiers), so whichever one a
 * shop binds, every profile has rfm, segment, clv and churn_risk.
 */
public final class ProfilePipeline {

    /** What a strategy's segments are. */
    public enum Segmentation {
        /** The RFM groups themselves. */
        RFM_GROUPS,
        /** k-means++ clusters of behavioural features. */
        BEHAVIOUR,
        /** Tiers of predicted 365-day value. */
        VALUE_TIERS
    }

    /** Segment id of customers without orders in the behaviour and value segmentations. */
    public static final String PROSPECTS = "prospects";

    private ProfilePipeline() {
    }

    public static ProfileModel run(String strategyId, Segmentation mode, SegmentFinder.Settings segmentSettings,
                                   CustomerData data, ProfilingSettings settings, StrategyContext context,
                                   ProgressListener progress) {
        RandomGenerator random = new Well19937c(settings.seed());
        try (Parallel parallel = Parallel.on(context)) {
            progress.progress(0, "reading customers");
            CustomerTable t = CustomerTable.read(data, settings.windowDays(), settings.unitDays(), progress);
            int n = t.size;
            int[] buyers = buyers(t);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("customers", (double) n);
            metrics.put("buyers", (double) buyers.length);

            progress.progress(0.35, "scoring RFM");
            byte[] r = new byte[n];
            byte[] f = new byte[n];
            byte[] m = new byte[n];
            byte[] group = new byte[n];
            scoreRfm(t, buyers, r, f, m, group, metrics);
            checkCancelled(progress);

            progress.progress(0.45, "fitting BG/NBD and Gamma-Gamma");
            ClvScorer.Result clv = ClvScorer.score(t, buyers, settings, random, parallel);
            metrics.putAll(clv.metrics());
            checkCancelled(progress);

            progress.progress(0.7, "segmenting");
            int[] segment = new int[n];
            List<String> segmentIds = new ArrayList<>();
            List<Segment> segments = switch (mode) {
                case RFM_GROUPS -> rfmSegments(t, group, segment, segmentIds, clv);
                case VALUE_TIERS -> valueTiers(t, buyers, segment, segmentIds, clv);
                case BEHAVIOUR -> behaviourSegments(t, buyers, segmentSettings, random, parallel, segment, segmentIds,
                        clv, metrics);
            };
            checkCancelled(progress);

            progress.progress(0.95, "building the model");
            ProfileModel.Columns c = columns(t, r, f, m, group, segment, segmentIds, clv);
            ProfileModel model = new ProfileModel(strategyId, data.asOf(), settings.horizonDays(), c, segments, metrics);
            progress.progress(1.0, "profiled " + n + " customers");
            return model;
        }
    }

    private static void checkCancelled(ProgressListener progress) {
        if (progress.cancelled() || Thread.currentThread().isInterrupted()) {
            throw new StrategyException("profiling was cancelled");
        }
    }

    private static int[] buyers(CustomerTable t) {
        int count = 0;
        for (int i = 0; i < t.size; i++) {
            count += t.orders[i] > 0 ? 1 : 0;
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < t.size; i++) {
            if (t.orders[i] > 0) {
                out[k++] = i;
            }
        }
        return out;
    }

    static void scoreRfm(CustomerTable t, int[] buyers, byte[] r, byte[] f, byte[] m, byte[] group,
                         Map<String, Double> metrics) {
        int b = buyers.length;
        double[] recency = new double[b];
        double[] frequency = new double[b];
        double[] monetary = new double[b];
        for (int k = 0; k < b; k++) {
            int i = buyers[k];
            recency[k] = t.recencyDays(i);
            frequency[k] = t.windowOrders[i];
            monetary[k] = t.windowRevenue[i];
        }
        QuintileScores rq = QuintileScores.of(recency, b, false);
        QuintileScores fq = QuintileScores.of(frequency, b, true);
        QuintileScores mq = QuintileScores.of(monetary, b, true);
        Arrays.fill(group, (byte) RfmGroup.PROSPECTS.ordinal());
        for (int k = 0; k < b; k++) {
            int i = buyers[k];
            r[i] = (byte) rq.score(recency[k]);
            f[i] = (byte) fq.score(frequency[k]);
            m[i] = (byte) mq.score(monetary[k]);
            group[i] = (byte) RfmGroup.of(r[i], f[i], m[i]).ordinal();
        }
        String[] names = {"recency", "frequency", "monetary"};
        QuintileScores[] scores = {rq, fq, mq};
        for (int d = 0; d < 3; d++) {
            double[] cuts = scores[d].cutsInUnits();
            for (int k = 0; k < 4; k++) {
                metrics.put("rfm_" + names[d] + "_cut_" + (k + 1), cuts[k]);
            }
        }
    }

    private static List<Segment> rfmSegments(CustomerTable t, byte[] group, int[] segment, List<String> ids,
                                             ClvScorer.Result clv) {
        RfmGroup[] groups = RfmGroup.values();
        SegmentStats stats = new SegmentStats(groups.length);
        for (RfmGroup g : groups) {
            ids.add(g.name());
        }
        for (int i = 0; i < t.size; i++) {
            segment[i] = group[i];
            stats.add(group[i], t, i, clv.value365()[i], clv.pAlive()[i]);
        }
        List<Segment> out = new ArrayList<>();
        for (RfmGroup g : groups) {
            int s = g.ordinal();
            if (stats.size(s) > 0) {
                Map<String, Double> avg = stats.averages(s);
                out.add(new Segment(g.name(), g.title(), capitalize(g.meaning()) + "; " + figures(avg), stats.size(s), avg));
            }
        }
        return out;
    }

    /** Value tiers: the top 5 %, next 15 %, next 30 % and remaining 50 % of buyers by predicted 365-day value. */
    static final double[] TIER_SHARES = {0.05, 0.20, 0.50, 1.0};
    static final String[] TIER_IDS = {"vip", "high", "medium", "low"};
    private static final String[] TIER_NAMES = {"Top 5% predicted value", "High predicted value",
        "Medium predicted value", "Low predicted value"};

    private static List<Segment> valueTiers(CustomerTable t, int[] buyers, int[] segment, List<String> ids,
                                            ClvScorer.Result clv) {
        ids.addAll(List.of(TIER_IDS));
        ids.add(PROSPECTS);
        int prospects = TIER_IDS.length;
        Arrays.fill(segment, prospects);
        float[] value = clv.value365();
        Integer[] order = new Integer[buyers.length];
        for (int k = 0; k < buyers.length; k++) {
            order[k] = buyers[k];
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -value[i]).thenComparing(i -> t.ids[i]));
        for (int rank = 0; rank < order.length; rank++) {
            int tier = 0;
            while (rank >= TIER_SHARES[tier] * order.length && tier < TIER_SHARES.length - 1) {
                tier++;
            }
            segment[order[rank]] = tier;
        }
        SegmentStats stats = new SegmentStats(ids.size());
        for (int i = 0; i < t.size; i++) {
            stats.add(segment[i], t, i, value[i], clv.pAlive()[i]);
        }
        List<Segment> out = new ArrayList<>();
        double from = 0;
        for (int s = 0; s < TIER_IDS.length; s++) {
            if (stats.size(s) > 0) {
                Map<String, Double> avg = stats.averages(s);
                String description = String.format(Locale.ROOT, "buyers ranked %.0f–%.0f%% by predicted discounted"
                        + " value of the next 365 days; ", 100 * from, 100 * TIER_SHARES[s]) + figures(avg);
                out.add(new Segment(TIER_IDS[s], TIER_NAMES[s], description, stats.size(s), avg));
            }
            from = TIER_SHARES[s];
        }
        addProspects(stats, prospects, out);
        return out;
    }

    private static List<Segment> behaviourSegments(CustomerTable t, int[] buyers, SegmentFinder.Settings s,
                                                   RandomGenerator random, Parallel parallel, int[] segment,
                                                   List<String> ids, ClvScorer.Result clv, Map<String, Double> metrics) {
        SegmentFinder.Clusters clusters = SegmentFinder.find(t, buyers, s, random, parallel);
        int k = clusters.k();
        for (int j = 1; j <= k; j++) {
            ids.add(Integer.toString(j));
        }
        ids.add(PROSPECTS);
        int prospects = k;
        BehaviourFeatures features = clusters.features();
        int d = features.dimensions();
        double[][] rawSum = new double[k][d];
        double[] row = new double[d];
        SegmentStats stats = new SegmentStats(k + 1);
        for (int i = 0; i < t.size; i++) {
            int label = clusters.label()[i];
            segment[i] = label < 0 ? prospects : label;
            stats.add(segment[i], t, i, clv.value365()[i], clv.pAlive()[i]);
            if (label >= 0) {
                features.raw(i, row, 0);
                for (int f = 0; f < d; f++) {
                    rawSum[label][f] += row[f];
                }
            }
        }
        List<String> categories = features.categoryNames();
        int base = BehaviourFeatures.BASE.size();
        List<Segment> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            long size = stats.size(j);
            if (size == 0) {
                continue;
            }
            double[] z = new double[d];
            double[] share = new double[categories.size()];
            for (int f = 0; f < d; f++) {
                double mean = rawSum[j][f] / size;
                z[f] = features.z(f, mean);
                if (f >= base) {
                    share[f - base] = mean;
                }
            }
            Map<String, Double> avg = new LinkedHashMap<>(stats.averages(j));
            String[] words = SegmentFinder.describe(z, avg, share, categories);
            for (int c = 0; c < categories.size(); c++) {
                avg.put("share_" + categories.get(c), ProfileMath.round(share[c], 3));
            }
            out.add(new Segment(ids.get(j), words[0], capitalize(words[1]), size, avg));
        }
        addProspects(stats, prospects, out);
        metrics.put("segments_k", (double) k);
        if (!Double.isNaN(clusters.silhouette())) {
            metrics.put("segments_silhouette", clusters.silhouette());
        }
        return out;
    }

    private static void addProspects(SegmentStats stats, int index, List<Segment> out) {
        if (stats.size(index) > 0) {
            Map<String, Double> avg = stats.averages(index);
            out.add(new Segment(PROSPECTS, "Prospects", String.format(Locale.ROOT,
                    "Visitors with an account but no order yet (%.1f product views on average)", avg.get("views")),
                    stats.size(index), avg));
        }
    }

    private static String figures(Map<String, Double> avg) {
        return String.format(Locale.ROOT, "on average %.1f orders, %.0f spent, last order %.0f days ago",
                avg.get("orders"), avg.get("monetary"), avg.get("recency_days"));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static ProfileModel.Columns columns(CustomerTable t, byte[] r, byte[] f, byte[] m, byte[] group,
                                                int[] segment, List<String> segmentIds, ClvScorer.Result clv) {
        int n = t.size;
        int[] order = idOrder(t);
        ProfileModel.Columns c = new ProfileModel.Columns();
        c.ids = new String[n];
        c.recencyDays = new float[n];
        c.frequency = new int[n];
        c.monetary = new float[n];
        c.r = new byte[n];
        c.f = new byte[n];
        c.m = new byte[n];
        c.group = new byte[n];
        c.segment = new int[n];
        c.lastSeen = new double[n];
        c.expected90 = new float[n];
        c.pAlive = new float[n];
        c.orderValue = new float[n];
        c.value365 = new float[n];
        c.expectedHorizon = new float[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            c.ids[k] = t.ids[i];
            c.recencyDays[k] = (float) t.recencyDays(i);
            c.frequency[k] = t.windowOrders[i];
            c.monetary[k] = (float) t.windowRevenue[i];
            c.r[k] = r[i];
            c.f[k] = f[i];
            c.m[k] = m[i];
            c.group[k] = group[i];
            c.segment[k] = segment[i];
            c.lastSeen[k] = t.lastSeen[i];
            c.expected90[k] = clv.expected90()[i];
            c.pAlive[k] = clv.pAlive()[i];
            c.orderValue[k] = clv.orderValue()[i];
            c.value365[k] = clv.value365()[i];
            c.expectedHorizon[k] = clv.expectedHorizon()[i];
        }
        c.segmentIds = segmentIds.toArray(new String[0]);
        return c;
    }

    /** Customer indices in id order (the platform already streams them so; anything else is sorted). */
    private static int[] idOrder(CustomerTable t) {
        int n = t.size;
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = t.ids[i - 1].compareTo(t.ids[i]) <= 0;
        }
        if (sorted) {
            int[] identity = new int[n];
            for (int i = 0; i < n; i++) {
                identity[i] = i;
            }
            return identity;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.comparing((Integer i) -> t.ids[i]));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }
}
