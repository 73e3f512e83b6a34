package dev.bulwark.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import dev.bulwark.config.DurationText;
import dev.bulwark.rehearse.RehearsalReport;
import dev.bulwark.rehearse.RehearsalReport.TableLock;
import dev.bulwark.rehearse.catalog.SchemaChange;
import dev.bulwark.rehearse.rules.Finding;
import dev.bulwark.rehearse.run.Failure;
import dev.bulwark.rehearse.run.LockModes;
import dev.bulwark.rehearse.run.Losses;
import dev.bulwark.rehearse.run.Rewrite;
import dev.bulwark.rehearse.run.StatementRun;

/** A rehearsal for people: the verdict and its reasons first, then the evidence section by section. */
final class RehearsalText {
    private static final int SQL_WIDTH = 70;

    private final PrintWriter out;
    private final RehearsalReport r;

    RehearsalText(PrintWriter out, RehearsalReport r) {
        this.out = out;
        this.r = r;
    }

    void print() {
        verdict();
        origin();
        statements();
        failure();
        dataLoss();
        schema();
        locks();
        rewrites();
        findings();
        asserts();
        if (!r.notes().isEmpty() || !r.ignoredFiles().isEmpty()) {
            section("NOTES");
            r.notes().forEach(n -> out.println("  " + n));
            if (!r.ignoredFiles().isEmpty()) out.println("  not Flyway migrations, not run: " + String.join(", ", r.ignoredFiles()));
        }
    }

    private void verdict() {
        out.println(switch (r.verdict()) {
            case SAFE -> "SAFE: no data lost, no long locks, no findings";
            case REVIEW -> "REVIEW: nothing was lost, but read the findings before running this on production";
            case DANGEROUS -> "DANGEROUS: do not run this on production as it is";
        });
        for (RehearsalReport.Reason reason : r.reasons()) {
            out.println("  - " + (reason.level() != r.verdict() ? reason.level().name().toLowerCase(Locale.ROOT) + ": " : "") + reason.text());
        }
    }

    private void origin() {
        int files = r.migrations().size();
        out.println();
        out.println("Rehearsed " + r.statements().size() + " statement" + plural(r.statements().size()) + " of " + (files == 1
                ? r.migrations().get(0).file() : files + " migrations") + " on a copy of backup " + r.backup().id() + " of '"
                + r.database() + "' (snapshot " + time(r.backup().snapshotAt()) + ", " + (r.backup().verifiedAt() != null
                ? "verified " + time(r.backup().verifiedAt()) : "NOT verified") + ")");
        RehearsalReport.Durations d = r.durationsMs();
        out.println("  template: " + (r.template().reused() ? "kept from an earlier rehearsal (restored " + time(r.template().createdAt())
                + " in " + ms(r.template().restoreMs()) + ")" : "restored now in " + ms(r.template().restoreMs())) + ", PostgreSQL "
                + r.template().serverVersion() + ", in " + r.template().location());
        out.println("  time: " + ms(d.total()) + " in all; getting the template running " + ms(d.prepare()) + ", copying it "
                + ms(d.cloneDatabase()) + ", the statements " + ms(Math.round(d.statements())) + ", measuring afterwards "
                + ms(d.measure()));
        if (files > 1) {
            for (RehearsalReport.MigrationFile m : r.migrations()) {
                out.println("  " + m.status() + "  " + m.file() + " (" + m.statements() + " statement" + plural(m.statements()) + ")");
            }
        }
    }

    private void statements() {
        section("STATEMENTS");
        TextTable t = new TextTable("#", "WHERE", "TIME", "ROWS", "RUN AS", "STATEMENT");
        for (StatementRun s : r.statements()) {
            t.row(s.number(), s.file() + ":" + s.line(), fmt(s.durationMs()) + " ms", s.rows() == null ? "" : s.rows(),
                    s.failed() ? "FAILED" : s.context(), oneLine(s.sql()));
        }
        t.print(out, "  ");
        r.statements().stream().filter(s -> !s.notices().isEmpty())
                .forEach(s -> s.notices().forEach(n -> out.println("  notice (" + s.number() + "): " + n)));
    }

    private void failure() {
        Failure f = r.failure();
        if (f == null) return;
        section("FAILED");
        out.println("  statement " + f.statement() + " at " + f.file() + ":" + f.line() + (f.errorLine() != f.line()
                ? " (the error is at line " + f.errorLine() + ")" : ""));
        out.println("  ERROR " + f.sqlstate() + ": " + f.message());
        if (f.detail() != null) out.println("  DETAIL: " + f.detail());
        if (f.hint() != null) out.println("  HINT: " + f.hint());
        if (f.note() != null) out.println("  note: " + f.note());
        out.println("  statement: " + oneLine(f.sql()));
        out.println("  the statements before it ran (and, in autocommit, would stay applied on production); the ones after it did not");
    }

