package dev.bulwark.access.audit;

import java.util.Set;

/** What one privilege on one kind of object lets its holder do, and how bad that is; null when nothing. */
record PrivilegeRisk(Severity severity, boolean writePath, String effect) {

    private static final Set<String> ROW_WRITES = Set.of("INSERT", "UPDATE", "DELETE");

    static PrivilegeRisk of(CatalogSnapshot catalog, SecuredObject object, String privilege) {
        return switch (object.type()) {
            case TABLE, PARTITIONED_TABLE -> relation(privilege);
            case VIEW -> writableOrLatent(catalog, object, privilege, "once the view becomes updatable");
            case FOREIGN_TABLE -> writableOrLatent(catalog, object, privilege, "once its foreign-data wrapper takes writes");
            case MATERIALIZED_VIEW -> "MAINTAIN".equals(privilege)
                    ? new PrivilegeRisk(Severity.MEDIUM, true, "refresh, vacuum or lock it")
                    : relation(privilege) == null ? null
                    : new PrivilegeRisk(Severity.LOW, false, "nothing today (a materialized view cannot be written); revoke it for clarity");
            case SEQUENCE -> switch (privilege) {
                case "UPDATE" -> new PrivilegeRisk(Severity.HIGH, true, "move it with setval and nextval");
                case "USAGE" -> new PrivilegeRisk(Severity.MEDIUM, true, "consume its values with nextval");
                default -> null;
            };
            case LARGE_OBJECT -> "UPDATE".equals(privilege) ? new PrivilegeRisk(Severity.HIGH, true, "overwrite or truncate it") : null;
            case SCHEMA -> "CREATE".equals(privilege) ? new PrivilegeRisk(Severity.HIGH, true,
                    "create tables, functions and operators in it, including ones that shadow others on the search_path") : null;
            case DATABASE -> switch (privilege) {
                case "CREATE" -> new PrivilegeRisk(Severity.HIGH, true, "create schemas (and then anything in them)");
                case "TEMPORARY" -> object.oid() == catalog.databaseOid()
                        ? new PrivilegeRisk(Severity.LOW, false, "create temporary tables (gone at the end of the session)") : null;
                default -> null;
            };
            case TABLESPACE -> "CREATE".equals(privilege)
                    ? new PrivilegeRisk(Severity.MEDIUM, true, "place tables and indexes on it, and fill its disk") : null;
            case LANGUAGE -> "USAGE".equals(privilege) ? new PrivilegeRisk(Severity.CRITICAL, true,
                    "write functions in an untrusted language marked trusted, which run as the server's operating-system user") : null;
            case FOREIGN_DATA_WRAPPER -> "USAGE".equals(privilege)
                    ? new PrivilegeRisk(Severity.MEDIUM, true, "create foreign servers that reach other databases and files") : null;
            case FOREIGN_SERVER -> "USAGE".equals(privilege) ? new PrivilegeRisk(Severity.MEDIUM, true,
                    "create user mappings and foreign tables on it, and write through them") : null;
            case FUNCTION, PROCEDURE, TYPE, DOMAIN -> null;
        };
    }

    private static PrivilegeRisk relation(String privilege) {
        return switch (privilege) {
            case "INSERT" -> new PrivilegeRisk(Severity.HIGH, true, "add rows");
            case "UPDATE" -> new PrivilegeRisk(Severity.HIGH, true, "change rows");
            case "DELETE" -> new PrivilegeRisk(Severity.HIGH, true, "delete rows");
            case "TRUNCATE" -> new PrivilegeRisk(Severity.HIGH, true, "empty it");
            case "TRIGGER" -> new PrivilegeRisk(Severity.HIGH, true, "attach triggers whose code runs for whoever writes it");
            case "REFERENCES" -> new PrivilegeRisk(Severity.MEDIUM, true, "reference it from foreign keys that block its deletes");
            case "MAINTAIN" -> new PrivilegeRisk(Severity.MEDIUM, true, "vacuum, cluster, reindex or lock it");
            default -> null;
        };
    }

    /**
     * A view takes writes only when it is auto-updatable or has INSTEAD OF triggers or rules for them,
     * a foreign table only when its wrapper supports them; a grant that cannot work yet is a latent path.
     */
    private static PrivilegeRisk writableOrLatent(CatalogSnapshot catalog, SecuredObject view, String privilege, String latent) {
        PrivilegeRisk risk = relation(privilege);
        if (risk == null || !ROW_WRITES.contains(privilege)) return risk;
        int bit = switch (privilege) {
            case "UPDATE" -> 4;
            case "INSERT" -> 8;
            default -> 16;
        };
        boolean writable = (catalog.updatable().getOrDefault(view.oid(), 0) & bit) != 0;
        return writable ? risk : new PrivilegeRisk(Severity.MEDIUM, true, risk.effect() + " " + latent);
    }
}
