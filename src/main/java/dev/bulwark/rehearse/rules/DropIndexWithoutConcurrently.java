package dev.bulwark.rehearse.rules;

import java.util.List;
import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.Shape;

record DropIndexWithoutConcurrently(String name, String fix) implements Rule {
    DropIndexWithoutConcurrently() {
        this("drop-index-without-concurrently",
                "DROP INDEX CONCURRENTLY, outside a transaction block");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        if (!(s.shape() instanceof Shape.Drop drop) || !drop.objectType().equals("index") || drop.concurrently()) {
            return Optional.empty();
        }
        List<String> existing = drop.names().stream().filter(n -> !context.indexCreatedHere(n)).map(Object::toString).toList();
        return existing.isEmpty() ? Optional.empty() : Optional.of("DROP INDEX " + String.join(", ", existing)
                + " without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table: reads and writes wait behind it");
    }
}
