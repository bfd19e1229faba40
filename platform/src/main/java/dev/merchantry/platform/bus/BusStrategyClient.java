package dev.merchantry.platform.bus;

import dev.merchantry.api.StrategyClient;
import dev.merchantry.api.StrategyException;
import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.PredictionInterval;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.platform.service.Addresses;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link StrategyClient} a plugin gets: asks the shop's other strategies over the event bus, blocking the
 * plugin's worker thread (never an event loop) for at most the request timeout. "Not found"/"not configured"
 * answers become empty results; other failures become a {@link StrategyException} the plugin can handle.
 */
public final class BusStrategyClient implements StrategyClient {

    private final BusEndpoints bus;
    private final String shop;

    public BusStrategyClient(BusEndpoints bus, String shop) {
        this.bus = bus;
        this.shop = shop;
    }

    @Override
    public List<ScoredItem> recommend(String customerId, List<String> contextItems, int limit) {
        JsonObject request = new JsonObject().put("shop", shop).put("customer_id", customerId).put("limit", limit);
        if (contextItems != null && !contextItems.isEmpty()) {
            request.put("product_id", contextItems.get(0));
        }
        Optional<JsonObject> reply = call(Addresses.RECOMMEND, request);
        List<ScoredItem> items = new ArrayList<>();
        reply.ifPresent(r -> r.getJsonArray("items", new JsonArray()).forEach(o -> {
            JsonObject item = (JsonObject) o;
            items.add(new ScoredItem(item.getString("product_id"), item.getDouble("score", 0.0), item.getString("reason")));
        }));
        return items;
    }

    @Override
    public Optional<Forecast> forecast(String productId, int horizon) {
        return call(Addresses.FORECAST, new JsonObject().put("shop", shop).put("product_id", productId)
                .put("horizon", horizon)).map(BusStrategyClient::toForecast);
    }

    @Override
    public Optional<CustomerProfile> profile(String customerId) {
        return call(Addresses.PROFILE, new JsonObject().put("shop", shop).put("customer_id", customerId))
                .map(r -> new CustomerProfile(customerId, r.getMap()));
    }

    static Forecast toForecast(JsonObject reply) {
        JsonArray points = reply.getJsonArray("points");
        int n = points.size();
        double[] mean = new double[n];
        double[] lo80 = new double[n];
        double[] hi80 = new double[n];
        double[] lo95 = new double[n];
        double[] hi95 = new double[n];
        for (int i = 0; i < n; i++) {
            JsonObject p = points.getJsonObject(i);
            mean[i] = p.getDouble("mean");
            lo80[i] = p.getDouble("lo80");
            hi80[i] = p.getDouble("hi80");
            lo95[i] = p.getDouble("lo95");
            hi95[i] = p.getDouble("hi95");
        }
        return new Forecast(reply.getString("model"), mean,
                List.of(new PredictionInterval(80, lo80, hi80), new PredictionInterval(95, lo95, hi95)));
    }

    private Optional<JsonObject> call(String address, JsonObject request) {
        try {
            return Optional.of(bus.request(address, request).toCompletionStage().toCompletableFuture()
                    .get(BusEndpoints.REQUEST_TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ReplyException reply && (reply.failureCode() == 404 || reply.failureCode() == 409)) {
                return Optional.empty();
            }
            throw new StrategyException(address + " failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new StrategyException(address + " did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StrategyException(address + " was interrupted");
        }
    }
}
