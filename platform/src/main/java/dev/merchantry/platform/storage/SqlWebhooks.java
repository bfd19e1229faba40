package dev.merchantry.platform.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQL webhooks and their outbox. Claims and results are conditional updates (on state, lease and attempt), so
 * exactly one node attempts a delivery at a time and a node that lost its lease writes nothing.
 */
final class SqlWebhooks implements WebhookRepository {

    private static final String LEASE_FREE = "(lease_until IS NULL OR lease_until < ?)";

    private final Jdbc jdbc;

    SqlWebhooks(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static Webhook webhook(ResultSet rs) throws SQLException {
        return new Webhook(rs.getString("id"), rs.getString("shop_id"), rs.getString("url"),
                Arrays.asList(rs.getString("events").split(",")), rs.getString("secret"),
                Jdbc.instant(rs, "created_at"));
    }

    @Override
    public boolean add(Webhook w, int maxPerShop) {
        return jdbc.transaction("storing a webhook of shop " + w.shopId(), c -> {
            Jdbc.query(c, "SELECT id FROM shops WHERE id = ? FOR UPDATE", rs -> rs.getString(1), w.shopId());
            int count = Jdbc.query(c, "SELECT COUNT(*) FROM webhooks WHERE shop_id = ?", rs -> rs.getInt(1),
                    w.shopId()).get(0);
            if (count >= maxPerShop) {
                return false;
            }
            Jdbc.update(c, "INSERT INTO webhooks (id, shop_id, url, events, secret, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", w.id(), w.shopId(), w.url(), String.join(",", w.events()),
                    w.secret(), w.createdAt());
            return true;
        });
    }

    @Override
    public List<Webhook> list(String shopId) {
        return jdbc.read("listing the webhooks of shop " + shopId, c -> list(c, shopId));
    }

    /** The shop's webhooks as the transaction of {@code c} sees them. */
    static List<Webhook> list(Connection c, String shopId) {
        try {
            return Jdbc.query(c, "SELECT * FROM webhooks WHERE shop_id = ? ORDER BY created_at, id",
                    SqlWebhooks::webhook, shopId);
        } catch (SQLException e) {
            throw Jdbc.translate("listing the webhooks of shop " + shopId, e);
        }
    }

    @Override
    public Optional<Webhook> find(String shopId, String id) {
        return jdbc.one("reading webhook " + id, "SELECT * FROM webhooks WHERE shop_id = ? AND id = ?",
                SqlWebhooks::webhook, shopId, id);
    }

    @Override
    public boolean delete(String shopId, String id) {
        return jdbc.transaction("deleting webhook " + id, c -> {
            // Explicit rather than ON DELETE CASCADE alone: the log goes first, then the outbox, then the webhook.
            Jdbc.update(c, "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries"
                    + " WHERE webhook_id = ?)", id);
            Jdbc.update(c, "DELETE FROM webhook_deliveries WHERE webhook_id = ? AND shop_id = ?", id, shopId);
            return Jdbc.update(c, "DELETE FROM webhooks WHERE shop_id = ? AND id = ?", shopId, id) > 0;
        });
    }

    @Override
    public int enqueue(List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return 0;
        }
        return jdbc.transaction("writing " + deliveries.size() + " webhook deliveries", c -> enqueue(c, deliveries));
    }

    /** Stores deliveries (of webhooks that still exist) in the transaction of {@code c}; returns how many. */
    static int enqueue(Connection c, List<NewDelivery> deliveries) throws SQLException {
        int stored = 0;
        for (NewDelivery d : deliveries) {
            stored += Jdbc.update(c, "INSERT INTO webhook_deliveries (id, webhook_id, shop_id, event_id,"
                    + " event_type, customer_id, body, state, attempts, created_at, next_attempt_at, give_up_at)"
                    + " SELECT ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ? WHERE EXISTS"
                    + " (SELECT 1 FROM webhooks WHERE id = ?)", d.id(), d.webhookId(), d.shopId(), d.eventId(),
                    d.eventType(), d.customerId(), d.body(), d.createdAt(), d.createdAt(), d.giveUpAt(),
                    d.webhookId());
        }
        return stored;
    }

