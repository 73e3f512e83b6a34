package dev.bulwark.gate.impact;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.bulwark.postgres.Identifiers;

/**
 * Catalog look-ups for the preview: resolving names like the server would, row counts and sizes, and
 * the tables that depend on a table through foreign keys or views.
 *
 * <p>Row counts: {@code pg_class.reltuples} is only as fresh as the last ANALYZE and is -1 (0 before
 * PostgreSQL 14) on a table never analyzed, so below {@link #EXACT_LIMIT} estimated rows we count
 * exactly. The count scans at most EXACT_LIMIT + 1 rows, so a large table that was never analyzed
 * cannot make it slow; if it hits that bound the count is reported as a lower bound. Above the limit
 * we use reltuples and say it is an estimate. If the role may not read the table, reltuples is used.
 */
final class TableStats {
    static final long EXACT_LIMIT = 1_000_000;
    /** "Large" for lock flags: either bound is enough, so a wide table with few rows still counts. */
    static final long LARGE_ROWS = 100_000;
    static final long LARGE_BYTES = 100L * 1024 * 1024;

    /**
     * A resolved table. {@code rows} is null when unknown; {@code exact} says whether it was counted.
     */
    record Table(long oid, String name, Long rows, boolean exact, long bytes, String size) {
        boolean large() {
            return (rows != null && rows >= LARGE_ROWS) || bytes >= LARGE_BYTES;
        }

        String rowsText() {
            if (rows == null) return "unknown rows";
            return (exact ? "" : "~") + TableImpact.count(rows) + (rows == 1 ? " row" : " rows");
        }
    }

    private static final String BY_OID = "SELECT c.oid, n.nspname, c.relname, c.reltuples, pg_total_relation_size(c.oid),"
            + " pg_size_pretty(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.oid = ";

    private TableStats() {
    }

    /** Resolves a name as written (schema-qualified or through search_path), or empty if there is none. */
    static Optional<Table> resolve(Connection c, QualifiedName name) throws SQLException {
        return lookup(c, BY_OID + "to_regclass(?)", name.regclassText());
    }

    /** The table an index belongs to (REINDEX INDEX locks that table). */
    static Optional<Table> tableOfIndex(Connection c, QualifiedName index) throws SQLException {
        return lookup(c, BY_OID + "(SELECT indrelid FROM pg_index WHERE indexrelid = to_regclass(?))", index.regclassText());
    }

    static Optional<Table> byName(Connection c, String schema, String relation) throws SQLException {
        if (schema == null) return resolve(c, QualifiedName.of(relation));
        return resolve(c, QualifiedName.of(schema, relation));
    }

    static Optional<Table> byOid(Connection c, long oid) throws SQLException {
        return lookup(c, BY_OID + "?::oid", Long.toString(oid));
    }

    private static Optional<Table> lookup(Connection c, String sql, String arg) throws SQLException {
        long oid;
        String schema;
        String relname;
        double reltuples;
        long bytes;
        String size;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                oid = rs.getLong(1);
                schema = rs.getString(2);
                relname = rs.getString(3);
                reltuples = rs.getDouble(4);
                bytes = rs.getLong(5);
                size = rs.getString(6);
            }
        }
        String display = schema + "." + relname;
        if (reltuples >= EXACT_LIMIT) return Optional.of(new Table(oid, display, Math.round(reltuples), false, bytes, size));
        Long counted = Savepoints.attemptOrNull(c, () -> boundedCount(c, Identifiers.qualified(schema, relname)));
        if (counted == null) {
            Long estimate = reltuples < 0 ? null : Math.round(reltuples);
            return Optional.of(new Table(oid, display, estimate, false, bytes, size));
        }
        if (counted > EXACT_LIMIT) return Optional.of(new Table(oid, display, Math.max(counted, Math.round(reltuples)), false, bytes, size));
        return Optional.of(new Table(oid, display, counted, true, bytes, size));
    }

    private static long boundedCount(Connection c, String quotedTable) throws SQLException {
        try (var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT 1 FROM " + quotedTable + " LIMIT " + (EXACT_LIMIT + 1) + ") s")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Oids of the other tables with a foreign key referencing {@code oid}. */
    static List<Long> referencingTables(Connection c, long oid) throws SQLException {
        return oids(c, "SELECT DISTINCT conrelid FROM pg_constraint WHERE contype = 'f' AND confrelid = ? AND conrelid <> ?"
                + " ORDER BY 1", oid);
    }

    /** Views and materialized views whose rules read {@code oid}. */
    static List<String> dependentViews(Connection c, long oid) throws SQLException {
        List<String> out = new ArrayList<>();
        String sql = "SELECT DISTINCT n.nspname || '.' || v.relname FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid"
                + " JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace n ON n.oid = v.relnamespace"
                + " WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = ? AND v.oid <> ? ORDER BY 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<Long> oids(Connection c, String sql, long oid) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
