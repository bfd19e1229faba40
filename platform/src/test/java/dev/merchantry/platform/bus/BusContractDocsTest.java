package dev.merchantry.platform.bus;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/event-bus/ holds, for every request/reply address, the JSON Schema of its request and of its reply exactly as
 * {@link BusContract} generates them from the declarations the services parse and answer with, and each file is a
 * valid JSON Schema 2020-12. Regenerate with {@code -Dmerchantry.docs.write=true}.
 */
class BusContractDocsTest {

    private static final Path DOCS = Path.of("..", BusContract.DOCS_DIR);
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    @Test
    void theCommittedSchemasAreTheGeneratedOnes() throws IOException {
        boolean write = Boolean.getBoolean("merchantry.docs.write");
        List<String> stale = new ArrayList<>();
        Set<String> expected = new TreeSet<>();
        for (BusContract.Endpoint e : BusContract.ENDPOINTS) {
            for (boolean reply : new boolean[] {false, true}) {
                String name = reply ? e.replyFile() : e.requestFile();
                expected.add(name);
                String generated = BusContract.schemaFile(e, reply).encodePrettily() + "\n";
                Path file = DOCS.resolve(name);
                if (write) {
                    Files.createDirectories(DOCS);
                    Files.writeString(file, generated);
                } else if (!Files.isRegularFile(file) || !Files.readString(file).equals(generated)) {
                    stale.add(name);
                }
            }
        }
        for (BusContract.Notification n : BusContract.NOTIFICATIONS) {
            expected.add(n.file());
            String generated = BusContract.notificationFile(n).encodePrettily() + "\n";
            Path file = DOCS.resolve(n.file());
            if (write) {
                Files.writeString(file, generated);
            } else if (!Files.isRegularFile(file) || !Files.readString(file).equals(generated)) {
                stale.add(n.file());
            }
        }
        try (Stream<Path> files = Files.list(DOCS)) {
            Set<String> committed = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".schema.json"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, committed, "docs/event-bus holds one request and one reply schema per request/reply"
                    + " address and one schema per notification");
        }
        if (!stale.isEmpty()) {
            fail("docs/event-bus differs from the declarations for " + stale + "; regenerate with: mvn -pl platform test"
                    + " -Dtest=BusContractDocsTest -Dmerchantry.docs.write=true");
        }
    }

    @Test
    void everyFileIsAValidJsonSchema() throws IOException {
        Vertx vertx = Vertx.vertx();
        try {
            SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                    .setBaseUri("https://merchantry.dev/")).preloadMetaSchema(vertx.fileSystem(), Draft.DRAFT202012);
            int checked = 0;
            for (BusContract.Endpoint e : BusContract.ENDPOINTS) {
                for (String name : List.of(e.requestFile(), e.replyFile())) {
                    JsonObject schema = new JsonObject(Files.readString(DOCS.resolve(name)));
                    OutputUnit result = repository.validator(META_SCHEMA).validate(schema);
                    assertTrue(result.getValid(), name + " is not a valid JSON Schema 2020-12: " + result.getErrors());
                    checked++;
                }
            }
            for (BusContract.Notification n : BusContract.NOTIFICATIONS) {
                JsonObject schema = new JsonObject(Files.readString(DOCS.resolve(n.file())));
                OutputUnit result = repository.validator(META_SCHEMA).validate(schema);
                assertTrue(result.getValid(), n.file() + " is not a valid JSON Schema 2020-12: " + result.getErrors());
                checked++;
            }
            assertEquals(2 * BusContract.ENDPOINTS.size() + BusContract.NOTIFICATIONS.size(), checked);
            // The meta-schema check itself can fail: a schema with a mistyped keyword value is refused.
            assertTrue(!repository.validator(META_SCHEMA).validate(new JsonObject().put("type", 12)).getValid());
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void everyRequestAndNotificationNamesTheShopAndEveryReplyListsItsFailureCodes() {
        for (BusContract.Notification n : BusContract.NOTIFICATIONS) {
            assertTrue(BusContract.notificationFile(n).getJsonArray("required").contains("shop"), n.address());
        }
        for (BusContract.Endpoint e : BusContract.ENDPOINTS) {
            JsonObject request = BusContract.schemaFile(e, false);
            assertTrue(request.getJsonArray("required").contains("shop"), e.address() + " requires shop");
            JsonObject codes = BusContract.schemaFile(e, true).getJsonObject("x-failure-codes");
            assertTrue(codes.containsKey("400") && codes.containsKey("404"), e.address() + " lists 400 and 404");
        }
    }
}
