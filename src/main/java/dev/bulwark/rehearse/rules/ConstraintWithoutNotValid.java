package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.AlterAction;
import dev.bulwark.rehearse.sql.AlterAction.ConstraintKind;

record ConstraintWithoutNotValid(String name, String fix) implements Rule {
    ConstraintWithoutNotValid() {
        this("constraint-without-not-valid",
                "add it NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT in a separate transaction (a lock that lets writes through)");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        var found = Altered.actions(s, context, AlterAction.AddConstraint.class).stream()
                .filter(c -> (c.kind() == ConstraintKind.CHECK || c.kind() == ConstraintKind.FOREIGN_KEY) && !c.notValid()).toList();
        if (found.isEmpty()) return Optional.empty();
        boolean foreign = found.stream().anyMatch(c -> c.kind() == ConstraintKind.FOREIGN_KEY);
        return Optional.of("new " + String.join(", ", found.stream().map(c -> (c.kind() == ConstraintKind.CHECK ? "CHECK" : "FOREIGN KEY")
                + (c.name() == null ? "" : " " + c.name())).toList()) + " on " + Altered.table(s)
                + " without NOT VALID checks every row while writes to the table" + (foreign ? " and the referenced table" : "")
                + " wait");
    }
}
