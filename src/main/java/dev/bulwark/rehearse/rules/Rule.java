package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;

/** A static check on migration SQL: a name to cite, a one-line fix, and what it says about a statement. */
public interface Rule {
    String name();

    /** What to write instead, in one line. */
    String fix();

    /** The problem this statement has under the rule, in one line, or empty. */
    Optional<String> check(ScriptStatement statement, RuleContext context);

    /** A problem the file as a whole has once its last statement is read, or empty. */
    default Optional<String> atEndOfFile(RuleContext context) {
        return Optional.empty();
    }

    /** Whether one finding per file says it all (the rule would fire on every later statement too). */
    default boolean oncePerFile() {
        return false;
    }
}
