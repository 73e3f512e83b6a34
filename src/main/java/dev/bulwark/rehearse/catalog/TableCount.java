package dev.bulwark.rehearse.catalog;

import java.util.Map;

/**
 * A table's exact row count and, per column number, how many of its values are not null.
 *
 * @param fileNode its relfilenode when counted: rows change only by a write (which takes ROW EXCLUSIVE) or by a
 *                 command that gives the table a new file (TRUNCATE)
 * @param nonNull  non-null values per column number (attnum)
 */
public record TableCount(long oid, String schema, String name, long fileNode, long rows, Map<Integer, Long> nonNull) {
    public TableCount {
        nonNull = nonNull == null ? Map.of() : Map.copyOf(nonNull);
    }

    public String qualified() {
        return schema + "." + name;
    }
}
