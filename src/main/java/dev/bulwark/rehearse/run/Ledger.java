package dev.bulwark.rehearse.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.bulwark.rehearse.catalog.Baseline;
import dev.bulwark.rehearse.catalog.TableCount;
import dev.bulwark.rehearse.sql.Shape;

/** What the statements have done so far, kept across files; the runner's single place of record. */
final class Ledger {
    final Baseline baseline;
    final List<StatementRun> runs = new ArrayList<>();
    final List<LockHold> holds = new ArrayList<>();
    final Map<Integer, Set<HeldLock>> exactLocks = new LinkedHashMap<>();
    final Set<Long> written = new HashSet<>();
    final Set<Long> refiled = new HashSet<>();
    final Losses losses = Losses.collecting();
    final List<Rewrite> rewrites = new ArrayList<>();
    final Map<Long, String> names = new HashMap<>();
    final List<String> notes = new ArrayList<>();
    boolean writesKnown = true;
    Failure failure;
    /** Where the losses lists stood at the file's BEGIN and at each of its savepoints: a rollback undoes what came after. */
    private final Deque<Mark> marks = new ArrayDeque<>();

    record Mark(String savepoint, int tables, int columns, int altered) {}

    Ledger(Baseline baseline) {
        this.baseline = baseline;
        baseline.tables().values().forEach(t -> names.put(t.oid(), t.qualified()));
    }

    /** Whether the table may hold other rows or values now than in the backup. */
    boolean mayHaveChanged(long oid) {
        return !writesKnown || written.contains(oid) || refiled.contains(oid);
    }

    TableCount backup(long oid) {
        return baseline.tables().get(oid);
    }

    void locksAfter(int statement, Set<HeldLock> locks) {
        exactLocks.put(statement, Set.copyOf(locks));
        locks.stream().filter(l -> LockModes.writesRows(l.mode())).forEach(l -> written.add(l.oid()));
    }

    /** Follows the file's own transaction control, so that losses of work it rolled back are not reported. */
    void transactionControl(Shape.Transaction t) {
        switch (t.command()) {
            case BEGIN -> {
                if (marks.isEmpty()) marks.push(mark(null));
            }
            case SAVEPOINT -> marks.push(mark(t.savepoint()));
            case RELEASE -> {
                boolean released = false;
                while (marks.size() > 1 && !released) released = Objects.equals(marks.pop().savepoint(), t.savepoint());
            }
            case ROLLBACK_TO -> {
                while (marks.size() > 1 && !Objects.equals(marks.peek().savepoint(), t.savepoint())) marks.pop();
                undoTo(marks.peek());
            }
            case ROLLBACK -> rollbackOpenTransaction();
            case COMMIT, PREPARE -> marks.clear();
            default -> { }
        }
    }

    /** The open transaction did not commit (ROLLBACK, a failed statement, the file's end): its losses never happen. */
    void rollbackOpenTransaction() {
        if (!marks.isEmpty()) undoTo(marks.getLast());
        marks.clear();
    }

    Mark mark(String savepoint) {
        return new Mark(savepoint, losses.tables().size(), losses.columns().size(), losses.altered().size());
    }

    void undoTo(Mark m) {
        if (m == null) return;
        losses.tables().subList(m.tables(), losses.tables().size()).clear();
        losses.columns().subList(m.columns(), losses.columns().size()).clear();
        losses.altered().subList(m.altered(), losses.altered().size()).clear();
    }

    Execution execution() {
        Set<Long> changed = new HashSet<>(written);
        changed.addAll(refiled);
        return new Execution(List.copyOf(runs), failure, List.copyOf(holds), Map.copyOf(exactLocks), Set.copyOf(changed),
                writesKnown, losses.frozen(), List.copyOf(rewrites), Map.copyOf(names), List.copyOf(notes));
    }
}
