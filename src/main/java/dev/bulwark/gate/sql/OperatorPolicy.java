package dev.bulwark.gate.sql;

import java.util.Optional;
import java.util.Set;

/**
 * Operators are functions too ({@code CREATE OPERATOR} can bind a symbol to any function), so a read
 * may use only the spellings of built-in operators, unqualified or as {@code OPERATOR(pg_catalog.op)}
 * (psql writes {@code OPERATOR(pg_catalog.~)}). As with functions, a user overload of a built-in
 * symbol for user types is out of reach here and left to the read-only upstream role.
 */
final class OperatorPolicy {
    private OperatorPolicy() {
    }

    private static final Set<String> BUILTIN = Set.of(
            "+", "-", "*", "/", "%", "^", "=", "<", ">", "<=", ">=", "<>", "||", "|/", "||/", "@", "&", "|", "#", "~",
            "<<", ">>", "~~", "~~*", "!~~", "!~~*", "~*", "!~", "!~*", "~=", "@>", "<@", "&&", "->", "->>", "#>", "#>>",
            "?", "?|", "?&", "@?", "@@", "@@@", "<->", "<<|", "|>>", "&<", "&>", "&<|", "|&>", "<^", ">^", "?#", "?-",
            "?-|", "?||", "<<=", ">>=", "-|-", "##", "^@", "#-", "=>", "*=", "*<>", "*<", "*>", "*<=", "*>=", "<#>",
            "<<->>", "<=>", "!!", "!");

    static Optional<String> check(String schema, String op) {
        if (schema != null && !schema.equals("pg_catalog")) {
            return Optional.of("cannot prove operator " + schema + "." + op + " does not write (only built-in operators are allowed)");
        }
        if (!BUILTIN.contains(op)) {
            return Optional.of("cannot prove operator " + op + " does not write (not a built-in operator)");
        }
        return Optional.empty();
    }
}
