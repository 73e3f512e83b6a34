package dev.bulwark.rehearse.rules;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.AlterAction;
import dev.bulwark.rehearse.sql.Shape;

/** Renames of what clients name in their queries; index, constraint and trigger names are nobody's API. */
record Rename(String name, String fix) implements Rule {
    Rename() {
        this("rename",
                "add the new name next to the old one (a view, or a column kept in sync), move every client, drop the old name later");
    }

    private static final Set<String> CLIENT_VISIBLE = Set.of("view", "materialized view", "schema", "function", "procedure",
            "type", "sequence", "domain");

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        if (s.shape() instanceof Shape.Rename r && CLIENT_VISIBLE.contains(r.objectType())) {
            return Optional.of("renames " + r.objectType() + " " + r.name() + ": clients that use the old name fail as soon as it runs");
        }
        List<String> renames = Altered.actions(s, context, AlterAction.Rename.class).stream()
                .map(r -> r.column() == null ? "table " + Altered.table(s) + " to " + r.to()
                        : "column " + Altered.table(s) + "." + r.column() + " to " + r.to()).toList();
        return renames.isEmpty() ? Optional.empty() : Optional.of("renames " + String.join(", ", renames)
                + ": clients that use the old name fail as soon as it runs");
    }
}
