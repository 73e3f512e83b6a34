package dev.bulwark.rehearse;

import java.util.ArrayList;
import java.util.List;

import dev.bulwark.rehearse.RehearsalReport.Reason;
import dev.bulwark.rehearse.catalog.SchemaDiff;
import dev.bulwark.rehearse.rules.Finding;
import dev.bulwark.rehearse.run.Failure;
import dev.bulwark.rehearse.run.Rewrite;
import dev.bulwark.rehearse.run.StatementRun;

/**
 * From what the rehearsal measured to a verdict. DANGEROUS: a statement failed, production data would be
 * lost (rows removed, a dropped table or column that held values, values a type change altered), an assert
 * failed, or a lock that blocks writes on a table with rows was held longer than the limit. REVIEW: a
 * static rule fired, a table with rows was rewritten, schema objects were dropped, such a lock was held for
 * a tenth of the limit, one statement changed rows for longer than the limit (its row locks stay until it
 * commits), or the file left a transaction open. SAFE otherwise.
 */
final class Judge {
    private Judge() {
    }

    static List<Reason> reasons(Failure failure, RehearsalReport.DataLoss loss, List<RehearsalReport.AssertResult> asserts,
                                List<RehearsalReport.TableLock> locks, List<StatementRun> statements, List<Rewrite> rewrites,
                                SchemaDiff diff, List<Finding> findings, List<String> notes, long maxLockMs) {
        List<Reason> out = new ArrayList<>();
        if (failure != null) {
            out.add(danger("statement " + failure.statement() + " (" + failure.where() + ") failed: " + failure.message()
                    + (failure.note() == null ? "; it would fail on production too, after the statements before it ran"
                            : "; " + failure.note())));
        }
        loss.droppedTables().stream().filter(t -> t.rows() > 0)
                .forEach(t -> out.add(danger("data lost: table " + t.table() + " dropped with " + t.rows() + " rows")));
        loss.droppedColumns().stream().filter(c -> c.nonNullValues() > 0).forEach(c -> out.add(danger("data lost: column "
                + c.table() + "." + c.column() + " dropped with " + c.nonNullValues() + " values")));
        loss.rowsRemoved().forEach(r -> out.add(danger("data lost: " + r.removed() + " of " + r.before() + " rows removed from "
                + r.table())));
        loss.alteredValues().forEach(a -> out.add(danger("data changed: " + a.values() + " values of " + a.table() + "." + a.column()
                + " do not survive the type change from " + a.from() + " to " + a.to())));
        asserts.stream().filter(a -> !a.passed()).forEach(a -> out.add(danger("assert failed: " + a.sql()
                + (a.error() != null ? " (" + a.error() + ")" : " returned " + a.result()))));
        for (RehearsalReport.TableLock l : locks) {
            if (l.rows() == 0 || l.writesBlockedMs() <= 0) continue;
            String held = "a lock that blocks " + (l.blocksReads() ? "reads and writes" : "writes") + " (" + l.mode() + ") on "
                    + l.table() + " (" + l.rows() + " rows) was held " + Math.round(l.writesBlockedMs()) + " ms";
            if (l.writesBlockedMs() > maxLockMs) out.add(danger(held + ", more than the limit of " + maxLockMs + " ms"));
            else if (l.writesBlockedMs() >= maxLockMs / 10.0) out.add(review(held));
        }
        statements.stream().filter(s -> s.rows() != null && s.rows() > 0 && s.durationMs() > maxLockMs && !s.failed())
                .forEach(s -> out.add(review("statement " + s.number() + " changed " + s.rows() + " rows in one transaction that took "
                        + Math.round(s.durationMs()) + " ms: other writes to those rows wait until it commits")));
        rewrites.stream().filter(r -> r.rows() != null && r.rows() > 0).forEach(r -> out.add(review("statement " + r.statement()
                + " rewrote " + r.table() + " (" + r.rows() + " rows) in " + Math.round(r.durationMs()) + " ms")));
        List<String> lost = new ArrayList<>();
        loss.droppedTables().stream().filter(t -> t.rows() > 0).forEach(t -> lost.add("table " + t.table()));
        loss.droppedColumns().stream().filter(c -> c.nonNullValues() > 0).forEach(c -> lost.add("column " + c.table() + "." + c.column()));
        List<String> dropped = diff.dropped().stream().map(c -> c.kind() + " " + c.name()).filter(d -> !lost.contains(d)).toList();
        if (!dropped.isEmpty()) out.add(review("the migration drops " + dropped.size() + " schema object" + (dropped.size() == 1 ? "" : "s")
                + " that clients may use: " + String.join(", ", dropped.subList(0, Math.min(5, dropped.size())))
                + (dropped.size() > 5 ? ", …" : "")));
        if (!findings.isEmpty()) {
            out.add(review(findings.size() + " finding" + (findings.size() == 1 ? "" : "s") + " of the static rules: "
                    + String.join(", ", findings.stream().map(Finding::rule).distinct().toList())));
        }
        notes.forEach(n -> out.add(review(n)));
        return out;
    }

    static Verdict verdict(List<Reason> reasons) {
        return reasons.stream().map(Reason::level).max(Enum::compareTo).orElse(Verdict.SAFE);
    }

    private static Reason danger(String text) {
        return new Reason(Verdict.DANGEROUS, text);
    }

    private static Reason review(String text) {
        return new Reason(Verdict.REVIEW, text);
    }
}
