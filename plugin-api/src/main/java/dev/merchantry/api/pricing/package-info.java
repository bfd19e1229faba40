/** The pricing kind: online agents that choose a price per period and learn from the units sold. */
package dev.merchantry.api.pricing;
