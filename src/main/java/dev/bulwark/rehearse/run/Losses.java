package dev.bulwark.rehearse.run;

import java.util.ArrayList;
import java.util.List;

/**
 * What statements destroyed, measured at the moment they ran.
 *
 * @param exact false where a value comes from the backup because the statement could not be rolled back
 *              to count again (it ran outside a transaction after the table had been written)
 */
public record Losses(List<DroppedTable> tables, List<DroppedColumn> columns, List<AlteredValues> altered) {

    public record DroppedTable(String table, long rows, int statement, boolean exact) {}

    public record DroppedColumn(String table, String column, String type, long nonNullValues, int statement, boolean exact) {}

    /** Values a column type change did not carry over unchanged. */
    public record AlteredValues(String table, String column, String from, String to, long values, int statement) {}

    static Losses collecting() {
        return new Losses(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    Losses frozen() {
        return new Losses(List.copyOf(tables), List.copyOf(columns), List.copyOf(altered));
    }
}
