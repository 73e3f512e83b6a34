package dev.bulwark.access.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads roles, memberships, ACLs, owners, default privileges and settings from the catalogs. It
 * only queries (the caller holds a read-only transaction) and asks only what any role may read.
 */
final class CatalogReader {
    private static final String RELKINDS = "('r', 'p', 'v', 'm', 'f', 'S')";
    /**
     * The server refuses writes to system catalogs to every non-superuser whatever their ACL says,
     * and the one pg_catalog view PUBLIC may update (pg_settings) only runs SET: grants there are not
     * write paths.
     */
    private static final String GRANTABLE_RELATION = "c.relkind IN " + RELKINDS + " AND c.relpersistence <> 't' "
            + "AND n.nspname <> 'pg_catalog'";
    private static final String RELATION_TYPE = "CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED_TABLE' "
            + "WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED_VIEW' WHEN 'f' THEN 'FOREIGN_TABLE' ELSE 'SEQUENCE' END";
    private static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";
    private static final String ACL_COLUMNS = "a.grantee, a.grantor, a.privilege_type, a.is_grantable";

    /** Columns of GRANTS and OWNED: type, oid, schema, name, arguments, owner (then the ACL entry and column). */
    private static final String GRANTS = String.join(" UNION ALL ",
            "SELECT " + RELATION_TYPE + ", c.oid, n.nspname, c.relname, NULL, c.relowner, " + ACL_COLUMNS + ", NULL "
                    + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN LATERAL aclexplode(c.relacl) a "
                    + "WHERE " + GRANTABLE_RELATION + " AND a.grantee <> c.relowner",
            "SELECT " + RELATION_TYPE + ", c.oid, n.nspname, c.relname, NULL, c.relowner, " + ACL_COLUMNS + ", att.attname "
                    + "FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "CROSS JOIN LATERAL aclexplode(att.attacl) a WHERE att.attnum > 0 AND NOT att.attisdropped "
                    + "AND " + GRANTABLE_RELATION + " AND a.grantee <> c.relowner",
            aclOf("SCHEMA", "n.oid", "n.nspname", "n.nspowner", "n.nspacl", 'n', "pg_namespace n",
                    "n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'"),
            aclOf("DATABASE", "d.oid", "d.datname", "d.datdba", "d.datacl", 'd', "pg_database d", "d.datallowconn"),
            aclOf("TABLESPACE", "t.oid", "t.spcname", "t.spcowner", "t.spcacl", 't', "pg_tablespace t", "true"),
            // The server lets only superusers use an untrusted language, whatever its ACL; the known hole is
            // one (plpython3u, plperlu...) flagged trusted by a catalog update, usable by PUBLIC by default.
            aclOf("LANGUAGE", "l.oid", "l.lanname", "l.lanowner", "l.lanacl", 'l', "pg_language l",
                    "l.lanpltrusted AND l.lanname ~ '^pl.*u$'"),
            aclOf("FOREIGN_DATA_WRAPPER", "w.oid", "w.fdwname", "w.fdwowner", "w.fdwacl", 'F', "pg_foreign_data_wrapper w", "true"),
            aclOf("FOREIGN_SERVER", "s.oid", "s.srvname", "s.srvowner", "s.srvacl", 'S', "pg_foreign_server s", "true"),
            aclOf("LARGE_OBJECT", "m.oid", "m.oid::text", "m.lomowner", "m.lomacl", 'L', "pg_largeobject_metadata m", "true"));

