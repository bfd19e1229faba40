package dev.merchantry.platform.storage;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Migration 15: moves the impressions stored a row per list (V12) into blocks (V14), a shop and up to
 * {@link #BLOCK} lists at a time, and drops the row table. In Java because the block format is ours, not SQL's.
 */
final class ImpressionRowsToBlocks implements JavaMigration {

    static final int BLOCK = 2_000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("15");
    }

    @Override
    public String getDescription() {
        return "impression rows to blocks";
    }

    @Override
    public Integer getChecksum() {
        return 15;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        List<ImpressionRecord> block = new ArrayList<>(BLOCK);
        try (PreparedStatement read = c.prepareStatement("SELECT shop_id, recommendation_id, ts, strategy_id,"
                + " experiment_id, variant_id, user_key, items FROM recommendation_impressions ORDER BY shop_id, ts");
             PreparedStatement write = c.prepareStatement(SqlPerformance.INSERT_BLOCK)) {
            read.setFetchSize(BLOCK);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String shop = rs.getString(1);
                    if (!block.isEmpty() && (block.size() == BLOCK || !block.get(0).shopId().equals(shop))) {
                        SqlPerformance.insertBlock(write, block);
                        block.clear();
                    }
                    String items = rs.getString(8);
                    block.add(new ImpressionRecord(shop, rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7),
                            items.isEmpty() ? List.of() : Arrays.asList(items.split("\n"))));
                }
            }
            if (!block.isEmpty()) {
                SqlPerformance.insertBlock(write, block);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE recommendation_impressions");
        }
    }
}
