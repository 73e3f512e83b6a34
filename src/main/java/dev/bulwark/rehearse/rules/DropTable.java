package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.Shape;

record DropTable(String name, String fix) implements Rule {
    DropTable() {
        this("drop-table",
                "stop using the table first; rename it (or move it to an archive schema) and drop it in a later release");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        if (!(s.shape() instanceof Shape.Drop drop) || !drop.objectType().equals("table")) return Optional.empty();
        var existing = drop.names().stream().filter(n -> !context.createdHere(n)).map(Object::toString).toList();
        if (existing.isEmpty()) return Optional.empty();
        return Optional.of("DROP TABLE " + String.join(", ", existing) + " deletes the table" + (existing.size() > 1 ? "s" : "")
                + " with every row" + (drop.cascade() ? ", and CASCADE drops whatever depends on it" : ""));
    }
}
