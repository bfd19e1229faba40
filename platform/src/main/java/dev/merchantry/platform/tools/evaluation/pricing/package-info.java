/**
 * The pricing simulator: a Gym-like environment ({@link dev.merchantry.platform.tools.evaluation.pricing.PricingEnvironment})
 * with Poisson-noised demand from a known curve (linear, logit, constant elasticity, or Ferreira et al.'s
 * four-price test case), and a harness that plays a pricing agent against it over seeds and reports revenue, profit,
 * the oracle's (best fixed grid price with demand known) and the regret curve. See docs/algorithms/pricing.md.
 */
package dev.merchantry.platform.tools.evaluation.pricing;
