package dev.merchantry.platform.tools.importclient;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The progress line: share of bytes, rows, recent rate and time left; a bar on a terminal, plain text in a log. */
class ProgressReporterTest {

    @Test
    void rendersABarOnATerminalAndAPlainLineElsewhere() {
        ImportStats stats = new ImportStats();
        stats.rowsRead.set(5_000);
        stats.accepted.set(3_000);
        stats.duplicates.set(1_000);
        PrintWriter sink = new PrintWriter(new StringWriter());

        ProgressReporter terminal = new ProgressReporter(sink, true, 2_000_000, () -> 0, stats, "events");
        assertEquals("import  50% [############............] 5,000 rows  2,000 events/s  ETA 0:02",
                terminal.render(1_000_000, 2));

        ProgressReporter log = new ProgressReporter(sink, false, 2_000_000, () -> 0, stats, "events");
        assertEquals("import: 25% of 1.9 MB, 5,000 rows, 1,000 events/s, ETA 0:12", log.render(500_000, 4));
    }

    @Test
    void theRateFollowsTheLastFewSecondsNotTheWholeRun() {
        ImportStats stats = new ImportStats();
        ProgressReporter p = new ProgressReporter(new PrintWriter(new StringWriter()), false, 100, () -> 0, stats, "events");
        p.render(10, 1);
        stats.accepted.set(100);
        p.render(10, 10);              // a slow start: 100 events in the first 10 s
        stats.accepted.set(10_100);
        String line = p.render(50, 15); // then 10,000 in 5 s
        assertEquals("import: 50% of 0.1 KB, 0 rows, 2,000 events/s, ETA 0:15", line);
    }
}
