package dev.bulwark.rehearse.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.AlterAction;
import dev.bulwark.rehearse.sql.AlterAction.ConstraintKind;

record UniqueAddedDirectly(String name, String fix) implements Rule {
    UniqueAddedDirectly() {
        this("unique-added-directly",
                "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE (or PRIMARY KEY) USING INDEX");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        List<String> found = new ArrayList<>();
        for (AlterAction.AddConstraint c : Altered.actions(s, context, AlterAction.AddConstraint.class)) {
            if ((c.kind() == ConstraintKind.UNIQUE || c.kind() == ConstraintKind.PRIMARY_KEY) && !c.usingIndex()) {
                found.add((c.kind() == ConstraintKind.UNIQUE ? "UNIQUE" : "PRIMARY KEY") + (c.name() == null ? "" : " " + c.name()));
            }
        }
        for (AlterAction.AddColumn c : Altered.actions(s, context, AlterAction.AddColumn.class)) {
            if (c.uniqueOrKey()) found.add("new column " + c.column() + " with UNIQUE or PRIMARY KEY");
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", found) + " on " + Altered.table(s)
                + " builds its index while an ACCESS EXCLUSIVE lock blocks reads and writes");
    }
}
