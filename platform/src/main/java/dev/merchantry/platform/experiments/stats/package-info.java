/**
 * The statistics of A/B experiments between strategies, pure Java on Commons Math: always-valid inference by the
 * mixture sequential probability ratio test (Johari, Koomen, Pekelis and Walsh, "Always Valid Inference: Continuous
 * Monitoring of A/B Tests", Operations Research 70(3), 2022; arXiv:1512.04922), which lets a merchant look at the
 * results every day without inflating the false-positive rate; relative lift by the delta method with unpooled
 * (Welch) variances, binomial for conversion; the probability to beat control; the sample-ratio-mismatch check; the
 * planned sample size of the sequential test; the plain-words verdict; and the simulator behind
 * {@code merchantry evaluate experiment}. Nothing here knows about shops, storage or Vert.x. docs/algorithms/experiments.md
 * gives the formulas and their sources.
 */
package dev.merchantry.platform.experiments.stats;
