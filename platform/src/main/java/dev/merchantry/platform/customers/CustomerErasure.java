package dev.merchantry.platform.customers;

import dev.merchantry.platform.ingest.Pseudonymizer;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.storage.EventRepository;
import dev.merchantry.platform.storage.Notices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The right to be forgotten: removes everything stored about one customer — events, their product lines, and what
 * registered {@link DerivedData} stores (e.g. profiles) — under the raw id and, because pseudonymization may have
 * been on for part of the history, under its pseudonym too. Then announces it on {@link Addresses#CUSTOMER_ERASED}.
 */
public final class CustomerErasure {

    /** {@code merchantry.customer.erased}: published after a customer's data was erased. */
    public static final Schema ERASED_NOTICE = Schema.object()
            .required("shop", Schema.string())
            .required("customer_id", Schema.string())
            .required("erased", Schema.map(Schema.integer()).doc("rows removed per table"));
    /** What an erasure answers: the rows removed per table. */
    public static final Schema ERASED = Schema.object("Erasure")
            .required("customer_id", Schema.string())
            .required("erased", Schema.map(Schema.integer()));

    /** A store of data derived from a customer's events; removes it and says how many records went. */
    @FunctionalInterface
    public interface DerivedData {
        Map<String, Long> erase(String shop, String customerKey);
    }

    private final Vertx vertx;
    private final EventRepository events;
    private final Pseudonymizer pseudonymizer;
    private final Consumer<List<Notices.Notice>> notices;
    private final List<DerivedData> derived = new CopyOnWriteArrayList<>();

    /** @param notices stores notices in a transaction of their own ({@code Database.recordNotices}) */
    public CustomerErasure(Vertx vertx, EventRepository events, Pseudonymizer pseudonymizer,
                           Consumer<List<Notices.Notice>> notices) {
        this.vertx = vertx;
        this.events = events;
        this.pseudonymizer = pseudonymizer;
        this.notices = notices;
    }

    public void register(DerivedData store) {
        derived.add(store);
    }

    /** Reply: {@code {customer_id, erased: {table: rows}}}. */
    public Future<JsonObject> erase(String shop, String customerId) {
        return vertx.executeBlocking(() -> {
            Map<String, Long> erased = new LinkedHashMap<>();
            for (String key : List.of(customerId, pseudonymizer.pseudonym(shop, customerId))) {
                events.eraseCustomer(shop, key).forEach((table, n) -> erased.merge(table, n, Long::sum));
                for (DerivedData store : derived) {
                    store.erase(shop, key).forEach((table, n) -> erased.merge(table, n, Long::sum));
                }
            }
            JsonObject counts = new JsonObject(new LinkedHashMap<>(erased));
            JsonObject notice = new JsonObject().put("shop", shop).put("customer_id", customerId).put("erased", counts);
            // Stored before the answer: a node killed before it answers leaves the erasure to be asked again, and
            // asking again erases nothing more but notifies again.
            notices.accept(List.of(new Notices.Notice(Addresses.CUSTOMER_ERASED, shop, notice)));
            vertx.eventBus().publish(Addresses.CUSTOMER_ERASED, notice);
            return new JsonObject().put("customer_id", customerId).put("erased", counts);
        }, false);
    }
}
