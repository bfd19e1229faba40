package dev.merchantry.platform.strategies;

import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A shop's trained forecaster: one plugin model per product plus the date of its first forecast step. Forecasters
 * fit one series at a time, so the platform stores their models together as one versioned bundle per shop.
 */
public final class ForecastBundle {

    /** Format of the bundle envelope itself (the inner models carry their own formats). */
    public static final int FORMAT_VERSION = 1;
    static final String FORMAT_ID = "merchantry-forecast-bundle";

    /** One product's model and where its forecast starts. */
    public record Entry(Frequency frequency, LocalDate firstForecastDate, SerializedModel serialized, ForecastModel model) {
    }

    private final Map<String, Entry> entries;

    public ForecastBundle(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    public byte[] toBytes() {
        ModelWriter w = new ModelWriter();
        w.writeString(FORMAT_ID);
        w.writeInt(entries.size());
        entries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Entry entry = e.getValue();
            w.writeString(e.getKey());
            w.writeString(entry.frequency().name());
            w.writeString(entry.firstForecastDate().toString());
            w.writeString(entry.serialized().strategyId());
            w.writeInt(entry.serialized().formatVersion());
            w.writeBytes(entry.serialized().bytes());
        });
        return w.toByteArray();
    }

    /** Decodes a bundle, turning each inner model back into a live one with {@code loader} (the plugin's load). */
    public static ForecastBundle fromBytes(byte[] bytes, Function<SerializedModel, ForecastModel> loader) {
        ModelReader r = new ModelReader(bytes);
        String id = r.readString();
        if (!FORMAT_ID.equals(id)) {
            throw new IllegalArgumentException("not a forecast bundle");
        }
        int n = r.readInt();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String product = r.readString();
            Frequency frequency = Frequency.valueOf(r.readString());
            LocalDate first = LocalDate.parse(r.readString());
            SerializedModel serialized = new SerializedModel(r.readString(), r.readInt(), r.readBytes());
            entries.put(product, new Entry(frequency, first, serialized, loader.apply(serialized)));
        }
        return new ForecastBundle(entries);
    }
}
