/**
 * The demo shop's data: a documented, seeded generative model of an outdoor store (catalog, customers with latent
 * tastes and BG/NBD-like buying, seasonal and price-elastic demand, a browsing funnel, reviews, refunds and
 * inventory with stock-outs). {@link dev.merchantry.platform.demo.DemoDataGenerator} emits it in the REST API's
 * JSON shapes (docs/data.md) through a {@link dev.merchantry.platform.demo.DemoSink}; {@code serve --demo} feeds it to
 * ingestion and {@code merchantry demo-data} writes it as CSV. The model and its parameters are documented in
 * docs/demo-data.md; the constants live in {@code DemoModel}.
 */
package dev.merchantry.platform.demo;
