package dev.bulwark.access.audit;

import dev.bulwark.postgres.Identifiers;

/** A role as pg_roles shows it, or the pseudo-role PUBLIC (oid 0) that every role belongs to. */
record Role(long oid, String name, boolean superuser, boolean inherit, boolean createRole, boolean createDb, boolean login,
            boolean replication, boolean bypassRls, int connectionLimit) {

    static final Role PUBLIC = new Role(0, "PUBLIC", false, true, false, false, false, false, false, -1);

    /** Roles created by initdb have oids below this; predefined roles live among them. */
    private static final long FIRST_NORMAL_OBJECT_ID = 16384;

    boolean isPublic() {
        return oid == 0;
    }

    boolean predefined() {
        return oid < FIRST_NORMAL_OBJECT_ID && name.startsWith("pg_");
    }

    /** The role as SQL writes it: PUBLIC is a keyword, every other name is quoted. */
    String sql() {
        return isPublic() ? "PUBLIC" : Identifiers.quote(name);
    }
}
