package dev.bulwark.rehearse.rules;

import java.util.List;
import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.ObjectName;
import dev.bulwark.rehearse.sql.Shape;

/**
 * A statement that needs a lock which blocks writes waits for it as long as it takes; meanwhile every
 * query on the table queues behind the waiting statement. lock_timeout makes the migration give up
 * instead. Reported once per file, at the first such statement.
 */
record MissingLockTimeout(String name, String fix) implements Rule {
    MissingLockTimeout() {
        this("missing-lock-timeout",
                "start the migration with SET lock_timeout = '5s' (retry on timeout), so a blocked migration fails instead of blocking production");
    }

    @Override
    public boolean oncePerFile() {
        return true;
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        if (context.lockTimeoutSet()) return Optional.empty();
        List<ObjectName> tables = switch (s.shape()) {
            case Shape.AlterTable a -> List.of(a.table());
            case Shape.Drop d when (d.objectType().equals("table") || d.objectType().equals("index")) && !d.concurrently() ->
                    d.names().stream().filter(n -> !context.indexCreatedHere(n)).toList();
            case Shape.Truncate t -> t.tables();
            case Shape.CreateIndex c when !c.concurrently() -> List.of(c.table());
            case Shape.Rewrite r -> r.tables().isEmpty() ? List.of(ObjectName.of("*")) : r.tables();
            case Shape.Lock l -> l.tables();
            default -> List.of();
        };
        List<String> existing = tables.stream().filter(t -> !context.createdHere(t)).map(Object::toString).toList();
        if (existing.isEmpty()) return Optional.empty();
        return Optional.of(s.words().verb(2) + " on " + String.join(", ", existing) + " waits for its lock without a lock_timeout: "
                + "behind one long query it stalls every other query on the table");
    }
}
