package dev.bulwark.rehearse.rules;

import java.util.List;
import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.Shape;

/** An UPDATE or DELETE without a WHERE of its own (also inside WITH), on a table the migration did not create. */
record WithoutWhere(String name, String fix, String verb, String consequence) implements Rule {

    static WithoutWhere delete() {
        return new WithoutWhere("delete-without-where", "add a WHERE clause; for a deliberate purge, delete in batches by key range",
                "delete", "it removes every row");
    }

    static WithoutWhere update() {
        return new WithoutWhere("update-without-where",
                "add a WHERE clause; backfill large tables in batches by key range, each in its own transaction", "update",
                "it rewrites every row");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        if (!(s.shape() instanceof Shape.Modify modify)) return Optional.empty();
        List<String> tables = modify.changes().stream()
                .filter(c -> c.verb().equals(verb) && !c.hasWhere() && !context.createdHere(c.table()))
                .map(c -> c.table() == null ? "?" : c.table().toString()).toList();
        if (tables.isEmpty()) return Optional.empty();
        return Optional.of((verb.equals("delete") ? "DELETE FROM " : "UPDATE ") + String.join(", ", tables)
                + " has no WHERE clause: " + consequence);
    }
}
