package dev.bulwark.rehearse.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulwark.postgres.Identifiers;

/**
 * Exact counts, one scan per table: {@code count(*)} and {@code count(column)} for every column, so that
 * a dropped column's loss is known without scanning again. Rows of inheriting tables belong to the child
 * ({@code FROM ONLY}), as pg_dump counts them.
 */
public final class TableCounter {
    private static final String TABLES = "SELECT c.oid, c.relfilenode, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind = 'r' AND " + SchemaSnapshot.USER_RELATION + " ORDER BY 3, 4";
    private static final String COLUMNS = "SELECT a.attnum, a.attname FROM pg_attribute a WHERE a.attrelid = %d AND a.attnum > 0 "
            + "AND NOT a.attisdropped ORDER BY a.attnum";

    private TableCounter() {
    }

    /** Every ordinary table's count with non-null values per column. */
    public static Map<Long, TableCount> all(Connection c) throws SQLException {
        Map<Long, TableCount> out = new LinkedHashMap<>();
        for (long oid : tables(c).keySet()) out.put(oid, count(c, oid, true));
        return out;
    }

    /** Every ordinary table: its oid and its relfilenode, in schema and name order. */
    public static Map<Long, Long> tables(Connection c) throws SQLException {
        Map<Long, Long> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(TABLES)) {
            while (rs.next()) out.put(rs.getLong(1), rs.getLong(2));
        }
        return out;
    }

    /** One table's rows, and with {@code columns} its non-null values per column; null if the table is gone. */
    public static TableCount count(Connection c, long oid, boolean columns) throws SQLException {
        String schema;
        String name;
        long fileNode;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT n.nspname, c.relname, c.relfilenode FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = " + oid)) {
            if (!rs.next()) return null;
            schema = rs.getString(1);
            name = rs.getString(2);
            fileNode = rs.getLong(3);
        }
        List<Integer> attnums = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        if (columns) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(COLUMNS.formatted(oid))) {
                while (rs.next()) {
                    attnums.add(rs.getInt(1));
                    sql.append(", count(").append(Identifiers.quote(rs.getString(2))).append(')');
                }
            }
        }
        sql.append(" FROM ONLY ").append(Identifiers.qualified(schema, name));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            rs.next();
            Map<Integer, Long> nonNull = new HashMap<>();
            for (int i = 0; i < attnums.size(); i++) nonNull.put(attnums.get(i), rs.getLong(i + 2));
            return new TableCount(oid, schema, name, fileNode, rs.getLong(1), nonNull);
        }
    }
}
