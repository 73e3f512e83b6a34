package dev.bulwark.access.readonly;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.bulwark.BulwarkException;

/** Which schemas the role reads: the ones asked for, each checked against the database, or every non-system one. */
final class SchemaSelection {
    private SchemaSelection() {}

    static boolean isSystem(String schema) {
        return schema.equals("pg_catalog") || schema.equals("information_schema") || schema.startsWith("pg_toast")
                || schema.startsWith("pg_temp");
    }

    /** The chosen schemas in the database's order; a name that is not there is a usage error that lists what is. */
    static List<String> resolve(List<String> requested, List<String> userSchemas, String database) {
        if (requested.isEmpty()) {
            if (userSchemas.isEmpty()) {
                throw BulwarkException.usage("database '" + database + "' has no schema besides the system ones; nothing to read");
            }
            return userSchemas;
        }
        Set<String> asked = new LinkedHashSet<>();
        for (String name : requested) {
            if (isSystem(name)) {
                throw BulwarkException.usage("'" + name + "' is a system schema; every role reads the catalogs already, "
                        + "choose among " + String.join(", ", userSchemas));
            }
            if (!userSchemas.contains(name)) {
                throw BulwarkException.usage("no schema '" + name + "' in database '" + database + "' (names are case-sensitive); "
                        + "its schemas: " + (userSchemas.isEmpty() ? "none" : String.join(", ", userSchemas)));
            }
            asked.add(name);
        }
        List<String> out = new ArrayList<>();
        for (String s : userSchemas) if (asked.contains(s)) out.add(s);
        return out;
    }
}
