/**
 * The Merchantry plugin API: what a third-party strategy compiles against.
 *
 * <p>A strategy is a PF4J {@code @Extension} implementing exactly one of the four kind interfaces:
 * {@link dev.merchantry.api.profile.Profiler}, {@link dev.merchantry.api.recommend.Recommender},
 * {@link dev.merchantry.api.forecast.Forecaster} or {@link dev.merchantry.api.pricing.PricingAgent}. Each declares a
 * {@link dev.merchantry.api.StrategyDescriptor} with a {@link dev.merchantry.api.config.ConfigSpec}.
 *
 * <p>Rules that hold for every kind:
 * <ol>
 *   <li>Plugin code is synchronous plain Java. The platform calls it on a worker thread, never on an event loop,
 *       with a timeout, and with the thread context class loader set to the plugin's class loader.</li>
 *   <li>Trainers ({@code fit}) may be called concurrently for different shops; they must not keep mutable state in
 *       the extension instance.</li>
 *   <li>Models are immutable and thread-safe: the platform shares one model between many concurrent queries.</li>
 *   <li>Models serialize to bytes with a format version ({@link dev.merchantry.api.model.SerializedModel}); the
 *       strategy's {@code load} must read every format version it ever wrote, or fail with
 *       {@link dev.merchantry.api.model.ModelFormatException}.</li>
 *   <li>This module depends only on pf4j and slf4j; new methods are only ever added as {@code default} methods.</li>
 * </ol>
 */
package dev.merchantry.api;
