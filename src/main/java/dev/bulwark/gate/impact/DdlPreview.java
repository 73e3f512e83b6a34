package dev.bulwark.gate.impact;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Previews DROP TABLE, TRUNCATE and lock-taking DDL from the catalog alone: these statements are never
 * sent to the server, not even under EXPLAIN (which does not accept them). Names resolve through the
 * preview connection's search_path, which may differ from the agent's session; temporary tables of the
 * agent's session are invisible here.
 */
final class DdlPreview {
    private DdlPreview() {
    }

    static void dropOrTruncate(Connection c, StatementShape shape, ImpactBuilder out) throws SQLException {
        Set<Long> named = new HashSet<>();
        List<TableStats.Table> tables = new java.util.ArrayList<>();
        for (QualifiedName name : shape.targets()) {
            Optional<TableStats.Table> table = TableStats.resolve(c, name);
            if (table.isEmpty()) {
                out.note(name + " does not exist" + (shape.ifExists() ? ": IF EXISTS skips it" : ": the statement would fail"));
                continue;
            }
            tables.add(table.get());
            named.add(table.get().oid());
        }
        for (TableStats.Table t : tables) {
            out.table(TableImpact.of(t.name(), shape.action(), t.rows(), t.rows()));
            out.flag(shape.action() + " of a table with " + t.rowsText() + " (" + t.name() + ")");
            if (shape.kind() == StatementShape.Kind.DROP_TABLE) dropDependents(c, shape, t, named, out);
        }
        if (shape.kind() == StatementShape.Kind.TRUNCATE && shape.cascade()) truncateCascade(c, tables, named, out);
    }

    /** DROP ... CASCADE drops referencing foreign keys and dependent views; without CASCADE they make it fail. */
    private static void dropDependents(Connection c, StatementShape shape, TableStats.Table t, Set<Long> named,
                                       ImpactBuilder out) throws SQLException {
        for (long ref : TableStats.referencingTables(c, t.oid())) {
            if (named.contains(ref)) continue;
            String other = TableStats.byOid(c, ref).map(TableStats.Table::name).orElse("oid " + ref);
            if (shape.cascade()) out.flag("CASCADE drops the foreign keys of " + other + " that reference " + t.name());
            else out.note(other + " references " + t.name() + ": DROP without CASCADE would fail");
        }
        for (String view : TableStats.dependentViews(c, t.oid())) {
            if (shape.cascade()) out.flag("CASCADE drops view " + view);
            else out.note("view " + view + " depends on " + t.name() + ": DROP without CASCADE would fail");
        }
    }

    /** TRUNCATE ... CASCADE empties every table that references a truncated one, transitively. */
    private static void truncateCascade(Connection c, List<TableStats.Table> tables, Set<Long> named,
                                        ImpactBuilder out) throws SQLException {
        Set<Long> seen = new HashSet<>(named);
        Deque<Long> queue = new ArrayDeque<>(named);
        while (!queue.isEmpty()) {
            for (long ref : TableStats.referencingTables(c, queue.poll())) {
                if (!seen.add(ref)) continue;
                queue.add(ref);
                Optional<TableStats.Table> t = TableStats.byOid(c, ref);
                if (t.isEmpty()) continue;
                out.table(TableImpact.of(t.get().name(), "TRUNCATE (CASCADE)", t.get().rows(), t.get().rows()));
                out.flag("TRUNCATE CASCADE also empties " + t.get().name() + " (" + t.get().rowsText() + ")");
            }
        }
    }

    static void locking(Connection c, StatementShape shape, ImpactBuilder out) throws SQLException {
        if (shape.note() != null) out.note(shape.note());
        if (shape.targets().isEmpty() && shape.note() != null && LockLevels.exclusive(shape.lockLevel())) {
            out.flag(shape.action() + " takes an " + shape.lockLevel() + " lock on many tables");
        }
        for (QualifiedName name : shape.targets()) {
            Optional<TableStats.Table> table = shape.targetIsIndex() ? TableStats.tableOfIndex(c, name) : TableStats.resolve(c, name);
            if (table.isEmpty()) {
                out.note(name + " does not exist: the statement would fail or do nothing");
                continue;
            }
            TableStats.Table t = table.get();
            out.table(TableImpact.of(t.name(), shape.action(), null, t.rows()));
            String lock = shape.lockLevel() + " lock on " + t.name() + " (" + t.rowsText() + ", " + t.size() + ")";
            if (!LockLevels.blocksWrites(shape.lockLevel())) {
                out.note(shape.action() + " takes a " + lock + ", which does not block reads or writes");
                continue;
            }
            out.flag(lock + (LockLevels.rank(shape.lockLevel()) == LockLevels.rank(LockLevels.ACCESS_EXCLUSIVE)
                    ? ": blocks reads and writes" : ": blocks writes"));
            if (t.large()) {
                out.flag((LockLevels.exclusive(shape.lockLevel()) ? "exclusive lock on a large table: "
                        : "write-blocking lock on a large table: ") + t.name());
            }
        }
    }
}
