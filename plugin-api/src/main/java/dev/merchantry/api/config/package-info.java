/**
 * Typed, declared-once configuration for strategies (after Kafka's {@code ConfigDef}): one {@link
 * dev.merchantry.api.config.ConfigSpec} drives validation in the REST API, the forms of the console and the
 * generated docs.
 */
package dev.merchantry.api.config;
