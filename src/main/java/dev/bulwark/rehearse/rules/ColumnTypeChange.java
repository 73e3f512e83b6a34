package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.AlterAction;

record ColumnTypeChange(String name, String fix) implements Rule {
    ColumnTypeChange() {
        this("column-type-change",
                "add a column of the new type, backfill it in batches, switch the code over, then drop the old column");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        return Altered.describe(s, context, AlterAction.ColumnType.class,
                c -> Altered.table(s) + "." + c.column() + " becomes " + c.type(),
                "unless the new type is binary-compatible, the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock, "
                        + "and values may not survive the conversion");
    }
}
