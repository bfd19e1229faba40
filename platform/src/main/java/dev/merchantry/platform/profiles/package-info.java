/**
 * Customer profiles as the platform serves them: materialized from the shop's profiler model after each training
 * (so lookups and audiences are indexed SQL and erasure is immediate), group-change notifications, audiences with
 * personalized picks and suggested offers. See docs/algorithms/profiling.md and docs/rest-api.md.
 */
package dev.merchantry.platform.profiles;
