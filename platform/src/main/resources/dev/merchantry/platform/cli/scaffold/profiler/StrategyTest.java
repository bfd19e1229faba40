package @PACKAGE@;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.profile.Order;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Recency segments worked out by hand, as of 2026-06-01 with the defaults (active 90 days, lapsed after 365). */
class @CLASS@ProfilerTest {

    private static final Instant AS_OF = Instant.parse("2026-06-01T00:00:00Z");

    private static Order order(String id, String day, double revenue) {
        return new Order(id, Instant.parse(day + "T00:00:00Z"), revenue, 0, List.of());
    }

    private static CustomerHistory customer(String id, Order... orders) {
        return new CustomerHistory(id, AS_OF.minusSeconds(86_400L * 800), AS_OF, List.of(orders), 3, 1);
    }

    @Test
    void customersAreCountedAndSegmentedByTheirLastOrder() {
        List<CustomerHistory> customers = List.of(
                customer("a", order("o1", "2026-05-01", 10), order("o2", "2026-05-22", 5)), // 10 days: active
                customer("b", order("o3", "2025-12-03", 20)),                                // 180 days: lapsing
                customer("c", order("o4", "2024-06-01", 7)),                                 // 730 days: lapsed
                customer("d"));                                                              // no order: prospect
        @CLASS@Profiler strategy = new @CLASS@Profiler();
        ProfilerModel model = strategy.fit(new CustomerData(AS_OF, customers.size(), customers),
                strategy.descriptor().configSpec().defaults(), OfflineContext.at(AS_OF), ProgressListener.NONE);

        assertEquals(Map.of(CustomerProfile.SEGMENT, "active", "orders", 2, "revenue", 15.0, "days_since_last_order", 10L),
                model.profile("a").orElseThrow().fields());
        assertEquals("lapsing", model.profile("b").orElseThrow().fields().get(CustomerProfile.SEGMENT));
        assertEquals("lapsed", model.profile("c").orElseThrow().fields().get(CustomerProfile.SEGMENT));
        assertEquals(Map.of(CustomerProfile.SEGMENT, "prospect", "orders", 0, "revenue", 0.0),
                model.profile("d").orElseThrow().fields());
        assertEquals(List.of("active", "lapsing", "lapsed", "prospect"),
                model.segments().stream().map(s -> s.id()).toList());
    }
}
