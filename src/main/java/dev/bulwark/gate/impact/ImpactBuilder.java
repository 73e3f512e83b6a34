package dev.bulwark.gate.impact;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects what the previews of a query string's statements find. Flags are de-duplicated (two
 * statements without WHERE make one "no WHERE clause"); notes and errors name their statement when
 * the string holds more than one.
 */
final class ImpactBuilder {
    private final List<TableImpact> tables = new ArrayList<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private String prefix = "";

    /** Sets the "statement N: " prefix for what follows; empty for a single statement. */
    void statement(int index, int count) {
        prefix = count > 1 ? "statement " + (index + 1) + ": " : "";
    }

    void table(TableImpact t) {
        tables.add(t);
    }

    void flag(String flag) {
        flags.add(flag);
    }

    void note(String note) {
        notes.add(prefix + note);
    }

    void error(String error) {
        errors.add(prefix + error);
    }

    Impact build() {
        return new Impact(tables, List.copyOf(flags), notes, errors.isEmpty() ? null : String.join("; ", errors));
    }
}
