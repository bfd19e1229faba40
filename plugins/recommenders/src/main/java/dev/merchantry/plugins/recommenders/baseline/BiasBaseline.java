package dev.merchantry.plugins.recommenders.baseline;

import dev.merchantry.plugins.recommenders.common.RatingMatrix;

/**
 * Fitted biases μ, b_u, b_i minimising Σ (r_ui − μ − b_u − b_i)² + λ_u Σ b_u² + λ_i Σ b_i², with μ the global mean.
 * Each half-sweep solves one block exactly (b_i given b, then b_u given b_i), so the objective never increases.
 */
public final class BiasBaseline {

    public final double mean;
    public final double[] userBias;
    public final double[] itemBias;

    public BiasBaseline(double mean, double[] userBias, double[] itemBias) {
        this.mean = mean;
        this.userBias = userBias;
        this.itemBias = itemBias;
    }

    /** Fits the biases with {@code epochs} alternating sweeps (items first, as Surprise does). */
    public static BiasBaseline fit(RatingMatrix m, int epochs, double regUser, double regItem) {
        double mu = m.mean();
        double[] bu = new double[m.users];
        double[] bi = new double[m.items];
        for (int e = 0; e < epochs; e++) {
            sweepItems(m, mu, bu, bi, regItem);
            sweepUsers(m, mu, bu, bi, regUser);
        }
        return new BiasBaseline(mu, bu, bi);
    }

    static void sweepItems(RatingMatrix m, double mu, double[] bu, double[] bi, double regItem) {
        int[] itemUsers = m.itemUsers();
        double[] itemValues = m.itemValues();
        for (int i = 0; i < m.items; i++) {
            double dev = 0;
            for (int k = m.itemPtr[i]; k < m.itemPtr[i + 1]; k++) {
                dev += itemValues[k] - mu - bu[itemUsers[k]];
            }
            bi[i] = dev / (regItem + m.itemDegree(i));
        }
    }

    static void sweepUsers(RatingMatrix m, double mu, double[] bu, double[] bi, double regUser) {
        for (int u = 0; u < m.users; u++) {
            double dev = 0;
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                dev += m.userValues[k] - mu - bi[m.userItems[k]];
            }
            bu[u] = dev / (regUser + m.userDegree(u));
        }
    }

    /** The regularized squared error this fit minimises. */
    public double objective(RatingMatrix m, double regUser, double regItem) {
        double loss = 0;
        for (int u = 0; u < m.users; u++) {
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                double e = m.userValues[k] - predict(u, m.userItems[k]);
                loss += e * e;
            }
        }
        for (double b : userBias) {
            loss += regUser * b * b;
        }
        for (double b : itemBias) {
            loss += regItem * b * b;
        }
        return loss;
    }

    /** b_ui; an index of -1 (unknown user or item) contributes no bias. */
    public double predict(int u, int i) {
        return mean + (u >= 0 ? userBias[u] : 0) + (i >= 0 ? itemBias[i] : 0);
    }
}
