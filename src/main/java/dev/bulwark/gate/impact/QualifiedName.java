package dev.bulwark.gate.impact;

import java.util.List;
import java.util.stream.Collectors;

import dev.bulwark.postgres.Identifiers;

/** A relation name as written in the statement, already folded (unquoted parts lowercased) by the lexer. */
record QualifiedName(List<String> parts) {
    QualifiedName {
        parts = List.copyOf(parts);
    }

    static QualifiedName of(String... parts) {
        return new QualifiedName(List.of(parts));
    }

    /** Text for {@code to_regclass}: every part quoted, so case and odd characters survive as written. */
    String regclassText() {
        return parts.stream().map(Identifiers::quote).collect(Collectors.joining("."));
    }

    @Override
    public String toString() {
        return String.join(".", parts);
    }
}
