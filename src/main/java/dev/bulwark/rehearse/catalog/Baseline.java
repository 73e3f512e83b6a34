package dev.bulwark.rehearse.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The restored backup before any migration ran: every table's exact counts and the whole schema. It is
 * read once, when the template is made; every clone of the template starts from exactly this, with the
 * same oids, so later rehearsals need not read it again.
 */
public record Baseline(Map<Long, TableCount> tables, List<SchemaObject> schema) {
    public Baseline {
        tables = Map.copyOf(tables);
        schema = List.copyOf(schema);
    }

    public static Baseline read(Connection c) throws SQLException {
        return new Baseline(TableCounter.all(c), SchemaSnapshot.capture(c));
    }

    public long rows(long oid) {
        TableCount t = tables.get(oid);
        return t == null ? 0 : t.rows();
    }
}
