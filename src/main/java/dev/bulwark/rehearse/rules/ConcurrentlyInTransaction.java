package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.Shape;

record ConcurrentlyInTransaction(String name, String fix) implements Rule {
    ConcurrentlyInTransaction() {
        this("concurrently-in-transaction",
                "move the statement out of BEGIN ... COMMIT to run on its own (with Flyway: a migration of its own)");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        if (!context.inTransaction()) return Optional.empty();
        String what = switch (s.shape()) {
            case Shape.CreateIndex c when c.concurrently() -> "CREATE INDEX CONCURRENTLY";
            case Shape.Drop d when d.concurrently() -> "DROP INDEX CONCURRENTLY";
            case Shape.Reindex r when r.concurrently() -> "REINDEX CONCURRENTLY";
            default -> null;
        };
        return what == null ? Optional.empty() : Optional.of(what + " cannot run inside the transaction block opened at line "
                + context.transactionStart().line() + ": PostgreSQL rejects it");
    }
}
