package dev.merchantry.platform.http;

import dev.merchantry.platform.testing.EmbeddedNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections that never send a request cannot lock new clients out: beyond {@code --max-connections} the node
 * closes the longest-idle connection to admit a new one, and a connection that sends no request head within the
 * head timeout is closed.
 */
class ConnectionGuardIT {

    private EmbeddedNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void silentConnectionsBeyondTheCapAreEvictedAndNewClientsServed() throws Exception {
        int cap = 40;
        node = start(new HttpSettings(cap, 30, 60_000, 2));
        List<Socket> silent = open(3 * cap);
        ApiClient api = node.api();
        for (int i = 0; i < 20; i++) {
            assertEquals(200, api.get("/health", null).status(), "a new client is served with " + silent.size()
                    + " silent connections open and a cap of " + cap);
        }
        int closed = closedByServer(silent, 5_000);
        assertTrue(closed >= 2 * cap - 5, "the node evicted " + closed + " of " + silent.size() + " silent connections");
    }

    @Test
    void aConnectionThatSendsNoRequestHeadIsClosed() throws Exception {
        node = start(new HttpSettings(1_000, 30, 300, 2));
        List<Socket> silent = open(5);
        assertEquals(5, closedByServer(silent, 5_000), "closed after the 300 ms head timeout");
    }

    private static EmbeddedNode start(HttpSettings settings) {
        return EmbeddedNode.builder().http(settings).start();
    }

    private List<Socket> open(int n) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
            sockets.add(s);
        }
        return sockets;
    }

    /** How many of {@code sockets} the server closed, waiting up to {@code millis} for each in turn. */
    private static int closedByServer(List<Socket> sockets, long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        int closed = 0;
        for (Socket s : sockets) {
            try {
                s.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
                if (s.getInputStream().read() < 0) {
                    closed++;
                }
            } catch (SocketTimeoutException stillOpen) {
                // open until the deadline
            } catch (IOException reset) {
                closed++;
            } finally {
                s.close();
            }
        }
        return closed;
    }
}
