package dev.merchantry.platform.cli;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;
import dev.merchantry.platform.tools.evaluation.recommender.FoldResult;
import dev.merchantry.platform.tools.evaluation.recommender.RatingsFile;
import dev.merchantry.platform.tools.evaluation.recommender.RatingsSet;
import dev.merchantry.platform.tools.evaluation.recommender.RecommenderEvaluator;
import dev.merchantry.platform.tools.evaluation.recommender.RecommenderReport;
import dev.merchantry.platform.tools.evaluation.recommender.Split;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code merchantry evaluate recommender}: cross-validates any recommender strategy (bundled or third-party) on a
 * ratings file, or evaluates it on a given train/test pair, and prints the metrics per fold and their mean.
 */
@Command(name = "recommender", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a recommender strategy offline: RMSE/MAE of predicted ratings and precision, recall, "
                + "NDCG and MAP at 10, coverage and timings, per fold and mean.",
            "Files are CSV with a header: user (or userId, user_id, customer_id), item (or itemId, item_id, movieId, "
                + "product_id), optionally rating and timestamp (epoch seconds/milliseconds or ISO-8601)."},
        footer = {"", "Examples:",
            "  merchantry evaluate recommender --strategy svd --ratings ratings.csv --folds 5",
            "  merchantry evaluate recommender --strategy item-knn --train train.csv --test test.csv --format json",
            "  merchantry evaluate recommender --strategy svd --ratings r.csv --set factors=50 --set epochs=30"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:evaluated", "1:the strategy failed", "2:invalid command line, setting or file"})
final class EvaluateRecommenderCommand implements Callable<Integer> {

    @Option(names = "--strategy", required = true, paramLabel = "ID", description = "recommender strategy id, e.g. svd")
    String strategy;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @ArgGroup(exclusive = false)
        CrossValidation crossValidation;

        @ArgGroup(exclusive = false)
        GivenSplit givenSplit;
    }

    static final class CrossValidation {
        @Option(names = "--ratings", required = true, paramLabel = "FILE", description = "ratings to cross-validate on")
        Path ratings;

        @Option(names = "--folds", defaultValue = "5", paramLabel = "K", description = "folds (default: ${DEFAULT-VALUE})")
        int folds;
    }

    static final class GivenSplit {
        @Option(names = "--train", required = true, paramLabel = "FILE", description = "training ratings")
        Path train;

        @Option(names = "--test", required = true, paramLabel = "FILE", description = "test ratings")
        Path test;
    }

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "seed of the fold assignment (default: ${DEFAULT-VALUE}); the strategy's own seed is a --set key")
    long seed;

    @Option(names = "--relevance-threshold", defaultValue = "4.0", paramLabel = "R",
            description = "explicit ratings: test items rated at least this are relevant for ranking metrics "
                    + "(default: ${DEFAULT-VALUE})")
    double relevanceThreshold;

    @Mixin
    EvaluationOptions options;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Split> splits = new ArrayList<>();
        boolean explicit;
        if (input.crossValidation != null) {
            if (input.crossValidation.folds < 2) {
                throw new EvaluationException("--folds", "must be at least 2, got " + input.crossValidation.folds);
            }
            RatingsSet set = RatingsFile.read(input.crossValidation.ratings, "--ratings");
            if (set.size() < input.crossValidation.folds) {
                throw new EvaluationException("--folds", input.crossValidation.folds + " folds need at least as many "
                        + "rows; the file has " + set.size());
            }
            explicit = set.explicit();
            splits.addAll(Split.kFold(set.ratings(), input.crossValidation.folds, seed));
        } else {
            RatingsSet train = RatingsFile.read(input.givenSplit.train, "--train");
            RatingsSet test = RatingsFile.read(input.givenSplit.test, "--test");
            if (train.explicit() != test.explicit()) {
                throw new EvaluationException("--test", "train and test files must both have a rating column or "
                        + "both lack one");
            }
            explicit = train.explicit();
            splits.add(new Split(1, train.ratings(), test.ratings()));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (OfflineStrategy<Recommender> loaded = options.load(strategy, StrategyKind.RECOMMENDER, Recommender.class)) {
            RecommenderEvaluator evaluator = new RecommenderEvaluator(loaded.strategy(), loaded.config(),
                    now -> loaded.context(Clock.fixed(now, ZoneOffset.UTC)), loaded::call, explicit,
                    relevanceThreshold);
            List<FoldResult> folds = new ArrayList<>();
            for (Split s : splits) {
                folds.add(evaluator.evaluate(s));
            }
            RecommenderReport report = new RecommenderReport(strategy, loaded.config().asMap(), folds);
            out.print(options.json() ? report.toJson().encodePrettily() + "\n" : report.toTable());
            out.flush();
        }
        return 0;
    }
}
