package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.Shape;

record IndexWithoutConcurrently(String name, String fix) implements Rule {
    IndexWithoutConcurrently() {
        this("index-without-concurrently",
                "CREATE INDEX CONCURRENTLY, outside a transaction block, and check afterwards that the index is valid");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        if (!(s.shape() instanceof Shape.CreateIndex index) || index.concurrently() || context.createdHere(index.table())) {
            return Optional.empty();
        }
        return Optional.of("CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX on " + index.table()
                + " without CONCURRENTLY blocks every write to the table until the index is built");
    }
}
