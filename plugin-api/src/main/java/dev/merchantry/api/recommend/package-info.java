/** The recommender kind: learns from user–item interactions and baskets, answers top-N queries. */
package dev.merchantry.api.recommend;
