/**
 * Pricing agents served per shop and product: decisions, outcomes (posted or attributed from Order Completed
 * events), suggest/auto modes, and exactly one persisted agent state per product (compare-and-set in the database).
 * See docs/algorithms/pricing.md, docs/rest-api.md and docs/event-bus.md.
 */
package dev.merchantry.platform.pricing;
