package dev.merchantry.plugins.profiling.segments;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.profile.Order;
import dev.merchantry.api.profile.OrderLine;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.api.profile.Segment;
import dev.merchantry.plugins.profiling.ClvProfiler;
import dev.merchantry.plugins.profiling.SegmentsProfiler;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Segments on a shop made of three behaviours (with noise): recent frequent buyers of single pairs of shoes,
 * lapsed one-off buyers of big tent orders, and discount hunters who browse a lot and buy clothing.
 */
class SegmentsTest {

    private static final Instant AS_OF = Instant.parse("2026-01-01T00:00:00Z");
    private static final int PER_KIND = 300;

    static CustomerData shop() {
        Random random = new Random(3);
        List<CustomerHistory> customers = new ArrayList<>();
        for (int kind = 0; kind < 3; kind++) {
            for (int c = 0; c < PER_KIND; c++) {
                String id = String.format("k%d-%04d", kind, c);
                List<Order> orders = new ArrayList<>();
                int n;
                int lastDaysAgo;
                long views;
                switch (kind) {
                    case 0 -> { n = 8 + random.nextInt(6); lastDaysAgo = 1 + random.nextInt(15); views = n * (1 + random.nextInt(2)); }
                    case 1 -> { n = 1; lastDaysAgo = 300 + random.nextInt(300); views = 3 + random.nextInt(3); }
                    default -> { n = 2 + random.nextInt(3); lastDaysAgo = 60 + random.nextInt(60); views = n * (15L + random.nextInt(10)); }
                }
                for (int o = n - 1; o >= 0; o--) {
                    Instant at = AS_OF.minus(lastDaysAgo + 9L * o, ChronoUnit.DAYS);
                    OrderLine line = switch (kind) {
                        case 0 -> new OrderLine("shoe" + random.nextInt(20), "Shoes", 1, 60 + random.nextInt(40));
                        case 1 -> new OrderLine("tent" + random.nextInt(20), "Tents", 4 + random.nextInt(3), 250 + random.nextInt(150));
                        default -> new OrderLine("shirt" + random.nextInt(20), "Clothing", 2, 30 + random.nextInt(20));
                    };
                    double value = line.price() * line.quantity();
                    double discount = kind == 2 ? value * (0.3 + 0.1 * random.nextDouble()) : 0;
                    orders.add(new Order(id + "-" + o, at, value - discount, discount, List.of(line)));
                }
                customers.add(new CustomerHistory(id, orders.get(0).timestamp(), orders.get(n - 1).timestamp(), orders,
                        views, 0));
            }
        }
        return new CustomerData(AS_OF, customers.size(), customers);
    }

    private static ProfilerModel fit(Map<String, Object> config) {
        SegmentsProfiler s = new SegmentsProfiler();
        return s.fit(shop(), s.descriptor().configSpec().parse(config), OfflineContext.at(AS_OF), ProgressListener.NONE);
    }

    @Test
    void silhouetteFindsTheThreeBehavioursAndEachSegmentIsOneOfThem() {
        ProfilerModel model = fit(Map.of());
        assertEquals(3.0, model.metrics().get("segments_k"));
        Map<String, Map<Integer, Integer>> kindsPerSegment = new HashMap<>();
        model.profiles().forEach(p -> kindsPerSegment.computeIfAbsent((String) p.fields().get(CustomerProfile.SEGMENT),
                k -> new HashMap<>()).merge(p.customerId().charAt(1) - '0', 1, Integer::sum));
        assertEquals(3, kindsPerSegment.size());
        kindsPerSegment.values().forEach(kinds -> assertEquals(Map.of(kinds.keySet().iterator().next(), PER_KIND), kinds,
                "a segment holds exactly one behaviour"));
    }

    @Test
    void segmentsAreRankedBySpendAndDescribedInPlainWords() {
        ProfilerModel model = fit(Map.of());
        List<Segment> segments = model.segments();
        assertEquals(List.of("1", "2", "3"), segments.stream().map(Segment::id).toList());
        assertTrue(segments.get(0).averages().get("monetary") > segments.get(1).averages().get("monetary"));
        Segment tents = segment(model, "k1-0000");
        assertTrue(tents.description().toLowerCase(java.util.Locale.ROOT).contains("mostly tents"), tents.description());
        assertTrue(tents.description().toLowerCase(java.util.Locale.ROOT).contains("lapsed"), tents.description());
        Segment shoes = segment(model, "k0-0000");
        assertTrue(shoes.description().toLowerCase(java.util.Locale.ROOT).contains("frequent buyers"), shoes.description());
        assertTrue(shoes.description().toLowerCase(java.util.Locale.ROOT).contains("mostly shoes"), shoes.description());
        Segment clothing = segment(model, "k2-0000");
        assertTrue(clothing.description().toLowerCase(java.util.Locale.ROOT).contains("discount-driven"), clothing.description());
        assertTrue(clothing.description().toLowerCase(java.util.Locale.ROOT).contains("browse a lot"), clothing.description());
        assertEquals(PER_KIND, clothing.size());
        assertEquals(1.0, tents.averages().get("orders"));
    }

    @Test
    void aGivenKIsUsed() {
        ProfilerModel model = fit(Map.of("k", 5));
        assertEquals(5.0, model.metrics().get("segments_k"));
        assertEquals(5, model.segments().size());
    }

    @Test
    void clvSegmentsAreValueTiersOfTheDocumentedShares() {
        ClvProfiler clv = new ClvProfiler();
        ProfilerModel model = clv.fit(shop(), clv.descriptor().configSpec().defaults(), OfflineContext.at(AS_OF),
                ProgressListener.NONE);
        Map<String, Long> sizes = new HashMap<>();
        model.segments().forEach(s -> sizes.put(s.id(), s.size()));
        // 900 buyers: top 5 % = 45, next 15 % = 135, next 30 % = 270, rest 450
        assertEquals(Map.of("vip", 45L, "high", 135L, "medium", 270L, "low", 450L), sizes);
        double vip = model.segments().get(0).averages().get("value_365d");
        double low = model.segments().get(3).averages().get("value_365d");
        assertTrue(vip > low, vip + " <= " + low);
    }

    private static Segment segment(ProfilerModel model, String customer) {
        String id = (String) model.profile(customer).orElseThrow().fields().get(CustomerProfile.SEGMENT);
        return model.segments().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
