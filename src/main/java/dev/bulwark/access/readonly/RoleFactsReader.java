package dev.bulwark.access.readonly;

import static dev.bulwark.access.readonly.CatalogQueries.USER_SCHEMA;
import static dev.bulwark.access.readonly.CatalogQueries.list;
import static dev.bulwark.access.readonly.CatalogQueries.one;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.bulwark.access.readonly.ProofPlan.Creator;
import dev.bulwark.access.readonly.ProofPlan.SchemaSamples;
import dev.bulwark.access.readonly.RoleFacts.DefaultWriteGrant;
import dev.bulwark.access.readonly.RoleFacts.ExistingRole;
import dev.bulwark.access.readonly.RoleFacts.Membership;
import dev.bulwark.access.readonly.RoleFacts.SettingOverride;
import dev.bulwark.access.readonly.RoleFacts.WriteGrant;
import dev.bulwark.postgres.Identifiers;

/** Reads {@link RoleFacts} from the catalog with the admin role; it only reads. */
final class RoleFactsReader {
    /** The settings the plan puts on the role; an ALTER ROLE ... IN DATABASE of one of them would win over ours. */
    static final Set<String> ROLE_SETTINGS = Set.of("default_transaction_read_only", "statement_timeout",
            "idle_in_transaction_session_timeout");

    private static final String OWNED = "SELECT pg_describe_object(classid, objid, objsubid) FROM pg_shdepend "
            + "WHERE refclassid = 'pg_authid'::regclass AND refobjid = ?::oid AND deptype = 'o' "
            // default privileges a role set for its own future objects are settings, not objects it owns
            + "AND classid <> 'pg_default_acl'::regclass "
            + "AND dbid IN (0, (SELECT oid FROM pg_database WHERE datname = current_database())) ORDER BY 1";

    private static final String OWNED_ELSEWHERE = "SELECT d.datname, count(*) FROM pg_shdepend s JOIN pg_database d "
            + "ON d.oid = s.dbid WHERE s.refclassid = 'pg_authid'::regclass AND s.refobjid = ?::oid AND s.deptype = 'o' "
            + "AND s.classid <> 'pg_default_acl'::regclass AND d.datname <> current_database() GROUP BY 1 ORDER BY 1";

    private static final String MEMBERSHIPS = "SELECT g.rolname, coalesce(gr.rolname, '') FROM pg_auth_members m "
            + "JOIN pg_roles g ON g.oid = m.roleid LEFT JOIN pg_roles gr ON gr.oid = m.grantor "
            + "WHERE m.member = ?::oid ORDER BY 1, 2";

    /**
     * Table and column privileges other than SELECT held by the role or PUBLIC, in every non-system
     * schema: a table's ACL and its columns' ACLs are read alike, since one table-level REVOKE takes both.
     */
    private static final String RELATION_WRITES = "SELECT DISTINCT n.nspname, c.relname, c.relkind, a.grantee = 0, "
            + "coalesce(gr.rolname, ''), a.grantor = c.relowner, a.privilege_type "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "CROSS JOIN LATERAL (SELECT c.relacl AS acl UNION ALL SELECT att.attacl FROM pg_attribute att "
            + "WHERE att.attrelid = c.oid AND att.attnum > 0 AND NOT att.attisdropped) acls "
            + "CROSS JOIN LATERAL aclexplode(acls.acl) a LEFT JOIN pg_roles gr ON gr.oid = a.grantor WHERE " + USER_SCHEMA
            + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND a.grantee IN (?::oid, 0) AND a.privilege_type <> 'SELECT' "
            + "ORDER BY 1, 2, 4, 5, 7";

    private static final String SCHEMA_CREATES = "SELECT n.nspname, a.grantee = 0, coalesce(gr.rolname, ''), "
            + "a.grantor = n.nspowner, a.privilege_type FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) a "
            + "LEFT JOIN pg_roles gr ON gr.oid = a.grantor WHERE " + USER_SCHEMA
            + " AND a.grantee IN (?::oid, 0) AND a.privilege_type = 'CREATE' ORDER BY 1, 2, 3";

    /** A NULL datacl means the defaults, which give PUBLIC CONNECT and TEMPORARY: acldefault spells them out. */
    private static final String DATABASE_WRITES = "SELECT d.datname, a.grantee = 0, coalesce(gr.rolname, ''), "
            + "a.grantor = d.datdba, a.privilege_type FROM pg_database d "
            + "CROSS JOIN LATERAL aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a "
            + "LEFT JOIN pg_roles gr ON gr.oid = a.grantor WHERE d.datname = current_database() "
            + "AND a.grantee IN (?::oid, 0) AND a.privilege_type IN ('CREATE', 'TEMPORARY') ORDER BY 2, 3, 5";

