package dev.bulwark.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.bulwark.config.DurationText;
import dev.bulwark.verify.CheckResult;
import dev.bulwark.verify.TableEvidence;
import dev.bulwark.verify.VerificationReport;

/** A verification report for people: per-table evidence, object counts, checks, verdict. */
final class VerificationText {
    private VerificationText() {}

    static void print(VerificationReport r, PrintWriter out) {
        out.println("Verification of backup " + r.backupId() + " of '" + r.database() + "' (" + r.level() + " level)");
        if (r.restore() != null) {
            out.println("  restored into " + r.restore().target() + " with pg_restore " + r.restore().pgRestoreVersion()
                    + " -j" + r.restore().jobs() + " in " + DurationText.format(Duration.ofMillis(r.restore().durationMs()))
                    + " (observed restore time)");
        }
        out.println();
        if (r.tables() != null && !r.tables().isEmpty()) {
            TextTable t = new TextTable("TABLE", "PRODUCTION", "DUMP", "RESTORED", "CONTENT");
            for (TableEvidence e : r.tables()) {
                t.row(e.table(), e.productionRows(), orDash(e.dumpRows()), r.restore() == null ? "-" : orDash(e.restoredRows()),
                        content(e, r.restore() != null));
            }
            t.print(out, "  ");
            out.println();
        }
        if (r.objectsRestored() != null) {
            TextTable t = new TextTable("OBJECTS", "PRODUCTION", "RESTORED");
            for (Map.Entry<String, Long> e : r.objectsExpected().entrySet()) {
                t.row(e.getKey(), e.getValue(), orDash(r.objectsRestored().get(e.getKey())));
            }
            t.print(out, "  ");
            out.println();
        }
        List<CheckResult> extra = r.checks().stream()
                .filter(c -> c.passed() && List.of("files", "archive", "critical", "checks", "rto").contains(c.group()))
                .toList();
        if (!extra.isEmpty()) {
            for (CheckResult c : extra) {
                out.println("  PASS  " + c.group() + ": " + c.name() + " (" + c.found() + ")");
            }
            out.println();
        }
        List<CheckResult> failures = r.failures();
        long rows = r.tables() == null ? 0 : r.tables().stream().mapToLong(TableEvidence::productionRows).sum();
        if (r.verified()) {
            out.println("VERIFIED: " + r.checks().size() + " checks passed; " + (r.tables() == null ? 0 : r.tables().size())
                    + " tables, " + rows + " rows " + (r.restore() != null
                    ? "restored and identical to the dump and to production's counts at the snapshot"
                    : "in the dump, matching production's counts at the snapshot (not restored: quick level)"));
        } else {
            out.println("FAILED: " + failures.size() + " of " + r.checks().size() + " checks failed");
            for (CheckResult c : failures) {
                out.println("  FAIL  " + c.group() + ": " + c.name());
                out.println("        expected " + c.expected() + ", found " + c.found());
                for (String line : Objects.requireNonNullElse(c.message(), "").split("\n")) {
                    out.println("        " + line);
                }
            }
            if (r.restore() != null && r.restore().serverLogTail() != null && !r.restore().serverLogTail().isBlank()) {
                out.println("  restore target's server log (last lines):");
                r.restore().serverLogTail().lines().forEach(l -> out.println("    " + l));
            }
        }
        out.flush();
    }

    private static String content(TableEvidence e, boolean restored) {
        if (e.dumpFingerprint() == null) return "unreadable";
        if (!restored) return "read";
        if (e.restoredFingerprint() == null) return "not compared";
        return e.dumpFingerprint().equals(e.restoredFingerprint()) ? "identical" : "DIFFERENT";
    }

    private static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
