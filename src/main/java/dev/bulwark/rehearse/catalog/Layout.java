package dev.bulwark.rehearse.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The tables and columns that exist at one moment, with each table's file node: read before and after
 * a statement to see which tables and columns it dropped, which column types it changed, and which
 * tables it rewrote (a rewrite gives a table a new relfilenode; its oid stays).
 */
public record Layout(Map<Long, Relation> relations, Map<Long, Column> columns) {

    /** A table, partitioned table or materialized view. */
    public record Relation(long oid, String schema, String name, char kind, long fileNode) {
        public String qualified() {
            return schema + "." + name;
        }
    }

    public record Column(long tableOid, int attnum, String name, String type) {
        public long id() {
            return SchemaObject.columnId(tableOid, attnum);
        }
    }

    private static final String RELATIONS = "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relfilenode FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm') AND " + SchemaSnapshot.USER_RELATION;
    private static final String COLUMNS = "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) "
            + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND " + SchemaSnapshot.USER_RELATION;

    public static Layout read(Connection c) throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        Map<Long, Column> columns = new HashMap<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(RELATIONS)) {
                while (rs.next()) {
                    relations.put(rs.getLong(1), new Relation(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4).charAt(0), rs.getLong(5)));
                }
            }
            try (ResultSet rs = st.executeQuery(COLUMNS)) {
                while (rs.next()) {
                    Column col = new Column(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4));
                    columns.put(col.id(), col);
                }
            }
        }
        return new Layout(Map.copyOf(relations), Map.copyOf(columns));
    }
}
