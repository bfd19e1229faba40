package dev.merchantry.platform.tools.importclient;

import java.util.Locale;

/** The lines printed when an import ends, so a person sees at a glance what landed and where the rejects are. */
public final class ImportSummary {

    private ImportSummary() {
    }

    public static String format(ImportResult r) {
        StringBuilder s = new StringBuilder();
        double seconds = r.elapsed().toNanos() / 1e9;
        s.append(String.format(Locale.ROOT, "%s %s (%s) in %s%n",
                r.completed() ? "imported" : "stopped importing", r.file().getFileName(), r.kind().flag(),
                seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds) : ProgressReporter.duration(seconds)));
        row(s, "rows read", r.rowsRead(), r.rowsSkipped() > 0
                ? String.format(Locale.ROOT, "%,d skipped: confirmed by an earlier run", r.rowsSkipped()) : null);
        row(s, "sent", r.sent(), String.format(Locale.ROOT, "%s in %,d request%s%s", r.kind().unit(), r.requests(),
                r.requests() == 1 ? "" : "s",
                r.retries() > 0 ? String.format(Locale.ROOT, ", retries: %,d", r.retries()) : ""));
        row(s, "accepted", r.accepted(), null);
        row(s, "duplicates", r.duplicates(), r.duplicates() > 0 ? "already on the server, unchanged" : null);
        String where = r.rejectsFile() == null ? "" : ", see " + r.rejectsFile()
                + (r.rejectsKept() > 0 ? String.format(Locale.ROOT, " (with %,d from the earlier run)", r.rejectsKept()) : "");
        row(s, "rejected", r.rejected(), String.format(Locale.ROOT, "client %,d rows, server %,d %s%s",
                r.clientRejected(), r.serverRejected(), r.kind().unit(), where));
        row(s, "rate", Math.round(r.itemsPerSecond()), r.kind().unit() + "/s");
        if (!r.completed()) {
            s.append(r.checkpointRows() > 0
                    ? String.format(Locale.ROOT, "checkpoint: the first %,d rows are confirmed (%s); run the same "
                    + "command again to resume%n", r.checkpointRows(), r.checkpointFile())
                    : String.format(Locale.ROOT, "nothing was confirmed; run the same command again to retry%n"));
        }
        return s.toString();
    }

    private static void row(StringBuilder s, String label, long value, String note) {
        s.append(String.format(Locale.ROOT, "  %-11s %,12d", label, value));
        if (note != null) {
            s.append("  ").append(note);
        }
        s.append(System.lineSeparator());
    }
}
