package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.AlterAction;

record DropColumn(String name, String fix) implements Rule {
    DropColumn() {
        this("drop-column",
                "deploy code that no longer reads or writes the column first, then drop it in a later migration");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        return Altered.describe(s, context, AlterAction.DropColumn.class,
                d -> "DROP COLUMN " + Altered.table(s) + "." + d.column(), "its values are deleted, and clients that use it fail");
    }
}