    @Override
    public List<Claimed> claimDue(Instant now, String node, Instant leaseUntil, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // A read first: the dispatcher polls every second and usually finds nothing, which then costs no write.
        List<String> due = jdbc.query("finding due webhook deliveries", "SELECT id FROM webhook_deliveries"
                + " WHERE state = 'PENDING' AND next_attempt_at <= ? AND " + LEASE_FREE
                + " ORDER BY next_attempt_at, id LIMIT ?", rs -> rs.getString(1), now, now, limit);
        if (due.isEmpty()) {
            return List.of();
        }
        return jdbc.transaction("claiming webhook deliveries", c -> {
            List<Claimed> claimed = new ArrayList<>();
            for (String id : due) {
                int won = Jdbc.update(c, "UPDATE webhook_deliveries SET lease_until = ?, lease_node = ?,"
                        + " attempts = attempts + 1 WHERE id = ? AND state = 'PENDING' AND next_attempt_at <= ? AND "
                        + LEASE_FREE, leaseUntil, node, id, now, now);
                if (won == 1) {
                    claimed.addAll(Jdbc.query(c, "SELECT d.id, d.webhook_id, d.shop_id, d.event_id, d.event_type,"
                            + " d.body, d.attempts, d.give_up_at, w.url, w.secret FROM webhook_deliveries d"
                            + " JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?",
                            rs -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getInt(7), Jdbc.instant(rs, "give_up_at"),
                                    rs.getString(9), rs.getString(10)), id));
                }
            }
            return claimed;
        });
    }

    @Override
    public boolean recordAttempt(String deliveryId, Attempt a, DeliveryState next, Instant nextAttemptAt,
                                 Instant finishedAt) {
        return jdbc.transaction("recording a webhook attempt", c -> {
            int held = Jdbc.update(c, "UPDATE webhook_deliveries SET state = ?, next_attempt_at = ?, finished_at = ?,"
                    + " lease_until = NULL, lease_node = NULL WHERE id = ? AND attempts = ? AND state = 'PENDING'"
                    + " AND lease_node = ?", next, nextAttemptAt, finishedAt, deliveryId, a.attempt(), a.node());
            if (held == 0) {
                return false;
            }
            Jdbc.update(c, "INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code,"
                    + " error, response_excerpt, node) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", deliveryId, a.attempt(),
                    a.startedAt(), a.durationMs(), a.statusCode(), a.error(), a.responseExcerpt(), a.node());
            return true;
        });
    }

    @Override
    public int releaseLeases(String node) {
        return jdbc.update("releasing the webhook deliveries of node " + node, "UPDATE webhook_deliveries"
                + " SET lease_until = NULL, lease_node = NULL WHERE lease_node = ? AND state = 'PENDING'", node);
    }

    private static final String DELIVERY_COLUMNS = "id, webhook_id, shop_id, event_id, event_type, body, state,"
            + " attempts, created_at, next_attempt_at, give_up_at, finished_at, lease_until";

    private record Row(String id, String webhookId, String shopId, String eventId, String eventType, String body,
                       DeliveryState state, int attempts, Instant createdAt, Instant nextAttemptAt, Instant giveUpAt,
                       Instant finishedAt, Instant leaseUntil) {
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("webhook_id"), rs.getString("shop_id"),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("body"),
                DeliveryState.valueOf(rs.getString("state")), rs.getInt("attempts"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "next_attempt_at"), Jdbc.instant(rs, "give_up_at"), Jdbc.instant(rs, "finished_at"),
                Jdbc.instant(rs, "lease_until"));
    }

    private static Attempt attempt(ResultSet rs) throws SQLException {
        int status = rs.getInt("status_code");
        Integer code = rs.wasNull() ? null : status;
        return new Attempt(rs.getInt("attempt"), Jdbc.instant(rs, "started_at"), rs.getLong("duration_ms"), code,
                rs.getString("error"), rs.getString("response_excerpt"), rs.getString("node"));
    }

    /** The rows with their attempts, read in the same transaction; in flight: leased now. */
    private static List<Delivery> withLog(Connection c, List<Row> rows, Instant now) throws SQLException {
        List<Delivery> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            List<Attempt> log = Jdbc.query(c, "SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt",
                    SqlWebhooks::attempt, r.id());
            out.add(new Delivery(r.id(), r.webhookId(), r.shopId(), r.eventId(), r.eventType(), r.body(), r.state(),
                    r.attempts(), r.createdAt(), r.nextAttemptAt(), r.giveUpAt(), r.finishedAt(),
                    r.state() == DeliveryState.PENDING && r.leaseUntil() != null && !r.leaseUntil().isBefore(now),
                    log));
        }
        return out;
    }

    @Override
    public List<Delivery> deliveries(String webhookId, int limit, Instant now) {
        return jdbc.read("listing the deliveries of webhook " + webhookId, c -> withLog(c, Jdbc.query(c,
                "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE webhook_id = ?"
                        + " ORDER BY created_at DESC, id DESC LIMIT ?", SqlWebhooks::row, webhookId, limit), now));
    }

    @Override
    public Optional<Delivery> delivery(String webhookId, String deliveryId, Instant now) {
        return jdbc.read("reading webhook delivery " + deliveryId, c -> withLog(c, Jdbc.query(c,
                "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE webhook_id = ? AND id = ?",
                SqlWebhooks::row, webhookId, deliveryId), now)).stream().findFirst();
    }

    @Override
    public Optional<Delivery> redeliver(String webhookId, String deliveryId, Instant now, Instant giveUpAt) {
        return jdbc.transaction("redelivering webhook delivery " + deliveryId, c -> {
            Jdbc.update(c, "UPDATE webhook_deliveries SET state = 'PENDING', next_attempt_at = ?, give_up_at = ?,"
                    + " finished_at = NULL WHERE webhook_id = ? AND id = ? AND " + LEASE_FREE,
                    now, giveUpAt, webhookId, deliveryId, now);
            return withLog(c, Jdbc.query(c, "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries"
                    + " WHERE webhook_id = ? AND id = ?", SqlWebhooks::row, webhookId, deliveryId), now)
                    .stream().findFirst();
        });
    }

    @Override
    public int purgeFinished(Instant before) {
        return jdbc.transaction("purging old webhook deliveries", c -> {
            String old = "SELECT id FROM webhook_deliveries WHERE state IN ('DELIVERED', 'FAILED') AND finished_at < ?";
            Jdbc.update(c, "DELETE FROM webhook_attempts WHERE delivery_id IN (" + old + ")", before);
            return Jdbc.update(c, "DELETE FROM webhook_deliveries WHERE id IN (" + old + ")", before);
        });
    }

    @Override
    public Map<String, Long> eraseCustomer(String shopId, String customerId, String keepEventType) {
        return jdbc.transaction("erasing a customer's webhook deliveries", c -> {
            String about = "SELECT id FROM webhook_deliveries WHERE shop_id = ? AND customer_id = ? AND event_type <> ?";
            long attempts = Jdbc.update(c, "DELETE FROM webhook_attempts WHERE delivery_id IN (" + about + ")",
                    shopId, customerId, keepEventType);
            long deliveries = Jdbc.update(c, "DELETE FROM webhook_deliveries WHERE id IN (" + about + ")",
                    shopId, customerId, keepEventType);
            Map<String, Long> erased = new LinkedHashMap<>();
            erased.put("webhook_deliveries", deliveries);
            erased.put("webhook_attempts", attempts);
            return erased;
        });
    }
}
