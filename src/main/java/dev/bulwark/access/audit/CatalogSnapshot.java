package dev.bulwark.access.audit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the audit needs from the catalogs, read in one read-only transaction so that every
 * rule sees the same moment.
 *
 * @param sessionUser    the role the audit connected as (the config's admin role)
 * @param grants         privileges of roles other than the owner on relations, columns, schemas,
 *                       databases, tablespaces, untrusted languages, foreign-data wrappers,
 *                       servers, large objects and the routines in {@code routines}
 * @param owned          objects outside the system schemas, with their owners
 * @param schemasWithData schemas that hold tables, materialized views or foreign tables
 * @param updatable      for views and foreign tables with grants: pg_relation_is_updatable's bit mask
 * @param serverSettings value of each audited setting for a session with no role or database settings
 */
record CatalogSnapshot(
        int major,
        String serverVersion,
        String database,
        long databaseOid,
        long databaseOwner,
        String sessionUser,
        Map<Long, Role> roles,
        List<Membership> memberships,
        List<Grant> grants,
        List<SecuredObject> owned,
        Set<String> schemasWithData,
        Map<Long, Integer> updatable,
        List<Routine> routines,
        List<DefaultGrant> defaultGrants,
        List<RoleSetting> roleSettings,
        Map<String, String> serverSettings) {

    Optional<Role> role(String name) {
        return roles.values().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    Role role(long oid) {
        return oid == Role.PUBLIC.oid() ? Role.PUBLIC : roles.get(oid);
    }

    String roleName(long oid) {
        Role r = role(oid);
        return r == null ? "role " + oid : r.name();
    }
}
