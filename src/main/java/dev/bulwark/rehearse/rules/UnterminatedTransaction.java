package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;

record UnterminatedTransaction(String name, String fix) implements Rule {
    UnterminatedTransaction() {
        this("unterminated-transaction",
                "end the transaction with COMMIT");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        return Optional.empty();
    }

    @Override
    public Optional<String> atEndOfFile(RuleContext context) {
        if (!context.inTransaction()) return Optional.empty();
        return Optional.of("the file ends inside the transaction opened at line " + context.transactionStart().line()
                + ": the session ends, and everything since BEGIN is rolled back");
    }
}
