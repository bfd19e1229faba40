/** Behavioural segments: standardized features, k-means++ with k chosen by silhouette, centroids in plain words. */
package dev.merchantry.plugins.profiling.segments;
