package dev.bulwark.rehearse.rules;

import java.util.List;
import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.AlterAction;

record NotNullColumnWithoutDefault(String name, String fix) implements Rule {
    NotNullColumnWithoutDefault() {
        this("not-null-column-without-default",
                "add the column nullable (or with a constant DEFAULT), backfill it, then add NOT NULL");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        List<String> columns = Altered.actions(s, context, AlterAction.AddColumn.class).stream()
                .filter(a -> a.notNull() && a.defaultWords() == null && !a.generated())
                .map(a -> Altered.table(s) + "." + a.column()).toList();
        return columns.isEmpty() ? Optional.empty() : Optional.of("new NOT NULL column " + String.join(", ", columns)
                + " has no DEFAULT: adding it fails as soon as the table has a row");
    }
}
