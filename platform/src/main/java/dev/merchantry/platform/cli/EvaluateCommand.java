package dev.merchantry.platform.cli;

import picocli.CommandLine.Command;

/**
 * {@code merchantry evaluate}: offline evaluation of strategies on files (cross-validation of recommenders,
 * forecast backtests, CLV calibration/holdout, pricing simulation). Each algorithm family adds its subcommand.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, subcommands = {EvaluateRecommenderCommand.class, EvaluateForecasterCommand.class, EvaluateProfilerCommand.class,
                EvaluatePricingCommand.class, EvaluatePricingDemoCommand.class,
                EvaluateExperimentCommand.class},
        description = "Evaluate strategies offline on your own data files.")
final class EvaluateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
