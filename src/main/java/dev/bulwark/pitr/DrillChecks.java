package dev.bulwark.pitr;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.verify.CheckResult;

/**
 * The configured expectations, asked of a database restored to a moment: critical tables present
 * with their minimum rows and data no older than the moment minus the RPO, and every SQL check
 * true (run read-only).
 */
final class DrillChecks {
    private final Connection c;
    private final List<CheckResult> results = new ArrayList<>();

    DrillChecks(Connection c) {
        this.c = c;
    }

    List<CheckResult> results() {
        return results;
    }

    void criticalTables(DatabaseConfig db, Instant moment) {
        for (DatabaseConfig.CriticalTable t : db.criticalTables()) {
            String table = t.table().contains(".") ? t.table() : "public." + t.table();
            String fresh = t.freshColumn() == null ? "NULL" : "max(" + dev.bulwark.postgres.Identifiers.quote(t.freshColumn()) + ")::timestamptz";
            String sql = "SELECT count(*), " + fresh + " FROM " + quoted(table);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                long rows = rs.getLong(1);
                long min = t.minRows() == null ? 0 : t.minRows();
                results.add(new CheckResult("critical", table + " rows", rows >= min, ">= " + min + " rows", rows + " rows",
                        rows >= min ? null : "critical table " + table + " has " + rows + " rows at " + moment + ", fewer than " + min));
                if (t.freshColumn() != null) freshness(table, t.freshColumn(), rs.getTimestamp(2), moment.minus(db.rpo()));
            } catch (SQLException e) {
                results.add(CheckResult.fail("critical", table, "present", "error", "critical table " + table
                        + " cannot be read in the restored copy: " + e.getMessage()));
            }
        }
    }

    private void freshness(String table, String column, java.sql.Timestamp newest, Instant threshold) {
        boolean ok = newest != null && !newest.toInstant().isBefore(threshold);
        results.add(new CheckResult("critical", table + "." + column + " fresh", ok, "newest >= " + threshold,
                "newest " + (newest == null ? "none" : newest.toInstant()), ok ? null : "critical table " + table + ": newest "
                + column + " is older than the moment minus the RPO (" + threshold + ")"));
    }

    void sqlChecks(DatabaseConfig db) throws SQLException {
        for (DatabaseConfig.SqlCheck check : db.checks()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(check.sql())) {
                String value = rs.next() ? rs.getString(1) : null;
                boolean ok = "t".equals(value) || "true".equals(value);
                results.add(new CheckResult("checks", check.name(), ok, "true", String.valueOf(value),
                        ok ? null : "check '" + check.name() + "' returned " + value + " on the restored copy"));
            } catch (SQLException e) {
                results.add(CheckResult.fail("checks", check.name(), "true", "error", "check '" + check.name() + "' failed to run: "
                        + e.getMessage()));
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        }
    }

    void objective(String name, Duration measured, Duration declared, String what) {
        if (declared == null || measured == null) return;
        boolean ok = measured.compareTo(declared) <= 0;
        results.add(new CheckResult("objectives", name, ok, "<= " + DurationText.format(declared), DurationText.format(measured),
                ok ? null : what + " " + DurationText.format(measured) + " is more than the declared " + name + " of "
                        + DurationText.format(declared)));
    }

    static String quoted(String qualified) {
        int dot = qualified.indexOf('.');
        return dev.bulwark.postgres.Identifiers.qualified(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

}
