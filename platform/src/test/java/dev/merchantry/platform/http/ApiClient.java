package dev.merchantry.platform.http;

import dev.merchantry.platform.testing.ResponseContract;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A tiny HTTP client for API tests: the same requests a curl user would make. Every response to an operation of the
 * node's {@code /openapi.json} is checked against the schema the document declares for its status
 * ({@link ResponseContract}): a body that does not match fails the test that received it.
 */
public final class ApiClient {

    /** A response: status, content type and body. */
    public record Response(int status, String contentType, String body) {
        public JsonObject json() {
            return new JsonObject(body);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final int port;
    private ResponseContract contract;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.port = port;
    }

    public Response send(String method, String path, String token, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b.build());
    }

    /** A GET whose whole response (headers included) the test inspects. */
    public static HttpResponse<String> raw(int port, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response sendBytes(String method, String path, String token, byte[] body) {
        return sendBytes(method, path, token, body, "application/java-archive");
    }

    /** Sends exact bytes (e.g. UTF-8 that is not valid, which a String body cannot carry). */
    public Response sendBytes(String method, String path, String token, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    /**
     * Sends {@code target} as the request line's target exactly as given, over a plain socket, for what no URI class
     * lets through (malformed percent-encoding such as {@code %zz}). HTTP/1.1 with {@code Connection: close}.
     */
    public Response sendRaw(String method, String target, String token, byte[] body, String contentType) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            return checked(method, path, parseRaw(socket.getInputStream().readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response parseRaw(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no HTTP response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = "";
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if (chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            InputStream in = new java.io.ByteArrayInputStream(rest);
            try {
                while (true) {
                    StringBuilder size = new StringBuilder();
                    for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
                        size.append((char) c);
                    }
                    int n = Integer.parseInt(size.toString().trim().split(";")[0], 16);
                    if (n == 0) {
                        break;
                    }
                    body.write(in.readNBytes(n));
                    in.readNBytes(2);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            rest = body.toByteArray();
        }
        return new Response(status, contentType, new String(rest, StandardCharsets.UTF_8));
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return checked(request.method(), request.uri().getRawPath(), new Response(r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(""), r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The contract this client checks responses against (loaded with the first response). */
    public ResponseContract contract() {
        if (contract == null) {
            get("/openapi.json", null);
        }
        return contract;
    }

    /** Validates {@code response} against the document's schema of its operation and status, when it has one. */
    private Response checked(String method, String rawPath, Response response) {
        String path;
        try {
            path = java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            path = rawPath; // e.g. %zz, sent on purpose: matches no operation, or fails there
        }
        if (contract == null) {
            if (path.equals("/openapi.json") && response.status() == 200) {
                contract = ResponseContract.of(response.json());
            } else {
                HttpResponse<String> doc = raw(port, "/openapi.json", null);
                if (doc.statusCode() != 200) {
                    throw new AssertionError("cannot check the response against /openapi.json: it answered "
                            + doc.statusCode());
                }
                contract = ResponseContract.of(new JsonObject(doc.body()));
            }
        }
        contract.check(method, path, response.status(), response.contentType(), response.body());
        return response;
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Response post(String path, String token, String json) {
        return send("POST", path, token, json, "application/json");
    }

    public Response put(String path, String token, String json) {
        return send("PUT", path, token, json, "application/json");
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }
}
