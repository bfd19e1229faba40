/** The shared training pass, the per-customer column table it reads into, and the model it produces. */
package dev.merchantry.plugins.profiling.core;
