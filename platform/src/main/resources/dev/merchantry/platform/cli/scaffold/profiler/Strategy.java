package @PACKAGE@;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyException;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.profile.Order;
import dev.merchantry.api.profile.Profiler;
import dev.merchantry.api.profile.ProfilerModel;
import org.pf4j.Extension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits {@link @CLASS@Model}: each customer's orders, revenue and days since the last order, and a segment by
 * recency — {@code active}, {@code lapsing}, {@code lapsed}, or {@code prospect} for customers who never ordered.
 *
 * <p>Replace it with your own algorithm; keep {@link #ID} stable, since shops bind the strategy by it.
 */
@Extension
public final class @CLASS@Profiler implements Profiler {

    /** The strategy id shops bind to. */
    public static final String ID = "@ID@";

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define("active_days", ConfigType.INT, 90, Validators.atLeast(1), Importance.HIGH,
                    "A customer whose last order is at most this many days old is active.")
            .define("lapsed_days", ConfigType.INT, 365, Validators.atLeast(1), Importance.HIGH,
                    "A customer whose last order is older than this is lapsed; in between, lapsing."
                            + " Must be larger than active_days.")
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.PROFILER, "0.1.0", "@TITLE@",
                "Counts each customer's orders and revenue and groups customers by how recently they ordered:"
                        + " active, lapsing, lapsed, or prospect (never ordered).", SPEC);
    }

    @Override
    public ProfilerModel fit(CustomerData data, Config config, StrategyContext context, ProgressListener progress) {
        int activeDays = config.getInt("active_days");
        int lapsedDays = config.getInt("lapsed_days");
        if (lapsedDays <= activeDays) {
            throw new StrategyException("lapsed_days (" + lapsedDays + ") must be larger than active_days ("
                    + activeDays + ")");
        }
        List<@CLASS@Model.Row> rows = new ArrayList<>();
        long done = 0;
        for (CustomerHistory customer : data.customers()) {
            if (progress.cancelled()) {
                throw new StrategyException("training cancelled");
            }
            double revenue = 0;
            long days = -1;
            for (Order order : customer.orders()) {
                revenue += order.revenue();
                long age = Math.max(0, Duration.between(order.timestamp(), data.asOf()).toDays());
                days = days < 0 ? age : Math.min(days, age);
            }
            rows.add(new @CLASS@Model.Row(customer.customerId(), customer.orders().size(), revenue, days));
            done++;
            if (data.customerCount() > 0 && done % 1000 == 0) {
                progress.progress(Math.min(1.0, done / (double) data.customerCount()), done + " customers");
            }
        }
        progress.progress(1.0, done + " customers");
        return new @CLASS@Model(rows, activeDays, lapsedDays);
    }

    @Override
    public ProfilerModel load(SerializedModel model) {
        return @CLASS@Model.read(model);
    }
}
