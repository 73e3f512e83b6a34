package dev.bulwark.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a database holds, asked the same way of production (inside the backup's snapshot) and of
 * the restored copy, so that the two answers can be compared. System schemas and objects that
 * belong to extensions are left out: the extension recreates them, pg_dump does not dump them.
 */
public final class Catalog {
    private static final String USER_NAMESPACES = "(SELECT oid FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', "
            + "'information_schema') AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%')";

    private static String notExtensionMember(String catalog, String oidColumn) {
        return "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '" + catalog + "'::regclass AND d.objid = "
                + oidColumn + " AND d.deptype = 'e')";
    }

    private static final String USER_RELATION = "c.relnamespace IN " + USER_NAMESPACES + " AND c.relpersistence <> 't' AND "
            + notExtensionMember("pg_class", "c.oid");

    /** Ordinary tables whose rows pg_dump dumps (leaf partitions included, partitioned parents not). */
    private static final String DATA_TABLES = "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
            + "c.relnamespace WHERE c.relkind = 'r' AND " + USER_RELATION + " ORDER BY 1, 2";

    private static final String OBJECT_COUNTS = "SELECT "
            + "(SELECT count(*) FROM pg_class c WHERE c.relkind IN ('r', 'p') AND " + USER_RELATION + ") AS tables, "
            + "(SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE " + USER_RELATION + ") AS indexes, "
            + "(SELECT count(*) FROM pg_constraint k LEFT JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype <> 'n' AND "
            + "k.connamespace IN " + USER_NAMESPACES + " AND (k.conrelid = 0 OR " + USER_RELATION + ")) AS constraints, "
            + "(SELECT count(*) FROM pg_class c WHERE c.relkind = 'S' AND " + USER_RELATION + ") AS sequences, "
            + "(SELECT count(*) FROM pg_class c WHERE c.relkind IN ('v', 'm') AND " + USER_RELATION + ") AS views, "
            + "(SELECT count(*) FROM pg_proc p WHERE p.pronamespace IN " + USER_NAMESPACES + " AND "
            + notExtensionMember("pg_proc", "p.oid") + ") AS functions, "
            + "(SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND "
            + USER_RELATION + ") AS triggers";

    private Catalog() {}

    public record TableName(String schema, String name) {
        public String quoted() {
            return Identifiers.qualified(schema, name);
        }

        public String display() {
            return schema + "." + name;
        }
    }

    public static List<TableName> dataTables(Connection c) throws SQLException {
        List<TableName> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(DATA_TABLES)) {
            while (rs.next()) out.add(new TableName(rs.getString(1), rs.getString(2)));
        }
        return out;
    }

    /** Rows the table holds itself: pg_dump's COPY leaves out the rows of inheriting tables, so must we. */
    public static long exactRows(Connection c, TableName table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM ONLY " + table.quoted())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Counts of tables, indexes, constraints, sequences, views, functions and triggers. */
    public static Map<String, Long> objectCounts(Connection c) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(OBJECT_COUNTS)) {
            rs.next();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.put(rs.getMetaData().getColumnLabel(i), rs.getLong(i));
            }
        }
        return out;
    }
}
