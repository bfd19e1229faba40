package dev.merchantry.platform.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client that disconnects mid-request — closing the connection half-way through its body, or resetting it after
 * sending the whole body — costs one DEBUG line, not an ERROR with a stack trace (a reconnecting client would
 * otherwise flood the log), and the node keeps serving.
 */
class ClientDisconnectIT {

    private static final String ADMIN = "disconnect-admin-token-0123456789";

    /** The disconnect reaches the request's error handler on the event loop, after the socket closed. */
    private static final Duration DISCONNECT_LOGGED = Duration.ofSeconds(10);

    private EmbeddedNode node;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger problems = (Logger) LoggerFactory.getLogger(Problems.class);
    private Level problemsLevel;

    @BeforeEach
    void start() throws Exception {
        node = EmbeddedNode.builder().adminToken(ADMIN).start();
        node.createShop("s", "S");
        problemsLevel = problems.getLevel();
        problems.setLevel(Level.DEBUG);
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stop() {
        root.detachAppender(log);
        problems.setLevel(problemsLevel);
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aClientThatGoesAwayMidRequestIsLoggedAtDebugNotAsAnError() throws Exception {
        byte[] head = ("POST /api/v1/shops/s/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ADMIN
                + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        // Half a body, then a normal close (FIN).
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write("[{\"event_id\":\"e1\"".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        awaitDisconnects(1);
        // Half a body, then a reset (RST: SO_LINGER 0), as a crashed client or a proxy timeout does.
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoLinger(true, 0);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write("[{\"event_id\":\"e2\"".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        awaitDisconnects(2);

        List<ILoggingEvent> errors = events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertEquals(List.of(), errors.stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertEquals(200, node.api().get("/health", null).status(), "the node serves on");
    }

    private List<ILoggingEvent> events() {
        synchronized (log) {
            return List.copyOf(log.list);
        }
    }

    private void awaitDisconnects(int count) {
        Eventually.await(DISCONNECT_LOGGED, "a DEBUG line for disconnect " + count,
                () -> events().stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList(),
                logged -> logged.stream().filter(line -> line.startsWith(
                        "DEBUG client disconnected during POST /api/v1/shops/s/events")).count() >= count);
    }
}
