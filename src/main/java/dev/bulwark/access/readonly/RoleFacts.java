package dev.bulwark.access.readonly;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the catalog says, read once before planning: the server and the role Bulwark acts as, the
 * role (if it exists) with everything that lets it write today, the chosen schemas with every role
 * that creates objects there, and what PUBLIC holds that any role, this one included, could use.
 */
record RoleFacts(
        Server server,
        String role,
        ExistingRole existing,
        List<String> schemas,
        List<String> ownedObjects,
        Map<String, Integer> ownedInOtherDatabases,
        List<Membership> memberships,
        List<WriteGrant> writeGrants,
        List<DefaultWriteGrant> defaultWriteGrants,
        List<SettingOverride> settingOverrides,
        List<ProofPlan.Creator> creators,
        List<String> publicSecurityDefiners,
        List<ProofPlan.SchemaSamples> samples) {

    RoleFacts {
        schemas = List.copyOf(schemas);
        ownedObjects = List.copyOf(ownedObjects);
        ownedInOtherDatabases = Map.copyOf(ownedInOtherDatabases);
        memberships = List.copyOf(memberships);
        writeGrants = List.copyOf(writeGrants);
        defaultWriteGrants = List.copyOf(defaultWriteGrants);
        settingOverrides = List.copyOf(settingOverrides);
        creators = List.copyOf(creators);
        publicSecurityDefiners = List.copyOf(publicSecurityDefiners);
        samples = List.copyOf(samples);
    }

    boolean newRole() {
        return existing == null;
    }

    List<WriteGrant> grantsToRole() {
        return writeGrants.stream().filter(g -> !g.toPublic()).toList();
    }

    List<WriteGrant> grantsToPublic() {
        return writeGrants.stream().filter(WriteGrant::toPublic).toList();
    }

    /** The server, the database and the role the plan runs as (the config's admin role). */
    record Server(String database, String adminRole, boolean adminIsSuperuser, int versionNum) {
        int major() {
            return versionNum / 10000;
        }
    }

    /** An existing role's attributes; the bootstrap superuser (oid 10) can never lose SUPERUSER. */
    record ExistingRole(long oid, boolean superuser, boolean createdb, boolean createrole, boolean replication,
                        boolean bypassrls, boolean canLogin, int connectionLimit) {
        boolean bootstrapSuperuser() {
            return oid == 10;
        }

        List<String> specialAttributes() {
            List<String> out = new ArrayList<>();
            if (superuser) out.add("SUPERUSER");
            if (createdb) out.add("CREATEDB");
            if (createrole) out.add("CREATEROLE");
            if (replication) out.add("REPLICATION");
            if (bypassrls) out.add("BYPASSRLS");
            return out;
        }
    }

    /** The role is a member of {@code role}; {@code grantor} made it one (PostgreSQL 16 keeps one grant per grantor). */
    record Membership(String role, String grantor) {}

    /**
     * Write privileges the role (or PUBLIC) holds on one object, as granted by one grantor. Column
     * privileges are folded in: a table-level REVOKE takes the column privileges with it.
     *
     * @param objectType TABLE, SEQUENCE, SCHEMA or DATABASE, as GRANT and REVOKE spell it
     * @param objectSql  the object's name, quoted for SQL
     * @param display    the object's name for people
     */
    record WriteGrant(String objectType, String objectSql, String display, boolean toPublic, String grantor,
                      boolean grantorIsOwner, List<String> privileges) {
        WriteGrant {
            privileges = List.copyOf(privileges);
        }
    }

    /**
     * Default privileges a creator set up that hand write privileges to the role (or PUBLIC) on
     * objects it creates later: in one schema, or everywhere when {@code schema} is null.
     *
     * @param objectType 'r' tables, 'S' sequences, 'n' schemas (pg_default_acl.defaclobjtype)
     */
    record DefaultWriteGrant(String creator, String schema, char objectType, boolean toPublic, List<String> privileges) {
        DefaultWriteGrant {
            privileges = List.copyOf(privileges);
        }
    }

    /** An ALTER ROLE ... IN DATABASE setting that would beat the role-wide one we set. */
    record SettingOverride(String database, String setting) {}
}