    private static final String OWNED = String.join(" UNION ALL ",
            "SELECT " + RELATION_TYPE + ", c.oid, n.nspname, c.relname, NULL, c.relowner FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN " + RELKINDS + " AND c.relpersistence <> 't' AND "
                    + USER_SCHEMA
                    // A sequence that belongs to a column (serial, identity) changes owner with its table.
                    + " AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
                    + "AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))",
            "SELECT 'SCHEMA', n.oid, NULL, n.nspname, NULL, n.nspowner FROM pg_namespace n WHERE " + USER_SCHEMA,
            "SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.oid, n.nspname, p.proname, "
                    + "oidvectortypes(p.proargtypes), p.proowner FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    + "WHERE p.prokind IN ('f', 'p') AND " + USER_SCHEMA,
            "SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid, n.nspname, t.typname, NULL, t.typowner "
                    + "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " + USER_SCHEMA + " AND (t.typtype IN "
                    + "('d', 'e', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))",
            "SELECT 'DATABASE', d.oid, NULL, d.datname, NULL, d.datdba FROM pg_database d",
            "SELECT 'TABLESPACE', t.oid, NULL, t.spcname, NULL, t.spcowner FROM pg_tablespace t",
            "SELECT 'FOREIGN_DATA_WRAPPER', w.oid, NULL, w.fdwname, NULL, w.fdwowner FROM pg_foreign_data_wrapper w",
            "SELECT 'FOREIGN_SERVER', s.oid, NULL, s.srvname, NULL, s.srvowner FROM pg_foreign_server s",
            "SELECT 'LARGE_OBJECT', m.oid, NULL, m.oid::text, NULL, m.lomowner FROM pg_largeobject_metadata m");

    private static final String ROUTINES = "SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.oid, n.nspname, "
            + "p.proname, oidvectortypes(p.proargtypes), p.proowner, " + ACL_COLUMNS + ", p.prosecdef, e.extname, "
            + "n.nspname IN ('pg_catalog', 'information_schema'), l.lanname IN ('sql', 'plpgsql') "
            + "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang "
            + "LEFT JOIN pg_depend dep ON dep.classid = 'pg_proc'::regclass AND dep.objid = p.oid AND dep.deptype = 'e' "
            + "LEFT JOIN pg_extension e ON e.oid = dep.refobjid "
            + "LEFT JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a "
            + "ON a.grantee <> p.proowner AND a.privilege_type = 'EXECUTE' "
            + "WHERE p.prokind IN ('f', 'p') AND ((p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema')) "
            + "OR (n.nspname = 'pg_catalog' AND (p.proname = ANY (?) OR p.proname LIKE ANY (?))) OR e.extname = ANY (?))";

    private static final String DEFAULT_GRANTS = "SELECT d.defaclrole, n.nspname, d.defaclobjtype::text, " + ACL_COLUMNS
            + " FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace "
            + "CROSS JOIN LATERAL aclexplode(d.defaclacl) a WHERE a.grantee <> d.defaclrole";

    private CatalogReader() {}

    private static String aclOf(String type, String oid, String name, String owner, String acl, char defaultKind, String from,
                                String where) {
        return "SELECT '" + type + "', " + oid + ", NULL, " + name + ", NULL, " + owner + ", " + ACL_COLUMNS + ", NULL FROM " + from
                + " CROSS JOIN LATERAL aclexplode(coalesce(" + acl + ", acldefault('" + defaultKind + "', " + owner + "))) a WHERE "
                + where + " AND a.grantee <> " + owner;
    }

