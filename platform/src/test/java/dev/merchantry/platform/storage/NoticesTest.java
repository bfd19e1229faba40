package dev.merchantry.platform.storage;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transactional outbox's storage side on the embedded database: a change's notices become deliveries in the
 * change's own transaction, computed from what that transaction stored; a change that fails leaves none; only the
 * first write transaction of the change carries them.
 */
class NoticesTest {

    private static final String TYPE = "merchantry.catalog.changed";

    @TempDir
    Path dir;
    private Database db;
    private final AtomicInteger stored = new AtomicInteger();

    /** One delivery per webhook of the notice's shop that subscribed to its type, body = the notice's body. */
    private final Notices.Recorder recorder = new Notices.Recorder() {
        @Override
        public List<WebhookRepository.NewDelivery> deliveries(List<Notices.Notice> notices,
                                                              Function<String, List<WebhookRepository.Webhook>> webhooksOf) {
            List<WebhookRepository.NewDelivery> out = new ArrayList<>();
            Instant now = Instant.parse("2026-12-07T12:00:00Z");
            int n = 0;
            for (Notices.Notice notice : notices) {
                for (WebhookRepository.Webhook w : webhooksOf.apply(notice.shop())) {
                    if (w.events().contains(notice.type())) {
                        out.add(new WebhookRepository.NewDelivery("dlv_" + notice.shop() + "_" + stored.get() + "_" + n++,
                                w.id(), notice.shop(), "evt_" + n, notice.type(), null, notice.body().encode(), now,
                                now.plusSeconds(86_400)));
                    }
                }
            }
            return out;
        }

        @Override
        public void stored(int count) {
            stored.addAndGet(count);
        }
    };

    @BeforeEach
    void open() {
        db = Database.open(DatabaseOptions.embedded(dir));
        db.shops().create("acme", "Acme");
        assertTrue(db.webhooks().add(new WebhookRepository.Webhook("wh_1", "acme", "https://example.com/h",
                List.of(TYPE), "whsec_0123456789abcdef", Instant.parse("2026-12-01T00:00:00Z")), 20));
        db.recordNoticesWith(recorder);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<WebhookRepository.Delivery> deliveries() {
        return db.webhooks().deliveries("wh_1", 100, Instant.parse("2026-12-07T12:00:00Z"));
    }

    private static ProductPatch product(String id) {
        return new ProductPatch(id, Map.of("price", 10.0));
    }

    @Test
    void aChangeStoresTheNoticesMadeFromWhatItsTransactionStored() {
        List<Product> products = Notices.withChange(
                stored -> List.of(new Notices.Notice(TYPE, "acme", new JsonObject().put("changed", stored.size()))),
                () -> db.catalog().upsert("acme", List.of(product("p1"), product("p2"))));
        assertEquals(2, products.size());
        List<WebhookRepository.Delivery> d = deliveries();
        assertEquals(1, d.size());
        assertEquals(2, new JsonObject(d.get(0).body()).getInteger("changed"));
        assertEquals(1, stored.get(), "the recorder hears of the commit");
    }

    @Test
    void aChangeAndItsNoticesCommitTogetherOrNotAtAll() {
        assertThrows(IllegalStateException.class, () -> Notices.withChange(stored -> {
            throw new IllegalStateException("no notice can be made");
        }, () -> db.catalog().upsert("acme", List.of(product("p1")))));
        assertTrue(db.catalog().find("acme", "p1").isEmpty(), "the change was rolled back with its notices");
        assertEquals(List.of(), deliveries());
        assertEquals(0, stored.get());
        // The failed change left nothing pending on the thread: the next plain write stores no notice.
        db.catalog().upsert("acme", List.of(product("p3")));
        assertEquals(List.of(), deliveries());
    }

    @Test
    void onlyTheFirstWriteTransactionOfAChangeCarriesItsNotices() {
        Notices.withChange(stored -> List.of(new Notices.Notice(TYPE, "acme", new JsonObject().put("n", 1))), () -> {
            db.catalog().upsert("acme", List.of(product("p1")));
            return db.catalog().upsert("acme", List.of(product("p2")));
        });
        assertEquals(1, deliveries().size());
    }

    @Test
    void aShopWithoutSubscribersGetsNoDeliveryAndNestingIsRefused() {
        db.shops().create("quiet", "Quiet");
        Notices.withChange(stored -> List.of(new Notices.Notice(TYPE, "quiet", new JsonObject())),
                () -> db.catalog().upsert("quiet", List.of(product("p1"))));
        assertEquals(0, stored.get());
        assertThrows(IllegalStateException.class, () -> Notices.withChange(x -> List.of(),
                () -> Notices.withChange(y -> List.of(), () -> null)));
    }
}
