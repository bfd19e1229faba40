package dev.merchantry.plugins.profiling.core;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.api.profile.Segment;
import dev.merchantry.plugins.profiling.rfm.RfmGroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The trained profiles of one shop as primitive columns sorted by customer id (lookups are a binary search; no
 * per-customer objects are kept), plus the segments and the fitted parameters. Immutable and thread-safe; profiles
 * are materialized as maps only when asked for.
 */
public final class ProfileModel implements ProfilerModel {

    static final int FORMAT = 1;
    private static final RfmGroup[] GROUPS = RfmGroup.values();

    /** Columns of a model; arrays are indexed by customer, sorted by id. */
    public static final class Columns {
        public String[] ids;
        public float[] recencyDays;
        public int[] frequency;
        public float[] monetary;
        public byte[] r;
        public byte[] f;
        public byte[] m;
        public byte[] group;
        /** Index into {@link #segmentIds}. */
        public int[] segment;
        public double[] lastSeen;
        /** CLV columns; NaN for prospects (no orders), who have no clv and no churn risk. */
        public float[] expected90;
        public float[] pAlive;
        public float[] orderValue;
        public float[] value365;
        public float[] expectedHorizon;
        public String[] segmentIds;
    }

    private final String strategyId;
    private final long asOf;
    private final int horizonDays;
    private final Columns c;
    private final List<Segment> segments;
    private final Map<String, Double> metrics;

