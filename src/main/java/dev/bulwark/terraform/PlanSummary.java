package dev.bulwark.terraform;

import java.util.ArrayList;
import java.util.List;

/**
 * A plan's destructive changes in words: one headline, then each change with its findings. This is
 * what an approver reads in {@code bulwark approvals show} and what {@code bulwark tf plan} prints.
 */
public final class PlanSummary {
    private PlanSummary() {}

    /** "destroys 2 resources (1 data-bearing), forgets 1", or "destroys nothing". */
    public static String headline(PlanAnalysis a) {
        List<String> parts = new ArrayList<>();
        if (a.deletions() > 0) {
            parts.add("destroys " + count(a.deletions(), "resource")
                    + (a.dataBearingDeletions() > 0 ? " (" + a.dataBearingDeletions() + " data-bearing)" : ""));
        }
        if (a.forgets() > 0) {
            parts.add("forgets " + a.forgets() + " (they leave Terraform's state, not the cloud)");
        }
        return parts.isEmpty() ? "destroys nothing" : String.join(", ", parts);
    }

    /** Every change, two-space indented findings under each. */
    public static List<String> lines(PlanAnalysis a) {
        List<String> out = new ArrayList<>();
        for (DestructiveChange c : a.changes()) {
            out.add(c.effect().label() + "  " + c.address() + (c.deposed() == null ? "" : " (deposed object " + c.deposed() + ")")
                    + (c.dataBearing() && c.destroys() ? "  [DATA-BEARING]" : ""));
            c.findings().stream().filter(f -> f.concern() != Concern.DATA_BEARING)
                    .forEach(f -> out.add("  - " + f.detail()));
        }
        return out;
    }

    /** The text stored with a change request: where the plan is, the headline, every change. */
    public static String text(String planFile, String workingDirectory, PlanAnalysis a) {
        List<String> out = new ArrayList<>();
        out.add("terraform plan " + planFile + " (in " + workingDirectory + ") " + headline(a) + ":");
        out.addAll(lines(a));
        return String.join("\n", out);
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
