/**
 * Dynamic pricing agents over a grid of candidate prices with guardrails: Thompson sampling with a Poisson–Gamma
 * demand model ({@code thompson-pricing}), KL-UCB/UCB1 ({@code ucb-pricing}), epsilon-greedy
 * ({@code epsilon-greedy}) and inventory-constrained Thompson sampling after Ferreira, Simchi-Levi and Wang (2018)
 * ({@code inventory-pricing}). See {@code docs/algorithms/pricing.md}.
 */
package dev.merchantry.plugins.pricing;
