package dev.merchantry.platform.testing;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.recommend.Basket;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.platform.storage.Binding;
import dev.merchantry.platform.storage.BindingChange;
import dev.merchantry.platform.storage.BindingRepository;
import dev.merchantry.platform.storage.CatalogRepository;
import dev.merchantry.platform.storage.CommerceViews;
import dev.merchantry.platform.storage.InventorySnapshot;
import dev.merchantry.platform.storage.Job;
import dev.merchantry.platform.storage.JobRepository;
import dev.merchantry.platform.storage.JobState;
import dev.merchantry.platform.storage.ModelRepository;
import dev.merchantry.platform.storage.Product;
import dev.merchantry.platform.storage.ProductPatch;
import dev.merchantry.platform.storage.SettingsRepository;
import dev.merchantry.platform.storage.StoredModel;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * In-memory fakes of the storage repositories the serving, job and profile services use, sharing one state (a job's
 * success stores its model, as {@code SqlJobs#succeed} does in one transaction). Each follows its SQL implementation's
 * contract: the same conditional updates (fencing by attempt, leases, the queue limit), orders and versioning. What
 * a unit test does not need is not faked and says so. Every method is synchronized: the services call them from
 * worker threads.
 */
public final class InMemoryStorage {

    private final Clock clock;
    private final Bindings bindings = new Bindings();
    private final Models models = new Models();
    private final Jobs jobs = new Jobs();
    private final Settings settings = new Settings();
    private final Catalog catalog = new Catalog();
    private final Views views = new Views();

    /** Stamps rows (binding and model times) with {@code clock}, as the SQL repositories stamp them with now. */
    public InMemoryStorage(Clock clock) {
        this.clock = clock;
    }

    public Bindings bindings() {
        return bindings;
    }

    public Models models() {
        return models;
    }

    public Jobs jobs() {
        return jobs;
    }

    public Settings settings() {
        return settings;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Views views() {
        return views;
    }

    private static UnsupportedOperationException notFaked(String what) {
        return new UnsupportedOperationException(what + " is not faked; use the SQL repositories (storage contract tests)");
    }

    private static String key(String shop, StrategyKind kind) {
        return shop + '\u0000' + kind;
    }

    /** Bindings with versions and change history. */
    public final class Bindings implements BindingRepository {
        private final Map<String, Binding> rows = new TreeMap<>();
        private final List<BindingChange> changes = new ArrayList<>();

        @Override
        public synchronized Optional<Binding> find(String shopId, StrategyKind kind) {
            return Optional.ofNullable(rows.get(key(shopId, kind)));
        }

        @Override
        public synchronized List<Binding> list(String shopId) {
            return rows.values().stream().filter(b -> b.shopId().equals(shopId))
                    .sorted(Comparator.comparing(b -> b.kind().name())).toList();
        }

        @Override
        public synchronized List<Binding> listAll() {
            return List.copyOf(rows.values());
        }

        @Override
        public synchronized Binding put(String shopId, StrategyKind kind, String strategyId, String configJson,
                                        boolean enabled, String actor) {
            Optional<Binding> old = find(shopId, kind);
            Binding b = new Binding(shopId, kind, strategyId, configJson, enabled,
                    old.map(o -> o.version() + 1).orElse(1L), clock.instant(), actor);
            rows.put(key(shopId, kind), b);
            changes.add(new BindingChange(changes.size() + 1, shopId, kind, old.isPresent() ? "updated" : "created",
                    actor, b.updatedAt(), old.map(Binding::strategyId).orElse(null),
                    old.map(Binding::configJson).orElse(null), old.map(Binding::enabled).orElse(null), strategyId,
                    configJson, enabled));
            return b;
        }

        @Override
        public synchronized boolean delete(String shopId, StrategyKind kind, String actor) {
            Binding old = rows.remove(key(shopId, kind));
            if (old == null) {
                return false;
            }
            changes.add(new BindingChange(changes.size() + 1, shopId, kind, "deleted", actor, clock.instant(),
                    old.strategyId(), old.configJson(), old.enabled(), null, null, null));
            return true;
        }

        @Override
        public synchronized List<BindingChange> history(String shopId, StrategyKind kind, int limit) {
            List<BindingChange> out = new ArrayList<>();
            for (int i = changes.size() - 1; i >= 0 && out.size() < limit; i--) {
                BindingChange c = changes.get(i);
                if (c.shopId().equals(shopId) && c.kind() == kind) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    /** Models: versions per (shop, kind), one of them active. */
    public final class Models implements ModelRepository {
        private final List<StoredModel> rows = new ArrayList<>();
        private final Map<String, Long> active = new HashMap<>();

        @Override
        public synchronized StoredModel saveActive(String shopId, StrategyKind kind, String strategyId,
                                                   int formatVersion, byte[] bytes, String metricsJson, String jobId) {
            long version = rows.stream().filter(m -> m.shopId().equals(shopId) && m.kind() == kind)
                    .mapToLong(StoredModel::version).max().orElse(0) + 1;
            StoredModel m = new StoredModel(rows.size() + 1, shopId, kind, strategyId, version, formatVersion,
                    bytes.clone(), metricsJson == null ? "{}" : metricsJson, jobId, clock.instant());
            rows.add(m);
            active.put(key(shopId, kind), m.id());
            return m;
        }

        /** A model of an experiment variant's line: stored, never made active. */
        public synchronized StoredModel saveLine(String shopId, StrategyKind kind, String strategyId, String configKey,
                                                 int formatVersion, byte[] bytes, String metricsJson, String jobId) {
            long version = rows.stream().filter(m -> m.shopId().equals(shopId) && m.kind() == kind)
                    .mapToLong(StoredModel::version).max().orElse(0) + 1;
            StoredModel m = new StoredModel(rows.size() + 1, shopId, kind, strategyId, version, formatVersion,
                    bytes.clone(), metricsJson == null ? "{}" : metricsJson, jobId, clock.instant(), configKey);
            rows.add(m);
            return m;
        }

        @Override
        public synchronized Optional<StoredModel> active(String shopId, StrategyKind kind) {
            Long id = active.get(key(shopId, kind));
            return rows.stream().filter(m -> id != null && m.id() == id).findFirst();
        }

        @Override
        public synchronized Optional<StoredModel> latest(String shopId, StrategyKind kind, String strategyId,
                                                         String configKey) {
            return newestFirst(m -> m.shopId().equals(shopId) && m.kind() == kind
                    && m.strategyId().equals(strategyId) && m.configKey().equals(configKey)).stream().findFirst();
        }

        @Override
        public synchronized Optional<Instant> latestTime(String shopId, StrategyKind kind, String strategyId,
                                                         String configKey) {
            return latest(shopId, kind, strategyId, configKey).map(StoredModel::createdAt);
        }

        @Override
        public synchronized List<StoredModel> list(String shopId, StrategyKind kind, int limit) {
            return newestFirst(m -> m.shopId().equals(shopId) && m.kind() == kind).stream().limit(limit).toList();
        }

        private List<StoredModel> newestFirst(Predicate<StoredModel> filter) {
            return rows.stream().filter(filter).sorted(Comparator.comparingLong(StoredModel::version).reversed())
                    .toList();
        }
    }

    /**
     * Jobs, as {@code SqlJobs}: claims and every write of a run are conditional on the state and the attempt (the
     * fencing token); a job waits while another job of its strategy runs under a live lease; at most
     * {@code maxQueued} jobs of a strategy wait.
     */
    public final class Jobs implements JobRepository {
        private final Map<String, Job> rows = new LinkedHashMap<>();

        /** Every job, oldest first (what a test inspects after the service ran). */
        public synchronized List<Job> all() {
            return rows.values().stream().sorted(ORDER).toList();
        }

        private static final Comparator<Job> ORDER = Comparator.comparing(Job::createdAt).thenComparing(Job::id);

        @Override
        public synchronized void insert(Job job) {
            if (rows.putIfAbsent(job.id(), job) != null) {
                throw new IllegalStateException("duplicate job id " + job.id());
            }
        }

        @Override
        public synchronized List<Job> insertUnlessQueued(Job job, int maxQueued) {
            List<Job> unfinished = rows.values().stream().filter(j -> sameStrategy(j, job)
                    && (j.state() == JobState.QUEUED || j.state() == JobState.RUNNING)).sorted(ORDER).toList();
            if (unfinished.stream().filter(j -> j.state() == JobState.QUEUED).count() >= maxQueued) {
                return unfinished;
            }
            insert(job);
            return List.of();
        }

        private static boolean sameStrategy(Job a, Job b) {
            return a.shopId().equals(b.shopId()) && a.kind() == b.kind() && a.strategyId().equals(b.strategyId());
        }

        private static boolean expired(Job j, Instant now) {
            return j.leaseUntil() == null || j.leaseUntil().isBefore(now);
        }

        private boolean liveRunOfAnother(Job job, Instant now) {
            return rows.values().stream().anyMatch(r -> sameStrategy(r, job) && !r.id().equals(job.id())
                    && r.state() == JobState.RUNNING && r.leaseUntil() != null && !r.leaseUntil().isBefore(now));
        }

        @Override
        public synchronized OptionalInt claim(String jobId, String node, Instant now, Instant leaseUntil,
                                              int maxAttempts) {
            Job j = rows.get(jobId);
            if (j == null) {
                return OptionalInt.empty();
            }
            boolean claimable = j.state() == JobState.QUEUED
                    || j.state() == JobState.RUNNING && expired(j, now) && j.attempts() < maxAttempts;
            if (!claimable || liveRunOfAnother(j, now)) {
                return OptionalInt.empty();
            }
            Job claimed = j.with(JobState.RUNNING, 0, j.message(), j.metricsJson(), null, now, j.finishedAt(), node, leaseUntil, j.attempts() + 1);
            rows.put(jobId, claimed);
            return OptionalInt.of(claimed.attempts());
        }

        /** The job if it is RUNNING under this attempt, else null (the write is fenced off). */
        private Job held(String jobId, int attempt) {
            Job j = rows.get(jobId);
            return j != null && j.attempts() == attempt && j.state() == JobState.RUNNING ? j : null;
        }

        @Override
        public synchronized boolean renew(String jobId, int attempt, Instant leaseUntil) {
            Job j = held(jobId, attempt);
            if (j == null) {
                return false;
            }
            rows.put(jobId, j.with(j.state(), j.progress(), j.message(), j.metricsJson(), j.error(), j.startedAt(), j.finishedAt(), j.node(), leaseUntil, j.attempts()));
            return true;
        }

        @Override
        public synchronized void progress(String jobId, int attempt, double progress, String message) {
            Job j = held(jobId, attempt);
            if (j != null) {
                rows.put(jobId, j.with(j.state(), progress, message, j.metricsJson(), j.error(), j.startedAt(), j.finishedAt(), j.node(), j.leaseUntil(), j.attempts()));
            }
        }

        @Override
        public synchronized boolean finish(String jobId, int attempt, JobState state, String metricsJson, String error,
                                           Instant finishedAt) {
            Job j = held(jobId, attempt);
            if (j == null) {
                return false;
            }
            rows.put(jobId, j.with(state, state == JobState.SUCCEEDED ? 1.0 : j.progress(), j.message(), metricsJson, error, j.startedAt(), finishedAt, j.node(), null, j.attempts()));
            return true;
        }

        @Override
        public synchronized Optional<StoredModel> succeed(String jobId, int attempt, String strategyId,
                                                          int formatVersion, byte[] bytes, String metricsJson,
                                                          Instant finishedAt) {
            Job j = held(jobId, attempt);
            if (j == null) {
                return Optional.empty();
            }
            synchronized (models) {
                finish(jobId, attempt, JobState.SUCCEEDED, metricsJson, null, finishedAt);
                return Optional.of(j.configKey().isEmpty() ? models.saveActive(j.shopId(), j.kind(), strategyId,
                        formatVersion, bytes, metricsJson, jobId) : models.saveLine(j.shopId(), j.kind(), strategyId,
                        j.configKey(), formatVersion, bytes, metricsJson, jobId));
            }
        }

        @Override
        public synchronized boolean release(String jobId, int attempt, String message, Instant claimBy) {
            Job j = held(jobId, attempt);
            if (j == null) {
                return false;
            }
            rows.put(jobId, j.with(JobState.QUEUED, 0, message, j.metricsJson(), j.error(), j.startedAt(), j.finishedAt(), null, claimBy, j.attempts()));
            return true;
        }

        @Override
        public synchronized Requeued requeueExpired(Instant now, int maxAttempts, Instant claimBy) {
            return requeue(j -> expired(j, now), now, maxAttempts, claimBy, "stopped renewing its lease");
        }

        @Override
        public synchronized Requeued requeueOfNode(String node, Instant now, int maxAttempts, Instant claimBy,
                                                   String why) {
            return requeue(j -> node.equals(j.node()), now, maxAttempts, claimBy, why);
        }

        private Requeued requeue(Predicate<Job> orphaned, Instant now, int maxAttempts, Instant claimBy, String why) {
            List<String> requeued = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (Job j : all()) {
                if (j.state() != JobState.RUNNING || !orphaned.test(j)) {
                    continue;
                }
                if (j.attempts() >= maxAttempts) {
                    rows.put(j.id(), j.with(JobState.FAILED, j.progress(), j.message(), j.metricsJson(), "given up: node " + j.node() + " " + why
                            + " on attempt " + j.attempts() + " of " + maxAttempts, j.startedAt(), now, j.node(), null, j.attempts()));
                    failed.add(j.id());
                } else {
                    rows.put(j.id(), j.with(JobState.QUEUED, 0, "re-queued: node " + j.node() + " " + why + " (attempt " + j.attempts() + " of "
                            + maxAttempts + ")", j.metricsJson(), j.error(), j.startedAt(), j.finishedAt(), null, claimBy, j.attempts()));
                    requeued.add(j.id());
                }
            }
            return requeued.isEmpty() && failed.isEmpty() ? Requeued.NONE
                    : new Requeued(List.copyOf(requeued), List.copyOf(failed));
        }

        @Override
        public synchronized List<String> unclaimed(Instant now, int limit) {
            return all().stream().filter(j -> j.state() == JobState.QUEUED && expired(j, now)
                    && !liveRunOfAnother(j, now)).limit(limit).map(Job::id).toList();
        }

        @Override
        public synchronized Optional<String> nextQueued(String shopId, StrategyKind kind, String strategyId) {
            return all().stream().filter(j -> j.shopId().equals(shopId) && j.kind() == kind
                    && j.strategyId().equals(strategyId) && j.state() == JobState.QUEUED).map(Job::id).findFirst();
        }

        @Override
        public synchronized Optional<Job> find(String jobId) {
            return Optional.ofNullable(rows.get(jobId));
        }

        @Override
        public synchronized List<Job> list(String shopId, int limit) {
            return rows.values().stream().filter(j -> j.shopId().equals(shopId)).sorted(ORDER.reversed())
                    .limit(limit).toList();
        }

        @Override
        public synchronized boolean pending(String shopId, StrategyKind kind, String strategyId, String configKey) {
            return rows.values().stream().anyMatch(j -> j.shopId().equals(shopId) && j.kind() == kind
                    && j.strategyId().equals(strategyId) && j.configKey().equals(configKey)
                    && (j.state() == JobState.QUEUED || j.state() == JobState.RUNNING));
        }
    }

    /** Settings: JSON values by scope and name. */
    public static final class Settings implements SettingsRepository {
        private final Map<String, String> values = new HashMap<>();

        @Override
        public synchronized Optional<String> get(String scope, String key) {
            return Optional.ofNullable(values.get(scope + '\u0000' + key));
        }

        @Override
        public synchronized void put(String scope, String key, String valueJson) {
            values.put(scope + '\u0000' + key, valueJson);
        }

        @Override
        public synchronized String putIfAbsent(String scope, String key, String valueJson) {
            return values.computeIfAbsent(scope + '\u0000' + key, k -> valueJson);
        }
    }

    /**
     * The catalog as serving reads it: which products are unavailable (hidden or out of stock) and their
     * categories. Tests set them directly; upserts and inventory go through the SQL repository's contract tests.
     */
    public static final class Catalog implements CatalogRepository {
        private final Map<String, Set<String>> unavailable = new HashMap<>();
        private final Map<String, Map<String, String>> categories = new HashMap<>();

        /** Marks products hidden or out of stock. */
        public synchronized Catalog unavailable(String shop, String... productIds) {
            unavailable.computeIfAbsent(shop, s -> new HashSet<>()).addAll(List.of(productIds));
            return this;
        }

        public synchronized Catalog category(String shop, String productId, String category) {
            categories.computeIfAbsent(shop, s -> new HashMap<>()).put(productId, category);
            return this;
        }

        @Override
        public synchronized Set<String> unavailable(String shop) {
            return Set.copyOf(unavailable.getOrDefault(shop, Set.of()));
        }

        @Override
        public synchronized Map<String, String> categories(String shop) {
            return Map.copyOf(categories.getOrDefault(shop, Map.of()));
        }

        @Override
        public List<Product> upsert(String shop, List<ProductPatch> patches) {
            throw notFaked("catalog upsert");
        }

        @Override
        public Optional<Product> find(String shop, String productId) {
            throw notFaked("catalog find");
        }

        @Override
        public List<Product> list(String shop, String category, String afterId, int limit) {
            throw notFaked("catalog list");
        }

        @Override
        public List<Product> all(String shop) {
            throw notFaked("catalog all");
        }

        @Override
        public List<SnapshotResult> addSnapshots(String shop, List<InventorySnapshot> snapshots) {
            throw notFaked("inventory snapshots");
        }

        @Override
        public long count(String shop) {
            throw notFaked("catalog count");
        }
    }

    /** The commerce views serving reads: what a customer bought. */
    public static final class Views implements CommerceViews {
        private final Map<String, List<String>> purchases = new HashMap<>();

        public synchronized Views bought(String shop, String customerKey, String... productIds) {
            purchases.computeIfAbsent(shop + '\u0000' + customerKey, k -> new ArrayList<>()).addAll(List.of(productIds));
            return this;
        }

        @Override
        public synchronized List<String> purchasedBy(String shop, String customerKey, int limit) {
            return purchases.getOrDefault(shop + '\u0000' + customerKey, List.of()).stream().limit(limit).toList();
        }

        @Override
        public Map<String, Long> itemCounts(String shop, Instant asOf) {
            throw notFaked("item counts");
        }

        @Override
        public Interactions ratings(String shop, Instant asOf) {
            throw notFaked("ratings");
        }

        @Override
        public Interactions weightedInteractions(String shop, Instant asOf, Map<String, Double> weights) {
            throw notFaked("weighted interactions");
        }

        @Override
        public List<Basket> baskets(String shop, Instant asOf) {
            throw notFaked("baskets");
        }

        @Override
        public List<String> soldProducts(String shop) {
            throw notFaked("sold products");
        }

        @Override
        public TimeSeries dailyDemand(String shop, String productId, Instant asOf, int maxDays) {
            throw notFaked("daily demand");
        }

        @Override
        public CustomerData customers(String shop, Instant asOf, Map<String, String> categories) {
            throw notFaked("customers");
        }

        @Override
        public List<PriceObservation> priceHistory(String shop, String productId, Instant asOf) {
            throw notFaked("price history");
        }
    }
}
