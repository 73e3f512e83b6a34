package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.Shape;

record DropSchema(String name, String fix) implements Rule {
    DropSchema() {
        this("drop-schema",
                "drop the objects in it one by one, each reviewed; never DROP SCHEMA ... CASCADE in a migration");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        if (!(s.shape() instanceof Shape.Drop drop) || !drop.objectType().equals("schema")) return Optional.empty();
        return Optional.of("DROP SCHEMA " + String.join(", ", drop.names().stream().map(Object::toString).toList())
                + (drop.cascade() ? " CASCADE drops every table, view and function in it, with their data"
                        : " drops the schema (it fails if anything is still in it)"));
    }
}