    private static final String DEFAULT_WRITES = "SELECT o.rolname, n.nspname, d.defaclobjtype::text, a.grantee = 0, "
            + "a.privilege_type FROM pg_default_acl d JOIN pg_roles o ON o.oid = d.defaclrole "
            + "LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace CROSS JOIN LATERAL aclexplode(d.defaclacl) a "
            + "WHERE a.grantee IN (?::oid, 0) AND ((d.defaclobjtype IN ('r', 'S') AND a.privilege_type <> 'SELECT') "
            + "OR (d.defaclobjtype = 'n' AND a.privilege_type = 'CREATE')) ORDER BY 1, 2 NULLS FIRST, 3, 4, 5";

    private static final String SETTING_OVERRIDES = "SELECT d.datname, s.cfg FROM pg_db_role_setting r "
            + "JOIN pg_database d ON d.oid = r.setdatabase CROSS JOIN LATERAL unnest(r.setconfig) s(cfg) "
            + "WHERE r.setrole = ?::oid ORDER BY 1, 2";

    /**
     * Every role that creates objects in the chosen schemas: owners of relations there, the schema's
     * owner and the roles that inherit its privileges, roles that may create there through a grant
     * to them or to a role they inherit from, superusers, and the admin role. CREATE held through
     * PUBLIC does not count (it would make every role of the cluster a creator; it is reported
     * instead). Predefined roles (pg_database_owner owns public since PostgreSQL 15) own nothing
     * themselves: their members create as themselves.
     */
    private static final String CREATORS = "SELECT n.nspname, r.rolname, has_schema_privilege(r.oid, n.oid, 'CREATE'), "
            + "pg_has_role(current_user, r.oid, 'MEMBER') FROM pg_namespace n CROSS JOIN pg_roles r "
            + "WHERE n.nspname = ANY(?) AND r.rolname NOT LIKE 'pg\\_%' AND r.rolname <> ? "
            + "AND (r.rolsuper OR r.rolname = current_user OR pg_has_role(r.oid, n.nspowner, 'USAGE') "
            + "OR EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.privilege_type = 'CREATE' AND a.grantee <> 0 "
            + "AND pg_has_role(r.oid, a.grantee, 'USAGE')) "
            + "OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relowner = r.oid "
            + "AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S'))) ORDER BY 1, 2";

    private static final String PUBLIC_SECURITY_DEFINERS = "SELECT p.oid::regprocedure::text, pg_get_userbyid(p.proowner) "
            + "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY(?) AND p.prosecdef "
            + "AND EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a "
            + "WHERE a.grantee IN (?::oid, 0) AND a.privilege_type = 'EXECUTE') ORDER BY 1";

    /** Candidate tables for the proof's writes: ordinary before partitions, then by name. */
    private static final String SAMPLE_TABLES = "SELECT c.relname, (SELECT a.attname FROM pg_attribute a "
            + "WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum LIMIT 1) "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? "
            + "AND c.relkind IN ('r', 'p') ORDER BY c.relispartition, c.relname LIMIT 20";

    private static final String SAMPLE_SEQUENCE = "SELECT c.relname FROM pg_class c JOIN pg_namespace n "
            + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'S' ORDER BY c.relname LIMIT 1";

    private RoleFactsReader() {}

