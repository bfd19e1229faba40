/** The profiler kind: learns from customers' order histories, answers per-customer profiles and segments. */
package dev.merchantry.api.profile;
