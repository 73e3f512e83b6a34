package dev.bulwark.rehearse.run;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bulwark.rehearse.catalog.Layout;
import dev.bulwark.rehearse.catalog.TableCount;

/** The tables and columns that were there before a statement and are not after it. */
record Vanished(List<Layout.Relation> tables, List<Layout.Column> columns, Layout after) {

    static Vanished of(Layout before, Layout after) {
        if (before == null || after == null) return new Vanished(List.of(), List.of(), after);
        List<Layout.Relation> tables = before.relations().values().stream()
                .filter(r -> r.kind() == 'r' && !after.relations().containsKey(r.oid())).toList();
        List<Layout.Column> columns = before.columns().values().stream()
                .filter(c -> !after.columns().containsKey(c.id()) && after.relations().containsKey(c.tableOid())).toList();
        return new Vanished(tables, columns, after);
    }

    /** Tables whose loss must be counted now: they held production rows and may have been written since. */
    Set<Long> tablesToCount(Ledger ledger) {
        Set<Long> out = new HashSet<>();
        tables.stream().map(Layout.Relation::oid).filter(oid -> ledger.backup(oid) != null && ledger.mayHaveChanged(oid)).forEach(out::add);
        columns.stream().map(Layout.Column::tableOid).filter(oid -> ledger.backup(oid) != null && ledger.mayHaveChanged(oid)).forEach(out::add);
        return out;
    }

    /**
     * Books the losses: from a count taken just before the statement where there is one, else from the
     * backup (exact when nothing wrote the table since; otherwise the best figure there is, marked inexact).
     */
    void record(int statement, Ledger ledger, Map<Long, TableCount> counted) {
        for (Layout.Relation t : tables) {
            TableCount backup = ledger.backup(t.oid());
            if (backup == null) continue; // created by the migration itself: no production rows
            TableCount now = counted.get(t.oid());
            boolean exact = now != null || !ledger.mayHaveChanged(t.oid());
            ledger.losses.tables().add(new Losses.DroppedTable(t.qualified(), now != null ? now.rows() : backup.rows(), statement, exact));
        }
        for (Layout.Column c : columns) {
            TableCount backup = ledger.backup(c.tableOid());
            if (backup == null || !backup.nonNull().containsKey(c.attnum())) continue;
            TableCount now = counted.get(c.tableOid());
            Long values = now != null ? now.nonNull().get(c.attnum()) : backup.nonNull().get(c.attnum());
            if (values == null) continue;
            ledger.losses.columns().add(new Losses.DroppedColumn(after.relations().get(c.tableOid()).qualified(), c.name(), c.type(),
                    values, statement, now != null || !ledger.mayHaveChanged(c.tableOid())));
        }
    }
}