    private void dataLoss() {
        RehearsalReport.DataLoss loss = r.dataLoss();
        if (loss.rowsRemoved().isEmpty() && loss.droppedTables().isEmpty() && loss.droppedColumns().isEmpty()
                && loss.alteredValues().isEmpty()) return;
        section("DATA LOSS");
        for (Losses.DroppedTable t : loss.droppedTables()) {
            out.println("  dropped table " + t.table() + " with " + t.rows() + " rows (statement " + t.statement() + ")" + inexact(t.exact()));
        }
        for (Losses.DroppedColumn c : loss.droppedColumns()) {
            out.println("  dropped column " + c.table() + "." + c.column() + " (" + c.type() + ") with " + c.nonNullValues()
                    + " non-null values (statement " + c.statement() + ")" + inexact(c.exact()));
        }
        for (RehearsalReport.RowsRemoved x : loss.rowsRemoved()) {
            out.println("  " + x.removed() + " rows removed from " + x.table() + ": " + x.before() + " before, " + x.after() + " after");
        }
        for (Losses.AlteredValues a : loss.alteredValues()) {
            out.println("  " + a.values() + " values of " + a.table() + "." + a.column() + " changed by the type change " + a.from()
                    + " -> " + a.to() + " (statement " + a.statement() + ")");
        }
    }

    private void schema() {
        if (r.schemaDiff().unchanged()) return;
        section("SCHEMA CHANGES");
        r.schemaDiff().added().forEach(c -> out.println("  + " + c.kind() + " " + c.name() + def(c.kind(), c.after())));
        r.schemaDiff().dropped().forEach(c -> out.println("  - " + c.kind() + " " + c.name() + def(c.kind(), c.before())));
        for (SchemaChange c : r.schemaDiff().changed()) {
            String what = c.renamedFrom() != null ? " (renamed from " + c.renamedFrom() + ")" : "";
            String defs = c.before() != null && !c.before().equals(c.after()) ? ": " + shorten(c.before()) + " -> " + shorten(c.after()) : "";
            out.println("  ~ " + c.kind() + " " + c.name() + what + defs);
        }
    }

    private void locks() {
        List<TableLock> shown = r.locks().stream().filter(l -> l.rows() > 0 && l.blocksWrites()).toList();
        if (shown.isEmpty()) return;
        section("LOCKS THAT BLOCK WRITES, ON TABLES WITH ROWS");
        TextTable t = new TextTable("TABLE", "ROWS", "MODE", "HELD", "BLOCKS", "STATEMENTS");
        for (TableLock l : shown) {
            for (RehearsalReport.ModeHold m : l.modes()) {
                if (!LockModes.blocksWrites(m.mode())) continue;
                t.row(l.table(), l.rows(), m.mode(), m.sampled() && m.heldMs() >= r.settings().sampleMs() ? fmt(m.heldMs()) + " ms"
                                : "< " + fmt(r.settings().sampleMs()) + " ms",
                        LockModes.blocksReads(m.mode()) ? "reads and writes" : "writes",
                        String.join(", ", m.statements().stream().map(String::valueOf).toList()));
            }
        }
        t.print(out, "  ");
        int others = r.locks().size() - shown.size();
        if (others > 0) out.println("  (" + others + " other table" + plural(others) + " locked in modes that let writes through, or empty; see --json)");
    }

    private void rewrites() {
        if (r.rewrites().isEmpty()) return;
        section("TABLE REWRITES");
        for (Rewrite w : r.rewrites()) {
            out.println("  " + w.table() + (w.rows() == null ? "" : " (" + w.rows() + " rows)") + " by statement " + w.statement() + " in "
                    + fmt(w.durationMs()) + " ms");
        }
    }

    private void findings() {
        if (r.findings().isEmpty()) return;
        section("FINDINGS");
        for (Finding f : r.findings()) {
            out.println("  " + f.rule() + "  " + f.file() + ":" + f.line() + "  " + f.message());
            out.println("      fix: " + f.fix());
        }
    }

    private void asserts() {
        if (r.asserts().isEmpty()) return;
        section("ASSERTS");
        for (RehearsalReport.AssertResult a : r.asserts()) {
            out.println("  " + (a.passed() ? "PASS" : "FAIL") + "  " + oneLine(a.sql()) + (a.passed() ? ""
                    : a.error() != null ? "  (" + a.error() + ")" : "  (returned " + a.result() + ")"));
        }
    }

    private void section(String title) {
        out.println();
        out.println(title);
    }

    private static String oneLine(String sql) {
        String one = sql.replaceAll("\\s+", " ").strip();
        return one.length() <= SQL_WIDTH ? one : one.substring(0, SQL_WIDTH - 1) + "…";
    }

    private static String def(String kind, String definition) {
        return definition == null || definition.equals(kind) || kind.equals("schema") ? "" : "  " + shorten(definition);
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 90 ? one : one.substring(0, 89) + "…";
    }

    private static String inexact(boolean exact) {
        return exact ? "" : " (from the backup's counts: the statement ran outside a transaction after the table was written)";
    }

    private static String ms(long millis) {
        return millis < 1000 ? millis + " ms" : DurationText.format(Duration.ofMillis(millis));
    }

    private static String fmt(double ms) {
        if (ms >= 100 || ms == Math.rint(ms)) return String.valueOf(Math.round(ms));
        return String.format(Locale.ROOT, "%.1f", ms);
    }

    private static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
