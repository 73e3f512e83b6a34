package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.AlterAction;

record SetNotNull(String name, String fix) implements Rule {
    SetNotNull() {
        this("set-not-null",
                "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT c, then SET NOT NULL (no scan since PostgreSQL 12)");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        return Altered.describe(s, context, AlterAction.SetNotNull.class, n -> "SET NOT NULL on " + Altered.table(s) + "." + n.column(),
                "the whole table is scanned while an ACCESS EXCLUSIVE lock blocks reads and writes");
    }
}
