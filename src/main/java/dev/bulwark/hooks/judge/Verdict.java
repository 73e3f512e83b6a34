package dev.bulwark.hooks.judge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The judgement of a command line: the decision, why, and the configured production database it
 * concerns (null when none), which the audit log records.
 */
public record Verdict(Decision decision, String reason, String database) {
    private static final int MAX_REASONS = 3;

    public static Verdict allow(String reason) {
        return new Verdict(Decision.ALLOW, reason, null);
    }

    public static Verdict ask(String reason) {
        return new Verdict(Decision.ASK, reason, null);
    }

    public static Verdict deny(String reason) {
        return new Verdict(Decision.DENY, reason, null);
    }

    public Verdict concerning(String databaseName) {
        return new Verdict(decision, reason, databaseName);
    }

    public boolean allowed() {
        return decision == Decision.ALLOW;
    }

    /**
     * Folds the findings of every command on a line: the most severe decision wins, with the reasons of
     * that severity (distinct, the first few) so that the agent learns everything it must not do at once.
     */
    public static Verdict combine(List<Verdict> findings, String allowReason) {
        Decision worst = Decision.ALLOW;
        for (Verdict v : findings) {
            if (v.decision().compareTo(worst) > 0) worst = v.decision();
        }
        if (worst == Decision.ALLOW) return allow(allowReason);
        Set<String> reasons = new LinkedHashSet<>();
        String database = null;
        for (Verdict v : findings) {
            if (v.decision() != worst) continue;
            reasons.add(v.reason());
            if (database == null) database = v.database();
        }
        List<String> shown = new ArrayList<>(reasons);
        String text = String.join("; ", shown.subList(0, Math.min(MAX_REASONS, shown.size())));
        if (shown.size() > MAX_REASONS) text += "; and " + (shown.size() - MAX_REASONS) + " more";
        return new Verdict(worst, text, database);
    }
}
