package dev.bulwark.rehearse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.bulwark.rehearse.catalog.Baseline;
import dev.bulwark.rehearse.run.Execution;
import dev.bulwark.rehearse.run.HeldLock;
import dev.bulwark.rehearse.run.LockHold;
import dev.bulwark.rehearse.run.LockModes;

/**
 * Per table: every lock mode the migration held, for how long at a stretch (sampled), and in which
 * statements. Modes the sampler never saw but the end-of-statement snapshot did were held for less than
 * one sampling interval.
 */
final class LockTables {
    private LockTables() {
    }

    private static final class Mode {
        double heldMs;
        boolean sampled;
        final Set<Integer> statements = new TreeSet<>();
    }

    static List<RehearsalReport.TableLock> of(Execution execution, Baseline baseline) {
        Map<Long, Map<String, Mode>> byTable = new HashMap<>();
        for (LockHold h : execution.holds()) {
            Mode m = mode(byTable, h.lock());
            m.heldMs = Math.max(m.heldMs, h.heldMs());
            m.sampled = true;
            for (int s = h.firstStatement(); s <= h.lastStatement(); s++) if (s > 0) m.statements.add(s);
        }
        execution.exactLocks().forEach((statement, locks) -> locks.forEach(l -> mode(byTable, l).statements.add(statement)));
        List<RehearsalReport.TableLock> out = new ArrayList<>();
        byTable.forEach((oid, modes) -> {
            String name = execution.names().get(oid);
            if (name != null) out.add(table(name, baseline.rows(oid), modes));
        });
        out.sort(Comparator.comparingInt((RehearsalReport.TableLock t) -> -LockModes.rank(t.mode()))
                .thenComparing(t -> -t.writesBlockedMs()).thenComparing(RehearsalReport.TableLock::table));
        return out;
    }

    private static Mode mode(Map<Long, Map<String, Mode>> byTable, HeldLock lock) {
        return byTable.computeIfAbsent(lock.oid(), o -> new TreeMap<>(Comparator.comparingInt(LockModes::rank).reversed()))
                .computeIfAbsent(lock.mode(), m -> new Mode());
    }

    private static RehearsalReport.TableLock table(String name, long rows, Map<String, Mode> modes) {
        List<RehearsalReport.ModeHold> holds = new ArrayList<>();
        Set<Integer> statements = new TreeSet<>();
        double writesBlocked = 0;
        for (Map.Entry<String, Mode> e : modes.entrySet()) {
            Mode m = e.getValue();
            holds.add(new RehearsalReport.ModeHold(e.getKey(), round(m.heldMs), m.sampled, List.copyOf(m.statements)));
            statements.addAll(m.statements);
            if (LockModes.blocksWrites(e.getKey())) writesBlocked = Math.max(writesBlocked, m.heldMs);
        }
        RehearsalReport.ModeHold strongest = holds.get(0);
        return new RehearsalReport.TableLock(name, rows, strongest.mode(), strongest.heldMs(), round(writesBlocked), strongest.sampled(),
                LockModes.blocksWrites(strongest.mode()), LockModes.blocksReads(strongest.mode()), List.copyOf(statements), holds);
    }

    static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
