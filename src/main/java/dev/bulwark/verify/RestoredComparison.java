package dev.bulwark.verify;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.postgresql.PGConnection;

import dev.bulwark.BulwarkException;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.postgres.Catalog;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.Identifiers;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.repository.Manifest;

/**
 * Compares the restored copy with what the backup claims: every table's rows and content
 * fingerprint, schema object counts, critical tables and the configured SQL checks.
 */
final class RestoredComparison {
    private final Manifest manifest;
    private final PgUrl restored;
    private final List<CheckResult> checks = new ArrayList<>();

    RestoredComparison(Manifest manifest, PgUrl restored) {
        this.manifest = manifest;
        this.restored = restored;
    }

    List<CheckResult> checks() {
        return checks;
    }

    /** Reads every table back the way pg_dump wrote it and compares rows and fingerprints. */
    List<TableEvidence> tables(List<TableEvidence> dumped, Map<Catalog.TableName, TocEntry> dataEntries, int threads) {
        List<TableEvidence> out = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads))) {
            List<Future<TableEvidence>> futures = new ArrayList<>();
            for (TableEvidence t : dumped) {
                futures.add(pool.submit(() -> compareTable(t, dataEntries.get(t.tableName()))));
            }
            for (Future<TableEvidence> f : futures) {
                try {
                    out.add(f.get());
                } catch (Exception e) {
                    throw BulwarkException.environment("comparison failed unexpectedly: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private TableEvidence compareTable(TableEvidence t, TocEntry entry) {
        String quoted = t.tableName().quoted();
        List<String> columns = entry == null ? null : entry.copyColumns();
        String encoding = manifest.source().encoding() == null ? "UTF8" : manifest.source().encoding();
        // In the dump's encoding, so the bytes compare with the dump's bytes.
        String copy = "COPY " + quoted + (columns == null || columns.isEmpty() ? "" : " (" + String.join(", ", columns) + ")")
                + " TO STDOUT WITH (ENCODING " + Identifiers.literal(encoding) + ")";
        RowFingerprint fp = new RowFingerprint();
        LineSplitter sink = new LineSplitter(fp::add);
        try (Connection c = Connections.open(restored, "restored copy"); Statement st = c.createStatement()) {
            // The session settings pg_dump uses, so values print exactly as in the dump.
            st.execute("SET extra_float_digits = 3; SET DateStyle = 'ISO'; SET IntervalStyle = 'postgres'; "
                    + "SET TimeZone = " + Identifiers.literal(manifest.dumper().timeZone()));
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, sink);
        } catch (SQLException | IOException e) {
            add(CheckResult.fail("restore", t.table(), t.productionRows() + " rows", "unreadable",
                    "table " + t.table() + " cannot be read in the restored copy: " + e.getMessage()));
            return t;
        }
        long rows = fp.rows();
        String fingerprint = fp.value();
        TableEvidence result = t.withRestored(rows, fingerprint);
        if (rows != t.productionRows() || (t.dumpRows() != null && rows != t.dumpRows())) {
            add(CheckResult.fail("restore", t.table(), t.productionRows() + " rows", rows + " rows",
                    "table " + t.table() + ": the restored copy has " + rows + " rows, production had " + t.productionRows()
                            + (t.dumpRows() == null ? "" : " and the dump " + t.dumpRows())));
        } else if (t.dumpFingerprint() != null && !t.dumpFingerprint().equals(fingerprint)) {
            add(CheckResult.fail("restore", t.table(), "fingerprint " + t.dumpFingerprint(), "fingerprint " + fingerprint,
                    "table " + t.table() + ": the restored rows differ in content from the dumped rows (same count, "
                            + "different values)"));
        } else if (t.dumpFingerprint() == null) {
            add(CheckResult.fail("restore", t.table(), "dumped data to compare with", "none",
                    "table " + t.table() + ": restored " + rows + " rows but the dump's data could not be read to compare"));
        } else {
            add(CheckResult.pass("restore", t.table(), t.productionRows() + " rows, fingerprint " + t.dumpFingerprint(),
                    rows + " rows, fingerprint " + fingerprint));
        }
        return result;
    }

    Map<String, Long> objects() {
        Map<String, Long> found;
        try (Connection c = Connections.open(restored, "restored copy")) {
            found = Catalog.objectCounts(c);
        } catch (SQLException e) {
            add(CheckResult.fail("objects", "schema objects", "countable", "error", "cannot count schema objects: " + e.getMessage()));
            return Map.of();
        }
        for (Map.Entry<String, Long> e : manifest.objects().entrySet()) {
            Long got = found.get(e.getKey());
            if (Objects.equals(got, e.getValue())) {
                add(CheckResult.pass("objects", e.getKey(), String.valueOf(e.getValue()), String.valueOf(got)));
            } else {
                add(CheckResult.fail("objects", e.getKey(), String.valueOf(e.getValue()), String.valueOf(got),
                        e.getKey() + ": production had " + e.getValue() + ", the restored copy has " + got));
            }
        }
        return found;
    }

    void criticalTables(DatabaseConfig db, List<TableEvidence> tables) {
        Map<String, TableEvidence> byName = new HashMap<>();
        tables.forEach(t -> byName.put(t.table(), t));
        for (DatabaseConfig.CriticalTable ct : db.criticalTables()) {
            String name = ct.table().contains(".") ? ct.table() : "public." + ct.table();
            TableEvidence t = byName.get(name);
            if (t == null || t.restoredRows() == null) {
                add(CheckResult.fail("critical", name, "present", "missing",
                        "critical table " + name + " is not in the restored copy"));
                continue;
            }
            if (ct.minRows() != null) {
                boolean ok = t.restoredRows() >= ct.minRows();
                add(new CheckResult("critical", name + " min_rows", ok, ">= " + ct.minRows() + " rows", t.restoredRows() + " rows",
                        ok ? null : "critical table " + name + " has " + t.restoredRows() + " rows, fewer than min_rows " + ct.minRows()));
            }
            if (ct.freshColumn() != null) {
                freshness(t, ct.freshColumn(), db.rpo());
            }
        }
    }

    private void freshness(TableEvidence t, String column, Duration rpo) {
        Instant threshold = manifest.snapshotAt().minus(rpo);
        String table = t.table();
        String sql = "SELECT max(" + Identifiers.quote(column) + ")::timestamptz >= ?::timestamptz, max("
                + Identifiers.quote(column) + ")::text FROM " + t.tableName().quoted();
        String check = table + "." + column + " fresh";
        try (Connection c = Connections.open(restored, "restored copy"); PreparedStatement ps = c.prepareStatement(sql)) {
            c.createStatement().execute("SET TimeZone = 'UTC'");
            ps.setString(1, threshold.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean fresh = rs.getBoolean(1) && !rs.wasNull();
                String newest = rs.getString(2);
                add(new CheckResult("critical", check, fresh, "newest >= " + threshold + " (snapshot - rpo " + DurationText.format(rpo) + ")",
                        "newest " + newest, fresh ? null : "critical table " + table + ": newest " + column + " is " + newest
                        + ", older than the backup time minus the RPO (" + threshold + "): the backup may be missing recent data"));
            }
        } catch (SQLException e) {
            add(CheckResult.fail("critical", check, "a timestamp column", "error", "cannot check " + table + "." + column
                    + ": " + e.getMessage()));
        }
    }

    void sqlChecks(DatabaseConfig db) {
        for (DatabaseConfig.SqlCheck check : db.checks()) {
            try (Connection c = Connections.open(restored, "restored copy")) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(check.sql())) {
                    if (!rs.next() || rs.getMetaData().getColumnCount() != 1) {
                        add(CheckResult.fail("checks", check.name(), "true", "no single value",
                                "check '" + check.name() + "' must return one row with one boolean column"));
                        continue;
                    }
                    String value = rs.getString(1);
                    boolean ok = "t".equals(value) || "true".equals(value);
                    add(new CheckResult("checks", check.name(), ok, "true", String.valueOf(value),
                            ok ? null : "check '" + check.name() + "' returned " + value + " on the restored copy"));
                } finally {
                    c.rollback();
                }
            } catch (SQLException e) {
                add(CheckResult.fail("checks", check.name(), "true", "error", "check '" + check.name() + "' failed to run: "
                        + e.getMessage()));
            }
        }
    }

    private synchronized void add(CheckResult r) {
        checks.add(r);
    }
}
