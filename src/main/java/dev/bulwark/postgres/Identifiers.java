package dev.bulwark.postgres;

/** Quoting of SQL identifiers and literals for the few statements Bulwark composes itself. */
public final class Identifiers {
    private Identifiers() {}

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code "schema"."table"} from its two parts. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }
}
