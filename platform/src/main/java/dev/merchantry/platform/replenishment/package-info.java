/**
 * Inventory replenishment: turns each product's demand forecast (the shop's bound forecaster) into a reorder
 * point, safety stock and order quantity for a target service level, per shop and per product settings.
 */
package dev.merchantry.platform.replenishment;
