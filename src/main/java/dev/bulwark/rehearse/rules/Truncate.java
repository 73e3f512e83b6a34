package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.Shape;

record Truncate(String name, String fix) implements Rule {
    Truncate() {
        this("truncate",
                "delete what must go with a WHERE clause, in batches; never TRUNCATE ... CASCADE in a migration");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        if (!(s.shape() instanceof Shape.Truncate t)) return Optional.empty();
        return Optional.of("TRUNCATE " + String.join(", ", t.tables().stream().map(Object::toString).toList())
                + " removes every row" + (t.cascade() ? ", and CASCADE empties every table that references it too" : ""));
    }
}
