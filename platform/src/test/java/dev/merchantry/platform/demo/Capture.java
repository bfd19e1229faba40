package dev.merchantry.platform.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A sink that keeps everything, the order of the calls and the batch sizes; plus helpers to read the data. */
final class Capture implements DemoSink {

    final List<JsonObject> products = new ArrayList<>();
    final List<JsonObject> events = new ArrayList<>();
    final List<JsonObject> inventory = new ArrayList<>();
    final List<JsonObject> impressions = new ArrayList<>();
    /** "p", "e", "i" or "r" (recommendation lists) per call, in order. */
    final List<String> calls = new ArrayList<>();
    int largestBatch;
    int emptyBatches;
    DemoDataGenerator generator;
    long millis;

    @Override
    public void products(List<JsonObject> batch) {
        record("p", batch);
        products.addAll(batch);
    }

    @Override
    public void events(List<JsonObject> batch) {
        record("e", batch);
        events.addAll(batch);
    }

    @Override
    public void inventory(List<JsonObject> batch) {
        record("i", batch);
        inventory.addAll(batch);
    }

    @Override
    public void impressions(List<JsonObject> batch) {
        record("r", batch);
        impressions.addAll(batch);
    }

    private void record(String kind, List<JsonObject> batch) {
        calls.add(kind);
        largestBatch = Math.max(largestBatch, batch.size());
        if (batch.isEmpty()) {
            emptyBatches++;
        }
    }

    static final Instant END = Instant.parse("2026-01-01T00:00:00Z");

    static Capture generate(DemoScale scale, long seed) {
        Capture capture = new Capture();
        capture.generator = new DemoDataGenerator(scale, seed, END);
        long t0 = System.nanoTime();
        capture.generator.generate(capture);
        capture.millis = (System.nanoTime() - t0) / 1_000_000;
        return capture;
    }

    DemoDataGenerator.Truth truth() {
        return generator.truth();
    }

    /** Day of the history (0-based) of a timestamp. */
    int day(String timestamp) {
        return (int) ChronoUnit.DAYS.between(generator.start(), Instant.parse(timestamp));
    }

    /** One order line. */
    record Line(String customer, String orderId, int day, Instant at, int product, double price, int quantity) {
        int month() {
            return at.atZone(ZoneOffset.UTC).getMonthValue();
        }
    }

    private List<Line> lines;
    private Map<String, Integer> productIndex;

    Map<String, Integer> productIndex() {
        if (productIndex == null) {
            productIndex = new HashMap<>();
            for (int j = 0; j < products.size(); j++) {
                productIndex.put(products.get(j).getString("product_id"), j);
            }
        }
        return productIndex;
    }

    List<Line> lines() {
        if (lines == null) {
            lines = new ArrayList<>();
            for (JsonObject e : events) {
                if (e.getString("type").equals("Order Completed")) {
                    JsonObject props = e.getJsonObject("properties");
                    JsonArray items = props.getJsonArray("products");
                    for (int k = 0; k < items.size(); k++) {
                        JsonObject item = items.getJsonObject(k);
                        lines.add(new Line(e.getString("customer_id"), props.getString("order_id"),
                                day(e.getString("timestamp")), Instant.parse(e.getString("timestamp")),
                                productIndex().get(item.getString("product_id")), item.getDouble("price"),
                                item.getInteger("quantity")));
                    }
                }
            }
        }
        return lines;
    }

    /** Customer index from an id "c-00042". */
    static int customerIndex(String id) {
        return Integer.parseInt(id.substring(2)) - 1;
    }

    /** Per product: the [from, to) epoch-second intervals during which its stock was 0. */
    Map<Integer, List<long[]>> stockOuts() {
        Map<Integer, List<JsonObject>> byProduct = new HashMap<>();
        for (JsonObject s : inventory) {
            byProduct.computeIfAbsent(productIndex().get(s.getString("product_id")), k -> new ArrayList<>()).add(s);
        }
        Map<Integer, List<long[]>> out = new HashMap<>();
        long end = generator.end().getEpochSecond();
        byProduct.forEach((j, snaps) -> {
            for (int k = 0; k < snaps.size(); k++) {
                if (snaps.get(k).getInteger("on_hand") == 0) {
                    long from = Instant.parse(snaps.get(k).getString("timestamp")).getEpochSecond();
                    long to = k + 1 < snaps.size() ? Instant.parse(snaps.get(k + 1).getString("timestamp")).getEpochSecond() : end;
                    out.computeIfAbsent(j, x -> new ArrayList<>()).add(new long[] {from, to});
                }
            }
        });
        return out;
    }

    /** Per product and day: true when its stock was 0 at any moment of the day (the platform's stock-out day). */
    boolean[][] stockOutDays() {
        int days = generator.scale().days();
        boolean[][] out = new boolean[products.size()][days];
        long start = generator.start().getEpochSecond();
        stockOuts().forEach((j, intervals) -> {
            for (long[] iv : intervals) {
                int first = (int) ((iv[0] - start) / 86_400);
                int last = (int) ((iv[1] - 1 - start) / 86_400);
                for (int d = Math.max(0, first); d <= Math.min(days - 1, last); d++) {
                    out[j][d] = true;
                }
            }
        });
        return out;
    }
}
