package dev.bulwark.access.audit;

import java.util.List;
import java.util.Locale;

import dev.bulwark.postgres.Identifiers;

/**
 * The value a setting has when a role logs in to the audited database, and where it comes from:
 * settings for the role in this database win over the role's own, then the database's, then those
 * for all roles, then the server's configuration (the order PostgreSQL applies them in).
 */
record EffectiveSetting(String name, String value, Source source) {

    enum Source { DATABASE_ROLE, ROLE, DATABASE, ALL_ROLES, SERVER }

    static EffectiveSetting of(CatalogSnapshot catalog, Role role, String name) {
        long db = catalog.databaseOid();
        record Layer(long database, long role, Source source) {}
        for (Layer layer : List.of(new Layer(db, role.oid(), Source.DATABASE_ROLE), new Layer(0, role.oid(), Source.ROLE),
                new Layer(db, 0, Source.DATABASE), new Layer(0, 0, Source.ALL_ROLES))) {
            for (RoleSetting s : catalog.roleSettings()) {
                if (s.database() == layer.database() && s.role() == layer.role() && s.name().equalsIgnoreCase(name)) {
                    return new EffectiveSetting(name, s.value(), layer.source());
                }
            }
        }
        return new EffectiveSetting(name, catalog.serverSettings().getOrDefault(name, ""), Source.SERVER);
    }

    boolean on() {
        return List.of("on", "true", "yes", "1", "t", "y").contains(unquoted().toLowerCase(Locale.ROOT));
    }

    /** A timeout of 0 (in any unit) is no timeout. */
    boolean zero() {
        return unquoted().matches("(?i)\\s*0+\\s*(us|ms|s|min|h|d)?\\s*") || unquoted().isBlank();
    }

    String describe() {
        String where = switch (source) {
            case DATABASE_ROLE -> "set for the role in this database";
            case ROLE -> "set for the role";
            case DATABASE -> "set for the database";
            case ALL_ROLES -> "set for all roles";
            case SERVER -> "server setting";
        };
        return name + " = " + (unquoted().isBlank() ? "(unset)" : unquoted()) + " (" + where + ")";
    }

    /** The statement that makes the role's sessions start with {@code value}, where it takes precedence. */
    String fixFor(Role role, String database, String value) {
        String in = source == Source.DATABASE_ROLE ? " IN DATABASE " + Identifiers.quote(database) : "";
        return "ALTER ROLE " + role.sql() + in + " SET " + name + " = " + value + ";";
    }

    private String unquoted() {
        return value.replaceAll("^[\"']|[\"']$", "");
    }
}
