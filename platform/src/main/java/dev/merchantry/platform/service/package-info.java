/**
 * What the services share with every caller, and nothing else: the failure type services throw
 * ({@link dev.merchantry.platform.service.ServiceException}, mapped once to problem+json by {@code http} and once to
 * {@code fail(code)} by {@code bus}), the event-bus addresses services publish and listen on
 * ({@link dev.merchantry.platform.service.Addresses}), the rule for text a request may carry
 * ({@link dev.merchantry.platform.service.TextRules}) and the readers of request fields
 * ({@link dev.merchantry.platform.service.RequestFields}). It depends on no other platform package, so every layer
 * may use it without creating a cycle (docs/architecture.md).
 */
package dev.merchantry.platform.service;
