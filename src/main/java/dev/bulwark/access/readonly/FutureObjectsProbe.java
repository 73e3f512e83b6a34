package dev.bulwark.access.readonly;

import static dev.bulwark.access.readonly.CatalogQueries.one;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.bulwark.access.readonly.ProofPlan.Creator;
import dev.bulwark.postgres.Identifiers;

/**
 * Proves that what each creator makes later is readable, and only readable, by the role. Where the
 * admin role may act as the creator and the creator may create in the schema, it creates a table
 * and a sequence as the creator and asks PostgreSQL what the role may do with them, in a
 * transaction that is rolled back; otherwise it reads the default privileges from pg_default_acl.
 */
final class FutureObjectsProbe {
    private static final String PRIVILEGES = "SELECT has_table_privilege(?::name, ?::text, 'SELECT'), "
            + "has_table_privilege(?::name, ?::text, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER'), "
            + "has_sequence_privilege(?::name, ?::text, 'SELECT'), has_sequence_privilege(?::name, ?::text, 'USAGE, UPDATE')";

    private static final String DEFAULT_ACL = "SELECT count(DISTINCT d.defaclobjtype) = 2 FROM pg_default_acl d "
            + "CROSS JOIN LATERAL aclexplode(d.defaclacl) a WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = ?) "
            + "AND d.defaclnamespace = (SELECT oid FROM pg_namespace WHERE nspname = ?) AND d.defaclobjtype IN ('r', 'S') "
            + "AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = ?) AND a.privilege_type = 'SELECT'";

    private FutureObjectsProbe() {}

    static List<ProofCheck> run(Connection admin, ProofPlan plan, String probe) throws SQLException {
        List<ProofCheck> out = new ArrayList<>();
        for (Creator creator : plan.creators()) {
            String what = "tables and sequences " + creator.role() + " creates in " + creator.schema() + " later";
            if (creator.canCreate() && creator.adminCanActAs()) {
                out.add(live(admin, plan.role(), creator, probe, what));
            } else {
                out.add(fromCatalog(admin, plan.role(), creator, what, ""));
            }
        }
        return out;
    }

    private static ProofCheck live(Connection admin, String role, Creator creator, String probe, String what) throws SQLException {
        String table = Identifiers.qualified(creator.schema(), probe);
        String sequence = Identifiers.qualified(creator.schema(), probe + "_seq");
        String sql = "SET LOCAL ROLE " + Identifiers.quote(creator.role()) + "; CREATE TABLE " + table + " (id int); "
                + "CREATE SEQUENCE " + sequence + "; " + PRIVILEGES + "; ROLLBACK";
        admin.setAutoCommit(false);
        try (Statement st = admin.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '2s'");
            st.execute("SET LOCAL ROLE " + Identifiers.quote(creator.role()));
            st.execute("CREATE TABLE " + table + " (id int)");
            st.execute("CREATE SEQUENCE " + sequence);
            boolean[] p = one(admin, PRIVILEGES, rs -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3),
                    rs.getBoolean(4)}, role, table, role, table, role, sequence, role, sequence);
            List<String> wrong = new ArrayList<>();
            if (!p[0]) wrong.add("its new table is NOT readable");
            if (p[1]) wrong.add("its new table is WRITABLE");
            if (!p[2]) wrong.add("its new sequence is NOT readable");
            if (p[3]) wrong.add("its new sequence is USABLE (nextval)");
            return ProofCheck.of(wrong.isEmpty(), "future objects", what, sql, wrong.isEmpty()
                    ? "a table and a sequence created as " + creator.role() + " (rolled back) are readable, not writable"
                    : String.join("; ", wrong) + " (created as " + creator.role() + ", rolled back)");
        } catch (SQLException e) {
            admin.rollback();
            return fromCatalog(admin, role, creator, what, " (creating a probe table as " + creator.role() + " failed: "
                    + SqlErrors.message(e) + ")");
        } finally {
            admin.rollback();
            admin.setAutoCommit(true);
        }
    }

    private static ProofCheck fromCatalog(Connection admin, String role, Creator creator, String what, String note)
            throws SQLException {
        admin.setAutoCommit(true);
        boolean ok = one(admin, DEFAULT_ACL, rs -> rs.getBoolean(1), creator.role(), creator.schema(), role);
        return ProofCheck.of(ok, "future objects", what, DEFAULT_ACL, (ok
                ? "pg_default_acl grants SELECT on its new tables and sequences"
                : "pg_default_acl does NOT grant SELECT on its new tables and sequences") + note);
    }
}
