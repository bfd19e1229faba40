package dev.merchantry.platform.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The line format: logfmt pairs after the event, quoted and escaped so no value can forge a line or a key. */
class EventLogTest {

    @Test
    void plainValuesStayBareAndHostileOnesAreQuotedAndEscaped() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("interactions", 1200.0);
        metrics.put("train_rmse", 0.87123456);
        String line = EventLog.info(LoggerFactory.getLogger(EventLogTest.class), "job finished")
                .with("job_id", "7f3c").with("shop", "acme").with("duration_ms", 812L).with("ok", true)
                .with("error", "boom \"x\"\nstate=succeeded\\") .with("empty", "").with("absent", null)
                .with("metrics", metrics).with("ratio", 0.1).toString();
        assertEquals("job finished job_id=7f3c shop=acme duration_ms=812 ok=true"
                + " error=\"boom \\\"x\\\"\\nstate=succeeded\\\\\" empty=\"\""
                + " metrics=interactions:1200,train_rmse:0.871235 ratio=0.1", line);
    }

    @Test
    void theLineIsTheMessageAndThePairsAreAttachedForJsonEncoders() {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.merchantry.test.EventLogTest");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            EventLog.warn(logger, "login failed").with("email_hash", "ab12").with("address", "10.0.0.1").log();
        } finally {
            logger.detachAppender(appender);
        }
        ILoggingEvent event = appender.list.get(0);
        assertEquals("login failed email_hash=ab12 address=10.0.0.1", event.getFormattedMessage());
        assertEquals(ch.qos.logback.classic.Level.WARN, event.getLevel());
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        assertEquals(List.of("email_hash", "address"), pairs.stream().map(p -> p.key).toList());
        assertEquals("10.0.0.1", pairs.get(1).value);
    }
}
