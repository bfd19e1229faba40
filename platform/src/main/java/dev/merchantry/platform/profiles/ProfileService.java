package dev.merchantry.platform.profiles;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.api.profile.Segment;
import dev.merchantry.platform.customers.CustomerIds;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.RequestFields;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.GroupChange;
import dev.merchantry.platform.storage.Notices;
import dev.merchantry.platform.storage.JobRepository;
import dev.merchantry.platform.storage.ProfileRepository;
import dev.merchantry.platform.storage.ProfileRow;
import dev.merchantry.platform.storage.ProfileSet;
import dev.merchantry.platform.strategies.ActiveModels;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyInvoker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Customer profiles as the platform serves them: after a profiler training job, the node that ran it materializes
 * the new model's profiles into the {@link ProfileRepository} (so lookups and audiences are SQL, survive restarts and honour
 * erasure at once), swaps them in, and publishes {@link Addresses#PROFILE_CHANGED} for every customer whose RFM
 * group changed. Answers {@code merchantry.profile} and the segments summary from the served set.
 */
public final class ProfileService {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileService.class);
    /** Group-change notifications published per event-loop turn, so a big refresh does not stall the loop. */
    static final int PUBLISH_CHUNK = 1_000;

    /** {@code merchantry.profile}'s body. */
    public static final Schema PROFILE_REQUEST = Schema.object("ProfileRequest")
            .required("shop", Schema.string())
            .required("customer_id", Schema.string());
    /** RFM quintile scores (1-5; 0 for a customer without orders, a prospect) and group. */
    public static final Schema RFM = Schema.object("Rfm")
            .required("recency", Schema.number().doc("days since the last order"))
            .required("frequency", Schema.integer().doc("orders"))
            .required("monetary", Schema.number().doc("money spent"))
            .required("r", Schema.integer().min(0).max(5))
            .required("f", Schema.integer().min(0).max(5))
            .required("m", Schema.integer().min(0).max(5))
            .required("group", Schema.string().doc("CHAMPIONS, LOYAL, AT_RISK …"));
    /**
     * A customer's profile ({@code GET …/customers/{id}/profile}, {@code merchantry.profile}). Open: a profiler plugin
     * may add fields of its own.
     */
    public static final Schema PROFILE = Schema.object("Profile")
            .required("customer_id", Schema.string())
            .required("rfm", RFM.nullable())
            .required("segment", Schema.string().nullable())
            .required("clv", Schema.object()
                    .required("expected_purchases_90d", Schema.number())
                    .required("p_alive", Schema.number())
                    .required("expected_order_value", Schema.number().nullable())
                    .required("value_365d", Schema.number())
                    .required("horizon_days", Schema.integer())
                    .required("expected_purchases", Schema.number()).nullable())
            .required("churn_risk", Schema.number().nullable())
            .optional("last_seen", Schema.dateTime().nullable())
            .required("strategy", Schema.string().doc("the profiler"))
            .required("updated_at", Schema.dateTime().doc("when the profiler was trained"))
            .open();
    /** {@code merchantry.profile.changed}: a customer's RFM group changed when a new profile set was served. */
    public static final Schema PROFILE_CHANGED = Schema.object()
            .required("shop", Schema.string())
            .required("customer_id", Schema.string().doc("the stored id (a pseudonym when the shop pseudonymizes)"))
            .required("old_group", Schema.string().nullable().doc("null for a customer new to the shop"))
            .required("new_group", Schema.string())
            .required("version", Schema.integer().doc("the profiler model's version; one per refresh"))
            .required("updated_at", Schema.dateTime());
    /** {@code GET …/segments}. */
    public static final Schema SEGMENTS = Schema.object("Segments")
            .required("strategy", Schema.string())
            .required("updated_at", Schema.dateTime())
            .required("materialized_at", Schema.dateTime())
            .required("customers", Schema.integer())
            .required("segments", Schema.array(Schema.object()
                    .required("id", Schema.string())
                    .required("name", Schema.string())
                    .required("description", Schema.string())
                    .required("size", Schema.integer())
                    .required("averages", Schema.map(Schema.number().nullable()))
                    .required("share", Schema.number().min(0).max(1))))
            .required("groups", Schema.map(Schema.integer()).doc("customers per RFM group"))
            .required("metrics", Schema.map(Schema.number().nullable()).doc("the profiler's training figures"));
    private static final Duration MATERIALIZE_TIMEOUT = Duration.ofHours(1);
    /** Rows per insert transaction while materializing. */
    static final int BATCH = 2_000;

    private final Vertx vertx;
    private final ProfileRepository store;
    private final JobRepository jobs;
    private final ActiveModels models;
    private final StrategyCatalog catalog;
    private final StrategyInvoker pool;
    private final CustomerIds customerIds;
    private final String node;
    private final Clock clock;

    public ProfileService(Vertx vertx, ProfileRepository store, JobRepository jobs, ActiveModels models, StrategyCatalog catalog,
                          StrategyInvoker pool, CustomerIds customerIds, String node, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.jobs = jobs;
        this.models = models;
        this.catalog = catalog;
        this.pool = pool;
        this.customerIds = customerIds;
        this.node = node;
        this.clock = clock;
    }

    /** Where the churn risks of a materialization are kept to be checked later (nowhere by default). */
    private volatile dev.merchantry.platform.storage.PerformanceRepository predictions;

    /** How often at most a shop's churn risks are kept for the calibration report. */
    static final java.time.Duration PREDICTION_EVERY = java.time.Duration.ofDays(7);

    /**
     * Keeps every customer's churn risk of the first materialization in each {@link #PREDICTION_EVERY}, so the
     * performance report can compare them with who came back (docs/rest-api.md, Performance).
     */
    public ProfileService keepChurnPredictionsIn(dev.merchantry.platform.storage.PerformanceRepository repository) {
        this.predictions = repository;
        return this;
    }

    /** Materializes after every profiler training this node ran. */
    public ProfileService start() {
        vertx.eventBus().<JsonObject>consumer(Addresses.MODEL_TRAINED, msg -> {
            JsonObject body = msg.body();
            if (!StrategyKind.PROFILER.wireName().equals(body.getString("kind"))) {
                return;
            }
            String shop = body.getString("shop");
            String jobId = body.getString("job_id");
            vertx.executeBlocking(() -> jobId != null && jobs.find(jobId).map(j -> node.equals(j.node())).orElse(false))
                    .compose(mine -> mine ? refresh(shop) : Future.succeededFuture())
                    .onFailure(e -> LOG.error("materializing the profiles of shop {} failed", shop, e));
        });
        return this;
    }

    /** Writes the shop's active profiler model into the profile store and serves it; completes when served. */
    public Future<JsonObject> refresh(String shop) {
        models.invalidate(shop, StrategyKind.PROFILER.wireName());
        return models.find(shop, StrategyKind.PROFILER).compose(found -> {
            if (found.isEmpty() || !(found.get().model() instanceof ProfilerModel model)) {
                return Future.failedFuture(ServiceException.conflict("shop '" + shop + "' has no trained profiler model"));
            }
            ActiveModels.Active active = found.get();
            ClassLoader loader = catalog.find(active.strategyId()).map(LoadedStrategy::classLoader)
                    .orElseThrow(() -> ServiceException.unavailable("strategy '" + active.strategyId() + "' was just unloaded"));
            List<GroupChange> changes = new ArrayList<>();
            return pool.call(loader, MATERIALIZE_TIMEOUT, "materializing profiles of " + shop,
                    () -> materialize(shop, active, model, changes)).map(set -> {
                        publish(shop, set, changes.iterator());
                        return new JsonObject().put("shop", shop).put("version", set.version())
                                .put("customers", set.customers()).put("changed_groups", changes.size());
                    });
        });
    }

    /** Runs on a training thread with the plugin's class loader (profiles are produced by plugin code). */
    private ProfileSet materialize(String shop, ActiveModels.Active active, ProfilerModel model, List<GroupChange> changes) {
        long started = System.nanoTime();
        store.deleteUnserved(shop);
        long madeAt = clock.millis();
        var keep = predictions != null && !predictions.hasChurnPredictionsSince(shop,
                java.time.Instant.ofEpochMilli(madeAt).minus(PREDICTION_EVERY)) ? predictions : null;
        List<ProfileRow> batch = new ArrayList<>(BATCH);
        long[] count = new long[1];
        Iterator<CustomerProfile> it = model.profiles().iterator();
        while (it.hasNext()) {
            batch.add(row(it.next()));
            if (batch.size() == BATCH) {
                keepPredictions(keep, shop, active, madeAt, batch);
                store.insert(shop, active.version(), batch);
                count[0] += batch.size();
                batch.clear();
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("materializing profiles was interrupted");
                }
            }
        }
        if (!batch.isEmpty()) {
            keepPredictions(keep, shop, active, madeAt, batch);
            store.insert(shop, active.version(), batch);
            count[0] += batch.size();
        }
        JsonArray segments = new JsonArray();
        for (Segment s : model.segments()) {
            segments.add(new JsonObject().put("id", s.id()).put("name", s.name()).put("description", s.description())
                    .put("size", s.size()).put("averages", new JsonObject(new LinkedHashMap<>(s.averages()))));
        }
        JsonObject metrics = new JsonObject(new LinkedHashMap<>(model.metrics()));
        ProfileSet set = new ProfileSet(active.version(), active.strategyId(), count[0],
                active.trainedAt().toEpochMilli(), clock.millis(), segments.encode(), metrics.encode());
        Notices.withChange(flipped -> profileNotices(shop, set, changes), () -> {
            store.flip(shop, set, changes::add);
            return null;
        });
        LOG.info("profiles of shop {}: {} customers from {} v{} materialized in {} ms, {} group changes", shop, count[0],
                active.strategyId(), active.version(), (System.nanoTime() - started) / 1_000_000, changes.size());
        return set;
    }

    private static void keepPredictions(dev.merchantry.platform.storage.PerformanceRepository keep, String shop,
                                        ActiveModels.Active active, long madeAt, List<ProfileRow> rows) {
        if (keep == null) {
            return;
        }
        List<dev.merchantry.platform.storage.ChurnPrediction> out = new ArrayList<>();
        for (ProfileRow r : rows) {
            if (r.churnRisk() != null) {
                out.add(new dev.merchantry.platform.storage.ChurnPrediction(shop, active.strategyId(), active.version(),
                        madeAt, r.customerId(), r.group(), r.churnRisk()));
            }
        }
        keep.insertChurnPredictions(out);
    }

    static ProfileRow row(CustomerProfile p) {
        JsonObject json = toJson(p.fields());
        JsonObject rfm = json.getJsonObject(CustomerProfile.RFM, new JsonObject());
        JsonObject clv = json.getJsonObject(CustomerProfile.CLV);
        Double value = clv == null ? null : clv.getDouble("value_365d");
        Double churn = json.getDouble(CustomerProfile.CHURN_RISK);
        long lastSeen = json.getString("last_seen") == null ? 0 : Instant.parse(json.getString("last_seen")).toEpochMilli();
        Object segment = json.getValue(CustomerProfile.SEGMENT);
        return new ProfileRow(p.customerId(), rfm.getString("group", "PROSPECTS"), rfm.getInteger("m", 0),
                segment == null ? "" : segment.toString(), value, churn, lastSeen, json.encode());
    }

    /** Plugin profile fields (String, Number, Boolean, List, Map) as JSON; anything else becomes its string form. */
    @SuppressWarnings("unchecked")
    static JsonObject toJson(Map<String, Object> fields) {
        JsonObject out = new JsonObject();
        fields.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static Object value(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Number n) {
            return Double.isFinite(n.doubleValue()) ? n : null;
        }
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, x) -> o.put(String.valueOf(k), value(x)));
            return o;
        }
        if (v instanceof List<?> l) {
            JsonArray a = new JsonArray();
            l.forEach(x -> a.add(value(x)));
            return a;
        }
        return v.toString();
    }

    /** Publishes the changes in chunks, one chunk per event-loop turn. */
    private void publish(String shop, ProfileSet set, Iterator<GroupChange> changes) {
        for (int n = 0; n < PUBLISH_CHUNK && changes.hasNext(); n++) {
            vertx.eventBus().publish(Addresses.PROFILE_CHANGED, profileChanged(shop, set, changes.next()));
        }
        if (changes.hasNext()) {
            vertx.runOnContext(v -> publish(shop, set, changes));
        }
    }

    /** The {@code merchantry.profile.changed} notices of a profile set's group changes, stored with the set. */
    private static List<Notices.Notice> profileNotices(String shop, ProfileSet set, List<GroupChange> changes) {
        List<Notices.Notice> notices = new ArrayList<>(changes.size());
        for (GroupChange c : changes) {
            notices.add(new Notices.Notice(Addresses.PROFILE_CHANGED, shop, profileChanged(shop, set, c)));
        }
        return notices;
    }

    private static JsonObject profileChanged(String shop, ProfileSet set, GroupChange c) {
        return new JsonObject().put("shop", shop).put("customer_id", c.customerId()).put("old_group", c.oldGroup())
                .put("new_group", c.newGroup()).put("version", set.version())
                .put("updated_at", Instant.ofEpochMilli(set.updatedAt()).toString());
    }

    /** {@code merchantry.profile}: {@code {shop, customer_id}} → the served profile (404 unknown customer, 409 none). */
    public Future<JsonObject> profile(JsonObject request) {
        String shop = RequestFields.requireString(request, "shop");
        String customer = RequestFields.requireString(request, "customer_id");
        return profile(shop, customer);
    }

    public Future<JsonObject> profile(String shop, String customerId) {
        return customerIds.storedId(shop, customerId).compose(key -> vertx.executeBlocking(() -> {
            ProfileSet set = requireSet(shop);
            Optional<String> json = store.profileJson(shop, key);
            if (json.isEmpty()) {
                throw ServiceException.notFound("customer '" + customerId + "' has no profile in shop '" + shop
                        + "' (no events before the last profiler training, or erased)");
            }
            return profileReply(customerId, new JsonObject(json.get()), set);
        }, false));
    }

    static JsonObject profileReply(String customerId, JsonObject fields, ProfileSet set) {
        JsonObject out = new JsonObject().put("customer_id", customerId);
        out.put(CustomerProfile.RFM, fields.getValue(CustomerProfile.RFM));
        out.put(CustomerProfile.SEGMENT, fields.getValue(CustomerProfile.SEGMENT));
        out.put(CustomerProfile.CLV, fields.getValue(CustomerProfile.CLV));
        out.put(CustomerProfile.CHURN_RISK, fields.getValue(CustomerProfile.CHURN_RISK));
        fields.forEach(e -> {
            if (!out.containsKey(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        });
        out.put("strategy", set.strategyId());
        out.put("updated_at", Instant.ofEpochMilli(set.trainedAt()).toString());
        return out;
    }

    ProfileSet requireSet(String shop) {
        return store.currentSet(shop).orElseThrow(() -> ServiceException.conflict("shop '" + shop + "' has no profiles yet;"
                + " bind a profiler (PUT /api/v1/shops/" + shop + "/strategies/profiler) and train it (POST /api/v1/shops/"
                + shop + "/strategies/profiler/train)"));
    }

    /** {@code {strategy, updated_at, customers, segments: [{id, name, description, size, share, averages}], groups}}. */
    public Future<JsonObject> segments(String shop) {
        return vertx.executeBlocking(() -> {
            ProfileSet set = requireSet(shop);
            JsonArray segments = new JsonArray(set.segmentsJson());
            JsonArray out = new JsonArray();
            for (Object o : segments) {
                JsonObject s = ((JsonObject) o).copy();
                s.put("share", set.customers() == 0 ? 0.0
                        : Math.round(10_000.0 * s.getLong("size") / set.customers()) / 10_000.0);
                out.add(s);
            }
            JsonObject groups = new JsonObject();
            store.groupCounts(shop, set.version()).forEach(groups::put);
            return new JsonObject().put("strategy", set.strategyId())
                    .put("updated_at", Instant.ofEpochMilli(set.trainedAt()).toString())
                    .put("materialized_at", Instant.ofEpochMilli(set.updatedAt()).toString())
                    .put("customers", set.customers()).put("segments", out).put("groups", groups)
                    .put("metrics", new JsonObject(set.metricsJson()));
        }, false);
    }

    /** The erasure hook: a customer's profiles go with her events. */
    public Map<String, Long> erase(String shop, String customerKey) {
        return Map.of("profiles", store.erase(shop, customerKey));
    }

    ProfileRepository store() {
        return store;
    }
}
