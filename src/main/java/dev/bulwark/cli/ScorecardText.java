package dev.bulwark.cli;

import java.io.PrintWriter;
import java.util.List;

import dev.bulwark.pitr.CheckLine;

/** Scorecard lines as text: status, name and evidence, then the fix indented below a line that did not pass. */
final class ScorecardText {
    private ScorecardText() {}

    static void print(List<CheckLine> lines, PrintWriter out) {
        int width = lines.stream().mapToInt(l -> l.name().length()).max().orElse(10);
        for (CheckLine line : lines) {
            out.printf("  %-4s  %-" + width + "s  %s%n", line.status(), line.name(), line.evidence());
            if (line.fix() != null && line.status() != CheckLine.Status.PASS) {
                out.printf("        %-" + width + "s  fix: %s%n", "", line.fix());
            }
        }
    }
}
