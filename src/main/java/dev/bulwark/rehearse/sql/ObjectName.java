package dev.bulwark.rehearse.sql;

import java.util.List;
import java.util.stream.Collectors;

import dev.bulwark.postgres.Identifiers;

/** A possibly qualified object name as written in a statement; unquoted parts are already folded to lower case. */
public record ObjectName(List<String> parts) {
    public ObjectName {
        parts = List.copyOf(parts);
    }

    public static ObjectName of(String... parts) {
        return new ObjectName(List.of(parts));
    }

    /** The object's own name, without schema. */
    public String last() {
        return parts.get(parts.size() - 1);
    }

    /** Whether both names can denote the same object: equal last parts, and equal schemas where both give one. */
    public boolean sameAs(ObjectName other) {
        if (!last().equals(other.last())) return false;
        return parts.size() < 2 || other.parts.size() < 2
                || parts.get(parts.size() - 2).equals(other.parts.get(other.parts.size() - 2));
    }

    /** Text for {@code to_regclass}: every part quoted, so case and odd characters survive as written. */
    public String regclassText() {
        return parts.stream().map(Identifiers::quote).collect(Collectors.joining("."));
    }

    @Override
    public String toString() {
        return String.join(".", parts);
    }
}