    public ProfileModel(String strategyId, Instant asOf, int horizonDays, Columns columns, List<Segment> segments,
                        Map<String, Double> metrics) {
        this.strategyId = strategyId;
        this.asOf = asOf.toEpochMilli();
        this.horizonDays = horizonDays;
        this.c = columns;
        this.segments = List.copyOf(segments);
        this.metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public int size() {
        return c.ids.length;
    }

    @Override
    public Optional<CustomerProfile> profile(String customerId) {
        if (customerId == null) {
            return Optional.empty();
        }
        int i = Arrays.binarySearch(c.ids, customerId);
        return i < 0 ? Optional.empty() : Optional.of(profileAt(i));
    }

    @Override
    public Stream<CustomerProfile> profiles() {
        return IntStream.range(0, c.ids.length).mapToObj(this::profileAt);
    }

    @Override
    public List<Segment> segments() {
        return segments;
    }

    @Override
    public Map<String, Double> metrics() {
        return metrics;
    }

    /** The profile fields of the serving contract (docs/algorithms/profiling.md), with rounded numbers. */
    CustomerProfile profileAt(int i) {
        Map<String, Object> rfm = new LinkedHashMap<>();
        rfm.put("recency", round(c.recencyDays[i], 1));
        rfm.put("frequency", c.frequency[i]);
        rfm.put("monetary", round(c.monetary[i], 2));
        rfm.put("r", (int) c.r[i]);
        rfm.put("f", (int) c.f[i]);
        rfm.put("m", (int) c.m[i]);
        rfm.put("group", GROUPS[c.group[i]].name());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(CustomerProfile.RFM, rfm);
        fields.put(CustomerProfile.SEGMENT, c.segmentIds[c.segment[i]]);
        if (!Float.isNaN(c.pAlive[i])) {
            Map<String, Object> clv = new LinkedHashMap<>();
            clv.put("expected_purchases_90d", round(c.expected90[i], 4));
            clv.put("p_alive", round(c.pAlive[i], 4));
            clv.put("expected_order_value", round(c.orderValue[i], 2));
            clv.put("value_365d", round(c.value365[i], 2));
            clv.put("horizon_days", horizonDays);
            clv.put("expected_purchases", round(c.expectedHorizon[i], 4));
            fields.put(CustomerProfile.CLV, clv);
            fields.put(CustomerProfile.CHURN_RISK, round(1 - c.pAlive[i], 4));
        }
        fields.put("last_seen", Instant.ofEpochMilli((long) c.lastSeen[i]).toString());
        return new CustomerProfile(c.ids[i], fields);
    }

    private static double round(double v, int decimals) {
        return ProfileMath.round(v, decimals);
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter();
        w.writeLong(asOf).writeInt(horizonDays);
        w.writeStrings(Arrays.asList(c.ids));
        w.writeFloats(c.recencyDays).writeInts(c.frequency).writeFloats(c.monetary);
        w.writeBytes(c.r).writeBytes(c.f).writeBytes(c.m).writeBytes(c.group).writeInts(c.segment);
        w.writeDoubles(c.lastSeen);
        w.writeFloats(c.expected90).writeFloats(c.pAlive).writeFloats(c.orderValue).writeFloats(c.value365)
                .writeFloats(c.expectedHorizon);
        w.writeStrings(Arrays.asList(c.segmentIds));
        w.writeInt(segments.size());
        for (Segment s : segments) {
            w.writeString(s.id()).writeString(s.name()).writeString(s.description()).writeLong(s.size());
            List<String> keys = new ArrayList<>(s.averages().keySet());
            keys.sort(null);
            w.writeStrings(keys);
            for (String k : keys) {
                w.writeDouble(s.averages().get(k));
            }
        }
        w.writeStrings(new ArrayList<>(metrics.keySet()));
        for (double v : metrics.values()) {
            w.writeDouble(v);
        }
        return w.toModel(strategyId, FORMAT);
    }

    /** Reads a model written by {@link #serialize()} of strategy {@code strategyId}. */
    public static ProfileModel read(SerializedModel model, String strategyId) {
        model.requireFormat(strategyId, FORMAT);
        ModelReader r = new ModelReader(model);
        long asOf = r.readLong();
        int horizon = r.readInt();
        Columns c = new Columns();
        c.ids = r.readStrings().toArray(new String[0]);
        c.recencyDays = r.readFloats();
        c.frequency = r.readInts();
        c.monetary = r.readFloats();
        c.r = r.readBytes();
        c.f = r.readBytes();
        c.m = r.readBytes();
        c.group = r.readBytes();
        c.segment = r.readInts();
        c.lastSeen = r.readDoubles();
        c.expected90 = r.readFloats();
        c.pAlive = r.readFloats();
        c.orderValue = r.readFloats();
        c.value365 = r.readFloats();
        c.expectedHorizon = r.readFloats();
        c.segmentIds = r.readStrings().toArray(new String[0]);
        int n = c.ids.length;
        int[] lengths = {c.recencyDays.length, c.frequency.length, c.monetary.length, c.r.length, c.f.length,
            c.m.length, c.group.length, c.segment.length, c.lastSeen.length, c.expected90.length, c.pAlive.length,
            c.orderValue.length, c.value365.length, c.expectedHorizon.length};
        for (int len : lengths) {
            if (len != n) {
                throw new ModelFormatException("corrupt profiling model: column of " + len + " rows for " + n + " customers");
            }
        }
        for (int i = 0; i < n; i++) {
            if (c.group[i] < 0 || c.group[i] >= GROUPS.length || c.segment[i] < 0 || c.segment[i] >= c.segmentIds.length) {
                throw new ModelFormatException("corrupt profiling model: bad group or segment of customer " + i);
            }
        }
        int segmentCount = r.readInt();
        if (segmentCount < 0 || segmentCount > c.segmentIds.length) {
            throw new ModelFormatException("corrupt profiling model: " + segmentCount + " segments");
        }
        List<Segment> segments = new ArrayList<>();
        for (int s = 0; s < segmentCount; s++) {
            String id = r.readString();
            String name = r.readString();
            String description = r.readString();
            long size = r.readLong();
            List<String> keys = r.readStrings();
            Map<String, Double> averages = new LinkedHashMap<>();
            for (String k : keys) {
                averages.put(k, r.readDouble());
            }
            segments.add(new Segment(id, name, description, size, averages));
        }
        List<String> metricKeys = r.readStrings();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String k : metricKeys) {
            metrics.put(k, r.readDouble());
        }
        return new ProfileModel(strategyId, Instant.ofEpochMilli(asOf), horizon, c, segments, metrics);
    }
}
