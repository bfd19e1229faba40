package dev.merchantry.platform.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A shop's webhooks and the durable outbox of their deliveries. A delivery is written once per (notification,
 * webhook) before any attempt; a node attempts it only after {@link #claimDue claiming} it, which hands it the
 * delivery's next attempt number under a lease, and {@link #recordAttempt} changes nothing unless that attempt
 * still holds it, so two nodes never attempt one delivery at the same time and a node presumed dead cannot
 * overwrite the result of the next attempt.
 */
public interface WebhookRepository {

    /** A subscription: where to POST, which notifications, and the secret deliveries are signed with. */
    record Webhook(String id, String shopId, String url, List<String> events, String secret, Instant createdAt) {
        public Webhook {
            events = List.copyOf(events);
        }
    }

    enum DeliveryState { PENDING, DELIVERED, FAILED }

    /** One attempt with a result: a status code (any) or an error (connection refused, timeout, refused address). */
    record Attempt(int attempt, Instant startedAt, long durationMs, Integer statusCode, String error,
                   String responseExcerpt, String node) {
    }

    /** A delivery as the log shows it, with its attempts in order. */
    record Delivery(String id, String webhookId, String shopId, String eventId, String eventType, String body,
                    DeliveryState state, int attempts, Instant createdAt, Instant nextAttemptAt, Instant giveUpAt,
                    Instant finishedAt, boolean inFlight, List<Attempt> log) {
    }

    /** A delivery to write into the outbox; skipped if its webhook was deleted in the meantime. */
    record NewDelivery(String id, String webhookId, String shopId, String eventId, String eventType,
                       String customerId, String body, Instant createdAt, Instant giveUpAt) {
    }

    /** A delivery this node now holds for attempt {@code attempt}, with what it needs to send it. */
    record Claimed(String id, String webhookId, String shopId, String eventId, String eventType, String body,
                   int attempt, Instant giveUpAt, String url, String secret) {
    }

    /** Stores a webhook unless its shop already has {@code maxPerShop}; false (nothing stored) then. */
    boolean add(Webhook webhook, int maxPerShop);

    /** The shop's webhooks, oldest first. */
    List<Webhook> list(String shopId);

    Optional<Webhook> find(String shopId, String id);

    /** Deletes a webhook with its outbox and log; false if the shop has no such webhook. */
    boolean delete(String shopId, String id);

    /** Writes the deliveries in one transaction; returns how many were stored (webhooks deleted meanwhile skipped). */
    int enqueue(List<NewDelivery> deliveries);

    /**
     * Claims at most {@code limit} PENDING deliveries due by {@code now} whose lease (if any) expired, for
     * {@code node} until {@code leaseUntil}, oldest due first; each claim is a conditional update, so of several
     * nodes claiming at once exactly one gets each delivery.
     */
    List<Claimed> claimDue(Instant now, String node, Instant leaseUntil, int limit);

    /**
     * Records the result of attempt {@code attempt} and what follows: DELIVERED, FAILED (given up), or PENDING again
     * due at {@code nextAttemptAt}. False and nothing written when that attempt no longer holds the delivery
     * (deleted, redelivered, or its lease expired and another node claimed it).
     */
    boolean recordAttempt(String deliveryId, Attempt attempt, DeliveryState next, Instant nextAttemptAt,
                          Instant finishedAt);

    /** At a node's start: releases the deliveries its previous run held when it was killed; returns how many. */
    int releaseLeases(String node);

    /** A webhook's deliveries, newest first, with their attempts ({@code now}: to tell which are in flight). */
    List<Delivery> deliveries(String webhookId, int limit, Instant now);

    Optional<Delivery> delivery(String webhookId, String deliveryId, Instant now);

    /**
     * Makes a delivery PENDING and due at {@code now} again, with a fresh retry window until {@code giveUpAt};
     * its log is kept. Empty when there is no such delivery; a delivery whose attempt is in flight is left alone
     * (answered with {@code inFlight} true).
     */
    Optional<Delivery> redeliver(String webhookId, String deliveryId, Instant now, Instant giveUpAt);

    /** Deletes DELIVERED and FAILED deliveries finished before {@code before}; returns how many. */
    int purgeFinished(Instant before);

    /**
     * Removes the deliveries about one customer of a shop (any state), except erasure notices, which tell the
     * merchant's own systems to erase too. Returns {@code {table: rows}}.
     */
    Map<String, Long> eraseCustomer(String shopId, String customerId, String keepEventType);
}
