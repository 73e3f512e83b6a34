package dev.bulwark.rehearse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.rehearse.catalog.Baseline;
import dev.bulwark.rehearse.catalog.SchemaObject;
import dev.bulwark.rehearse.catalog.SchemaSnapshot;
import dev.bulwark.rehearse.catalog.TableCount;
import dev.bulwark.rehearse.catalog.TableCounter;
import dev.bulwark.rehearse.run.Execution;

/**
 * The clone after the migration: its schema, the exact row count of every table whose rows may have
 * changed (a table that no statement held ROW EXCLUSIVE on and that kept its file still has the backup's
 * rows: counting it again would only cost a scan), and the asserts, each in a read-only transaction that
 * is rolled back.
 */
record Aftermath(List<SchemaObject> schema, Map<Long, TableCount> counts, List<RehearsalReport.AssertResult> asserts) {

    static Aftermath read(PgUrl clone, Baseline baseline, Execution execution, List<String> asserts) {
        try (Connection c = DriverManager.getConnection(clone.jdbcUrl(), clone.jdbcProperties())) {
            Map<Long, TableCount> counts = new LinkedHashMap<>();
            Set<Long> written = execution.written();
            for (Map.Entry<Long, Long> table : TableCounter.tables(c).entrySet()) {
                long oid = table.getKey();
                TableCount before = baseline.tables().get(oid);
                if (before == null || !execution.writesKnown() || written.contains(oid) || before.fileNode() != table.getValue()) {
                    TableCount now = TableCounter.count(c, oid, false);
                    if (now != null) counts.put(oid, now);
                } else {
                    counts.put(oid, before);
                }
            }
            List<SchemaObject> schema = SchemaSnapshot.capture(c);
            List<RehearsalReport.AssertResult> results = new ArrayList<>();
            for (String sql : asserts) results.add(check(c, sql, execution.failure() == null));
            return new Aftermath(schema, counts, results);
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot read the rehearsal copy after the migration: " + e.getMessage(), e);
        }
    }

    private static RehearsalReport.AssertResult check(Connection c, String sql, boolean migrationCompleted) throws SQLException {
        if (!migrationCompleted) return new RehearsalReport.AssertResult(sql, false, null, "not run: the migration failed");
        c.setAutoCommit(false);
        c.setReadOnly(true);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) return new RehearsalReport.AssertResult(sql, false, null, "returned no row; an assert returns one boolean");
            Object value = rs.getObject(1);
            if (!(value instanceof Boolean b)) {
                return new RehearsalReport.AssertResult(sql, false, String.valueOf(value), "returned " + value + ", not a boolean");
            }
            return new RehearsalReport.AssertResult(sql, b, b.toString(), null);
        } catch (SQLException e) {
            return new RehearsalReport.AssertResult(sql, false, null, e.getMessage());
        } finally {
            c.rollback();
            c.setReadOnly(false);
            c.setAutoCommit(true);
        }
    }
}
