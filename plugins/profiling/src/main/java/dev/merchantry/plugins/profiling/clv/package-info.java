/**
 * Customer lifetime value: BG/NBD (Fader, Hardie &amp; Lee 2005) for repeat purchases and drop-out, Gamma-Gamma
 * (Fader &amp; Hardie 2013; Colombo &amp; Jiang 1999) for order values, fitted by maximum likelihood.
 */
package dev.merchantry.plugins.profiling.clv;