    static RoleFacts read(Connection c, ReadonlyRoleRequest request) throws SQLException {
        try (Statement st = c.createStatement()) {
            // catalog reads only, but production deserves a bound on every session Bulwark opens
            st.execute("SET statement_timeout = '30s'");
            // with nothing on the search path, object descriptions and function signatures come schema-qualified
            st.execute("SET search_path = pg_catalog");
        }
        RoleFacts.Server server = one(c, "SELECT current_database(), current_user, "
                + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user), current_setting('server_version_num')::int",
                rs -> new RoleFacts.Server(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getInt(4)));
        String role = request.role();
        ExistingRole existing = one(c, "SELECT oid, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, "
                + "rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname = ?",
                rs -> new ExistingRole(rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5),
                        rs.getBoolean(6), rs.getBoolean(7), rs.getInt(8)), role);
        // a role that does not exist yet holds nothing: oid 0 matches only PUBLIC in the ACL queries
        long oid = existing == null ? 0 : existing.oid();
        List<String> userSchemas = list(c, "SELECT n.nspname FROM pg_namespace n WHERE " + USER_SCHEMA + " ORDER BY 1",
                rs -> rs.getString(1));
        List<String> schemas = SchemaSelection.resolve(request.schemas(), userSchemas, server.database());
        String[] chosen = schemas.toArray(String[]::new);

        Map<String, Integer> ownedElsewhere = new LinkedHashMap<>();
        for (var row : list(c, OWNED_ELSEWHERE, rs -> Map.entry(rs.getString(1), rs.getInt(2)), oid)) {
            ownedElsewhere.put(row.getKey(), row.getValue());
        }
        return new RoleFacts(server, role, existing, schemas,
                existing == null ? List.of() : list(c, OWNED, rs -> rs.getString(1), oid),
                ownedElsewhere,
                list(c, MEMBERSHIPS, rs -> new Membership(rs.getString(1), rs.getString(2)), oid),
                writeGrants(c, oid),
                defaultWriteGrants(c, oid),
                settingOverrides(c, oid),
                list(c, CREATORS, rs -> new Creator(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)),
                        chosen, role),
                list(c, PUBLIC_SECURITY_DEFINERS, rs -> rs.getString(1) + " (owner " + rs.getString(2) + ")", chosen, oid),
                samples(c, schemas));
    }

    /** One privilege row of an ACL; rows that differ only in the privilege are folded into one grant. */
    private record GrantRow(WriteGrant object, String privilege) {}

    /** One {@link WriteGrant} per object, grantee and grantor, with its privileges in a stable order. */
    private static List<WriteGrant> writeGrants(Connection c, long oid) throws SQLException {
        List<GrantRow> rows = new ArrayList<>();
        rows.addAll(list(c, RELATION_WRITES, rs -> {
            String schema = rs.getString(1);
            String name = rs.getString(2);
            return new GrantRow(new WriteGrant("S".equals(rs.getString(3)) ? "SEQUENCE" : "TABLE",
                    Identifiers.qualified(schema, name), schema + "." + name, rs.getBoolean(4), rs.getString(5),
                    rs.getBoolean(6), List.of()), rs.getString(7));
        }, oid));
        rows.addAll(list(c, SCHEMA_CREATES, rs -> new GrantRow(new WriteGrant("SCHEMA", Identifiers.quote(rs.getString(1)),
                rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getBoolean(4), List.of()), rs.getString(5)), oid));
        rows.addAll(list(c, DATABASE_WRITES, rs -> new GrantRow(new WriteGrant("DATABASE", Identifiers.quote(rs.getString(1)),
                rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getBoolean(4), List.of()), rs.getString(5)), oid));
        return fold(rows, GrantRow::object, GrantRow::privilege, (g, privileges) -> new WriteGrant(g.objectType(),
                g.objectSql(), g.display(), g.toPublic(), g.grantor(), g.grantorIsOwner(), privileges));
    }

    private record DefaultRow(DefaultWriteGrant entry, String privilege) {}

    private static List<DefaultWriteGrant> defaultWriteGrants(Connection c, long oid) throws SQLException {
        List<DefaultRow> rows = list(c, DEFAULT_WRITES, rs -> new DefaultRow(new DefaultWriteGrant(rs.getString(1),
                rs.getString(2), rs.getString(3).charAt(0), rs.getBoolean(4), List.of()), rs.getString(5)), oid);
        return fold(rows, DefaultRow::entry, DefaultRow::privilege, (d, privileges) -> new DefaultWriteGrant(d.creator(),
                d.schema(), d.objectType(), d.toPublic(), privileges));
    }

    /** Groups rows by everything but their privilege (records compare by value), in the order they came. */
    private static <R, K, T> List<T> fold(List<R> rows, Function<R, K> key, Function<R, String> privilege,
                                          BiFunction<K, List<String>, T> build) {
        Map<K, List<String>> grouped = new LinkedHashMap<>();
        for (R r : rows) grouped.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(privilege.apply(r));
        return grouped.entrySet().stream().map(e -> build.apply(e.getKey(), Privileges.ordered(e.getValue()))).toList();
    }

    private static List<SettingOverride> settingOverrides(Connection c, long oid) throws SQLException {
        List<SettingOverride> out = new ArrayList<>();
        for (var row : list(c, SETTING_OVERRIDES, rs -> Map.entry(rs.getString(1), rs.getString(2)), oid)) {
            String name = row.getValue().substring(0, Math.max(0, row.getValue().indexOf('=')));
            if (ROLE_SETTINGS.contains(name)) out.add(new SettingOverride(row.getKey(), name));
        }
        return out;
    }

    private record TableSample(String name, String firstColumn) {}

    /** Per schema a table to try writes on, preferring one that has rows, and a sequence for nextval. */
    private static List<SchemaSamples> samples(Connection c, List<String> schemas) throws SQLException {
        List<SchemaSamples> out = new ArrayList<>();
        for (String schema : schemas) {
            List<TableSample> tables = list(c, SAMPLE_TABLES, rs -> new TableSample(rs.getString(1), rs.getString(2)), schema);
            TableSample chosen = tables.stream().filter(t -> hasRows(c, schema, t.name())).findFirst()
                    .orElse(tables.isEmpty() ? new TableSample(null, null) : tables.get(0));
            String sequence = one(c, SAMPLE_SEQUENCE, rs -> rs.getString(1), schema);
            out.add(new SchemaSamples(schema, chosen.name(), chosen.firstColumn(), sequence));
        }
        return out;
    }

    private static boolean hasRows(Connection c, String schema, String table) {
        try (Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + Identifiers.qualified(schema, table) + ")")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            // the admin role may not read every table; then any table serves, rows or not
            return false;
        }
    }
}
