/** Recency/frequency/monetary quintile scores and the eleven Shopify-style RFM groups. */
package dev.merchantry.plugins.profiling.rfm;
