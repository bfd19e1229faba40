/**
 * The {@code profiling} plugin: three profiler strategies ({@code rfm}, {@code segments}, {@code clv}) that share one
 * training pass ({@link dev.merchantry.plugins.profiling.core.ProfilePipeline}) and differ in what their segments are.
 * See docs/algorithms/profiling.md.
 */
package dev.merchantry.plugins.profiling;
