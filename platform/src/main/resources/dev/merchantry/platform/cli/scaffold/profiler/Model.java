package @PACKAGE@;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.api.profile.Segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Per-customer order counts, revenue and recency with a recency segment; immutable and safe for concurrent use. */
final class @CLASS@Model implements ProfilerModel {

    /** Raise it when {@link #serialize()} changes, and keep {@link #read} able to read every older format. */
    static final int FORMAT = 1;

    /** Segment ids in display order. */
    static final List<String> SEGMENTS = List.of("active", "lapsing", "lapsed", "prospect");

    /** One customer; {@code daysSinceLastOrder} is -1 for a customer without orders. */
    record Row(String customerId, int orders, double revenue, long daysSinceLastOrder) {
    }

    private final List<Row> rows;
    private final int activeDays;
    private final int lapsedDays;
    private final Map<String, CustomerProfile> profiles = new HashMap<>();
    private final List<Segment> segments = new ArrayList<>();

    @CLASS@Model(List<Row> rows, int activeDays, int lapsedDays) {
        this.rows = rows.stream().sorted(Comparator.comparing(Row::customerId)).toList();
        this.activeDays = activeDays;
        this.lapsedDays = lapsedDays;
        Map<String, List<Row>> bySegment = new LinkedHashMap<>();
        SEGMENTS.forEach(s -> bySegment.put(s, new ArrayList<>()));
        for (Row row : this.rows) {
            String segment = segmentOf(row);
            bySegment.get(segment).add(row);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(CustomerProfile.SEGMENT, segment);
            fields.put("orders", row.orders());
            fields.put("revenue", row.revenue());
            if (row.daysSinceLastOrder() >= 0) {
                fields.put("days_since_last_order", row.daysSinceLastOrder());
            }
            profiles.put(row.customerId(), new CustomerProfile(row.customerId(), fields));
        }
        bySegment.forEach((id, members) -> {
            if (!members.isEmpty()) {
                segments.add(new Segment(id, id, describe(id), members.size(), Map.of(
                        "orders", members.stream().mapToInt(Row::orders).average().orElse(0),
                        "revenue", members.stream().mapToDouble(Row::revenue).average().orElse(0))));
            }
        });
    }

    private String segmentOf(Row row) {
        if (row.daysSinceLastOrder() < 0) {
            return "prospect";
        }
        return row.daysSinceLastOrder() <= activeDays ? "active"
                : row.daysSinceLastOrder() <= lapsedDays ? "lapsing" : "lapsed";
    }

    private String describe(String segment) {
        return switch (segment) {
            case "active" -> "last order at most " + activeDays + " days ago";
            case "lapsing" -> "last order " + activeDays + " to " + lapsedDays + " days ago";
            case "lapsed" -> "last order more than " + lapsedDays + " days ago";
            default -> "seen, but never ordered";
        };
    }

    @Override
    public Optional<CustomerProfile> profile(String customerId) {
        return Optional.ofNullable(profiles.get(customerId));
    }

    @Override
    public Stream<CustomerProfile> profiles() {
        return rows.stream().map(r -> profiles.get(r.customerId()));
    }

    @Override
    public List<Segment> segments() {
        return List.copyOf(segments);
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("customers", (double) rows.size());
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter().writeInt(activeDays).writeInt(lapsedDays).writeInt(rows.size());
        for (Row row : rows) {
            w.writeString(row.customerId()).writeInt(row.orders()).writeDouble(row.revenue())
                    .writeLong(row.daysSinceLastOrder());
        }
        return w.toModel(@CLASS@Profiler.ID, FORMAT);
    }

    static @CLASS@Model read(SerializedModel model) {
        model.requireFormat(@CLASS@Profiler.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        int activeDays = r.readInt();
        int lapsedDays = r.readInt();
        int n = r.readInt();
        if (n < 0 || activeDays < 1 || lapsedDays <= activeDays) {
            throw new ModelFormatException("not a " + @CLASS@Profiler.ID + " model");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Row(r.readString(), r.readInt(), r.readDouble(), r.readLong()));
        }
        return new @CLASS@Model(rows, activeDays, lapsedDays);
    }
}
