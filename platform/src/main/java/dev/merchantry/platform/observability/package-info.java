/**
 * How the platform reports what it does to operators, beyond {@code /metrics}: {@link
 * dev.merchantry.platform.observability.EventLog} writes the one-line structured records (training jobs, plugin
 * changes, logins, API keys) that docs/operations.md lists. A leaf package: it depends on SLF4J only, and every other
 * package may use it.
 */
package dev.merchantry.platform.observability;
