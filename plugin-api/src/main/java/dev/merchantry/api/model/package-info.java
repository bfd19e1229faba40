/** Trained models and their versioned byte serialization, which the platform stores and ships between nodes. */
package dev.merchantry.api.model;
