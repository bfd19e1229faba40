package dev.merchantry.plugins.forecasting.optim;

import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

import java.util.function.ToDoubleFunction;

/**
 * Derivative-free minimisation with Commons Math's Nelder–Mead simplex (the method R's {@code optim} and the
 * forecast package's {@code ets} use), restarted from its optimum with a fresh simplex while that still improves the value, because a
 * collapsed simplex often stops short. Non-finite objective values count as +∞ (an infeasible point). Keeps the best point ever evaluated, so
 * running out of evaluations still returns the best found.
 */
public final class Minimizer {

    /** Value standing for an infeasible point. */
    public static final double INFEASIBLE = 1e12;
    /** Restarts from the best point while they still improve it (a fresh simplex escapes a collapsed one). */
    private static final int MAX_RUNS = 3;

    private Minimizer() {
    }

    /** The best point found and its value. */
    public record Result(double[] point, double value, int evaluations) {
    }

    /**
     * Minimises {@code f} from {@code start}, with initial simplex edge {@code steps[i]} along coordinate i.
     *
     * @param maxEvaluations budget over both runs
     * @param relativeTolerance stop when the simplex's values agree to this relative precision
     */
    public static Result minimize(ToDoubleFunction<double[]> f, double[] start, double[] steps, int maxEvaluations,
                                  double relativeTolerance) {
        Tracked tracked = new Tracked(f);
        if (start.length == 0) {
            double v = tracked.applyAsDouble(start);
            return new Result(start, v, 1);
        }
        tracked.applyAsDouble(start);
        int budget = maxEvaluations;
        for (int run = 0; run < MAX_RUNS && budget > start.length + 2; run++) {
            double[] from = run == 0 ? start : tracked.bestPoint.clone();
            double[] edge = steps.clone();
            int before = tracked.count;
            try {
                SimplexOptimizer opt = new SimplexOptimizer(relativeTolerance, 1e-12);
                opt.optimize(new MaxEval(budget), new MaxIter(Integer.MAX_VALUE), new ObjectiveFunction(tracked::applyAsDouble),
                        GoalType.MINIMIZE, new InitialGuess(from), new NelderMeadSimplex(edge));
            } catch (TooManyEvaluationsException e) {
                // keep the best point seen
            }
            budget -= tracked.count - before;
            if (run > 0 && Math.abs(tracked.bestValue - tracked.valueAfterFirst) <= 1e-6 * Math.abs(tracked.bestValue)) {
                break;
            }
            tracked.valueAfterFirst = tracked.bestValue;
        }
        return new Result(tracked.bestPoint.clone(), tracked.bestValue, tracked.count);
    }

    /**
     * Minimises a smooth {@code f} inside the box [lower, upper] with Powell's BOBYQA (Commons Math), which needs far
     * fewer evaluations than Nelder–Mead on smooth likelihoods; one-dimensional problems go to
     * {@link #minimize}. Returns the best point evaluated.
     */
    public static Result minimizeSmooth(ToDoubleFunction<double[]> f, double[] start, double[] lower, double[] upper,
                                        double initialRadius, int maxEvaluations) {
        int n = start.length;
        if (n < 2) {
            double[] steps = new double[n];
            java.util.Arrays.fill(steps, initialRadius);
            return minimize(f, start, steps, maxEvaluations, 1e-9);
        }
        Tracked tracked = new Tracked(f);
        double[] from = start.clone();
        for (int i = 0; i < n; i++) {
            from[i] = Math.max(lower[i] + 1e-9, Math.min(upper[i] - 1e-9, from[i]));
        }
        tracked.applyAsDouble(from);
        try {
            org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer opt =
                    new org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer(2 * n + 1, initialRadius, 1e-7);
            opt.optimize(new MaxEval(maxEvaluations), new ObjectiveFunction(tracked::applyAsDouble), GoalType.MINIMIZE,
                    new InitialGuess(from), new org.apache.commons.math3.optim.SimpleBounds(lower, upper));
        } catch (RuntimeException e) {
            // TooManyEvaluations or a degenerate interpolation set: keep the best point seen
        }
        return new Result(tracked.bestPoint.clone(), tracked.bestValue, tracked.count);
    }

    private static final class Tracked implements ToDoubleFunction<double[]> {
        private final ToDoubleFunction<double[]> f;
        double[] bestPoint;
        double bestValue = Double.POSITIVE_INFINITY;
        double valueAfterFirst = Double.POSITIVE_INFINITY;
        int count;

        Tracked(ToDoubleFunction<double[]> f) {
            this.f = f;
        }

        @Override
        public double applyAsDouble(double[] x) {
            count++;
            double v = f.applyAsDouble(x);
            if (!Double.isFinite(v)) {
                v = INFEASIBLE;
            }
            if (bestPoint == null || v < bestValue) {
                bestValue = v;
                bestPoint = x.clone();
            }
            return v;
        }
    }
}
