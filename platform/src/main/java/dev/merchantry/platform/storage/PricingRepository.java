package dev.merchantry.platform.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Pricing agent states and decisions. A product has at most one state: {@link #createState} succeeds for exactly one
 * caller, and {@link #recordOutcome} replaces the state only if nobody replaced it since it was read.
 */
public interface PricingRepository {

    /** What {@link #recordOutcome} did. */
    enum OutcomeResult {
        /** Outcome and new state stored together. */
        STORED,
        /** The state changed since it was read: read it again, learn again, retry. */
        STATE_CHANGED,
        /** The decision is no longer active (another caller recorded its outcome first); nothing stored. */
        DECISION_NOT_ACTIVE
    }

    Optional<PricingState> state(String shop, String productId);

    /** Inserts a first state; false (nothing changed) when the product already has one. */
    boolean createState(PricingState state);

    /** Replaces the state if its version is still {@code expectedVersion} (a new agent after a binding change). */
    boolean replaceState(PricingState state, long expectedVersion);

    /** The parked state of the product's agent {@code strategyId} with the config whose hash is {@code configHash}. */
    Optional<PricingState> parkedState(String shop, String productId, String strategyId, String configHash);

    /**
     * Switches the product to another agent or config in one transaction, if the live state's version is still
     * {@code expectedVersion}: {@code next} becomes the live state, {@code parked} (the state it replaces, under
     * {@code parkedHash}) is parked in place of any older parked state of that agent and config, and the parked state
     * of {@code next}'s agent and config ({@code nextHash}), which {@code next} may resume, is removed. False, with
     * nothing changed, when the version moved.
     */
    boolean switchState(PricingState next, String nextHash, long expectedVersion, PricingState parked, String parkedHash);

    /**
     * {@link #recordOutcome} for a decision whose agent and config are parked: marks the decision observed and
     * replaces the parked state (keyed by {@code next}'s agent and {@code configHash}) if its version is still
     * {@code expectedVersion}, in one transaction.
     */
    OutcomeResult recordParkedOutcome(String shop, String decisionId, double units, double revenue, String source,
                                      Instant at, PricingState next, String configHash, long expectedVersion);

    /**
     * Stores a decision. An active one ends the period of the product's earlier active decisions at its start; a
     * pending one expires the product's earlier pending ones.
     */
    void addDecision(PricingDecisionRecord decision);

    Optional<PricingDecisionRecord> decision(String shop, String decisionId);

    /** A product's decisions, newest first. */
    List<PricingDecisionRecord> decisions(String shop, String productId, int limit);

    /** A shop's decisions waiting for approval, oldest first. */
    List<PricingDecisionRecord> pending(String shop, int limit);

    /** Approves a pending decision: it becomes active over [start, end); false if it was not pending. */
    boolean activate(String shop, String decisionId, Instant start, Instant end);

    /** Rejects a pending decision; false if it was not pending. */
    boolean reject(String shop, String decisionId);

    /**
     * In one transaction: marks an active decision observed with its outcome and replaces the product's state if its
     * version is still {@code expectedVersion}; on any conflict nothing is stored.
     */
    OutcomeResult recordOutcome(String shop, String decisionId, double units, double revenue, String source,
                                Instant at, PricingState next, long expectedVersion);

    /**
     * Marks an active decision observed with its outcome, touching no state (a list-price decision of a pricing
     * experiment, which no agent learns from); false when it was no longer active.
     */
    boolean observe(String shop, String decisionId, double units, double revenue, String source, Instant at);

    /** Active decisions of a shop whose period ended by {@code asOf}, oldest first. */
    List<PricingDecisionRecord> endedActive(String shop, Instant asOf, int limit);

    /**
     * Units and revenue of {@code Order Completed} lines of a product in [from, to) at {@code price} (to the cent):
     * {@code [units, revenue]}.
     */
    double[] salesAt(String shop, String productId, Instant from, Instant to, double price);
}
