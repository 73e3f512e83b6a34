package dev.bulwark.rehearse.catalog;

/**
 * One object of a database's schema as the diff sees it.
 *
 * @param kind       "table", "column", "index", "constraint", "view", "materialized view", "function",
 *                   "procedure", "trigger", "sequence", "type", "schema" or "extension"
 * @param schema     its schema, or null for schemas and extensions
 * @param table      for columns, constraints and triggers: the table (or domain) they belong to; else null
 * @param name       its own name (functions with their argument types)
 * @param definition what it is, as PostgreSQL prints it: a type and default, an index definition...
 * @param id         its identity in the catalog (an oid; for columns table oid and column number), which a
 *                   rename keeps
 */
public record SchemaObject(String kind, String schema, String table, String name, String definition, long id) {

    /** The qualified name: schema.table.name, as far as it has those parts. */
    public String qualified() {
        StringBuilder sb = new StringBuilder();
        if (schema != null) sb.append(schema).append('.');
        if (table != null) sb.append(table).append('.');
        return sb.append(name).toString();
    }

    String key() {
        return kind + " " + qualified();
    }

    /** Columns, constraints and triggers belong to a table: when only the table's name changed, they did not. */
    boolean belongsToTable() {
        return table != null;
    }

    /** Column ids pack the table's oid and the column number into one long. */
    public static long columnId(long tableOid, int attnum) {
        return tableOid * 4096 + attnum;
    }
}
