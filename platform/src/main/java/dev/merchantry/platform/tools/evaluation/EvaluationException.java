package dev.merchantry.platform.tools.evaluation;

/** Bad evaluation input (unknown strategy, invalid setting, malformed file): names the option or field at fault. */
public final class EvaluationException extends RuntimeException {

    private final String field;

    public EvaluationException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The option or file field at fault, e.g. {@code --set} or {@code ratings.csv line 12: rating}. */
    public String field() {
        return field;
    }
}