    static CatalogSnapshot read(Connection c, List<String> settingNames) throws SQLException {
        Map<Long, Role> roles = new LinkedHashMap<>();
        query(c, "SELECT oid, rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, "
                + "rolbypassrls, rolconnlimit FROM pg_roles ORDER BY rolname", List.of(), rs -> roles.put(rs.getLong(1),
                new Role(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6),
                        rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9), rs.getInt(10))));
        Object[] db = new Object[6];
        query(c, "SELECT d.oid, d.datname, d.datdba, current_user, current_setting('server_version'), "
                + "current_setting('server_version_num')::int / 10000 FROM pg_database d WHERE d.datname = current_database()",
                List.of(), rs -> {
                    for (int i = 0; i < 6; i++) db[i] = rs.getObject(i + 1);
                });
        int major = (Integer) db[5];
        long databaseOid = (Long) db[0];
        long databaseOwner = (Long) db[2];

        List<Membership> memberships = new ArrayList<>();
        String options = major >= 16 ? "inherit_option, set_option" : "false, true";
        query(c, "SELECT roleid, member, grantor, admin_option, " + options + " FROM pg_auth_members", List.of(),
                rs -> memberships.add(new Membership(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4),
                        rs.getBoolean(5), rs.getBoolean(6), false)));
        roles.values().stream().filter(r -> r.name().equals("pg_database_owner") && r.predefined()).findFirst().ifPresent(
                owner -> memberships.add(new Membership(owner.oid(), databaseOwner, 0, false, true, false, true)));

        List<Grant> grants = new ArrayList<>();
        query(c, GRANTS, List.of(), rs -> grants.add(new Grant(object(rs), rs.getLong(7), rs.getLong(8), rs.getString(9),
                rs.getBoolean(10), rs.getString(11))));
        List<SecuredObject> owned = new ArrayList<>();
        query(c, OWNED, List.of(), rs -> owned.add(object(rs)));
        Set<String> schemasWithData = new HashSet<>();
        query(c, "SELECT DISTINCT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'p', 'm', 'f') AND c.relpersistence <> 't'", List.of(),
                rs -> schemasWithData.add(rs.getString(1)));
        Map<Long, Integer> updatable = new HashMap<>();
        query(c, "SELECT c.oid, pg_relation_is_updatable(c.oid::regclass, true) FROM pg_class c WHERE c.relkind IN ('v', 'f') "
                + "AND (c.relacl IS NOT NULL OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attacl IS NOT NULL))",
                List.of(), rs -> updatable.put(rs.getLong(1), rs.getInt(2)));

        Map<Long, Routine> routines = new LinkedHashMap<>();
        query(c, ROUTINES, List.of(textArray(c, RiskyFunctions.catalogNames()), textArray(c, RiskyFunctions.catalogPatterns()),
                textArray(c, RiskyFunctions.EXTENSIONS)), rs -> {
                    SecuredObject routine = object(rs);
                    routines.putIfAbsent(routine.oid(), new Routine(routine, rs.getBoolean(11), rs.getString(12), rs.getBoolean(13),
                            rs.getBoolean(14)));
                    if (rs.getObject(7) != null) {
                        grants.add(new Grant(routine, rs.getLong(7), rs.getLong(8), rs.getString(9), rs.getBoolean(10), null));
                    }
                });

        List<DefaultGrant> defaults = new ArrayList<>();
        query(c, DEFAULT_GRANTS, List.of(), rs -> defaults.add(new DefaultGrant(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getLong(4), rs.getString(6), rs.getBoolean(7))));
        List<RoleSetting> settings = new ArrayList<>();
        query(c, "SELECT setdatabase, setrole, unnest(setconfig) FROM pg_db_role_setting WHERE setdatabase IN (0, ?)",
                List.of(databaseOid), rs -> {
                    String kv = rs.getString(3);
                    int eq = kv.indexOf('=');
                    if (eq > 0) settings.add(new RoleSetting(rs.getLong(1), rs.getLong(2), kv.substring(0, eq), kv.substring(eq + 1)));
                });
        Map<String, String> server = new HashMap<>();
        // A value that came from the audit session's own role or database settings is not the server's:
        // fall back to the built-in default then (those settings are read from pg_db_role_setting anyway).
        query(c, "SELECT name, CASE WHEN source IN ('database', 'user', 'database user', 'client', 'session') THEN boot_val "
                + "ELSE setting END FROM pg_settings WHERE name = ANY (?)", List.of(textArray(c, settingNames)),
                rs -> server.put(rs.getString(1), rs.getString(2)));

        return new CatalogSnapshot(major, (String) db[4], (String) db[1], databaseOid, databaseOwner, (String) db[3],
                roles, memberships, grants, owned, schemasWithData, updatable, List.copyOf(routines.values()), defaults,
                settings, server);
    }

    private static SecuredObject object(ResultSet rs) throws SQLException {
        return new SecuredObject(ObjectType.valueOf(rs.getString(1)), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6));
    }

    private static Array textArray(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, List<Object> params, RowReader reader) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) st.setObject(i + 1, params.get(i));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) reader.read(rs);
            }
        }
    }
}
