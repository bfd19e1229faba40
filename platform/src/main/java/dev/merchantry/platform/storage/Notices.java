package dev.merchantry.platform.storage;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Notifications stored in the same transaction as the change they report (a transactional outbox): once a change is
 * committed, what it notifies is committed with it, so a node killed right after the commit — before it could publish
 * anything — still delivers it after its restart.
 *
 * <p>A service wraps the repository call that makes the change: {@code Notices.withChange(result -> notices, () ->
 * repository.change(...))}. The first write transaction that call makes on this thread computes the notices from its
 * own result (so they can say what was actually stored) and hands them, still inside the transaction, to the database's
 * {@link Recorder} (the webhooks module's outbox), which turns them into rows of the same transaction. A database
 * without a recorder, and a call that makes no write transaction, store nothing.
 */
public final class Notices {

    /** A notification: its type (the event-bus address it is published on), its shop and its body as published. */
    public record Notice(String type, String shop, JsonObject body) {
    }

    /** Turns notices into outbox rows inside the change's transaction. */
    public interface Recorder {

        /**
         * The deliveries to store for {@code notices}; {@code webhooksOf} reads a shop's webhooks inside the
         * transaction. Runs on the database's writer: must be quick and must not block on anything else.
         */
        List<WebhookRepository.NewDelivery> deliveries(List<Notice> notices,
                                                       Function<String, List<WebhookRepository.Webhook>> webhooksOf);

        /** After the commit that stored {@code count} (at least one) deliveries. */
        void stored(int count);
    }

    private static final ThreadLocal<Function<Object, List<Notice>>> PENDING = new ThreadLocal<>();

    private Notices() {
    }

    /**
     * Runs {@code change}; its first write transaction also stores what {@code notices} makes of that transaction's
     * result (an empty list: nothing).
     */
    @SuppressWarnings("unchecked")
    public static <T> T withChange(Function<? super T, List<Notice>> notices, Supplier<T> change) {
        if (PENDING.get() != null) {
            throw new IllegalStateException("a change with notices is already under way on this thread");
        }
        PENDING.set(result -> notices.apply((T) result));
        try {
            return change.get();
        } finally {
            PENDING.remove();
        }
    }

    /** The notices the current thread's next write transaction is to store, once; null when none. */
    static Function<Object, List<Notice>> take() {
        Function<Object, List<Notice>> pending = PENDING.get();
        if (pending != null) {
            PENDING.remove();
        }
        return pending;
    }
}
