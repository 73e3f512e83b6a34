package dev.bulwark.access.readonly;

import static dev.bulwark.access.readonly.CatalogQueries.USER_SCHEMA;
import static dev.bulwark.access.readonly.CatalogQueries.list;
import static dev.bulwark.access.readonly.CatalogQueries.one;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;

import dev.bulwark.access.readonly.Attempt.Expect;
import dev.bulwark.access.readonly.ProofPlan.SchemaSamples;

/**
 * The proof, run on a real login as the role (so that its role-level settings apply, which SET
 * ROLE would not show): its session settings, a census of what it may do in the catalog's own
 * words (has_table_privilege and friends), and live attempts at every kind of write, first as
 * the session starts and then after the client turns default_transaction_read_only off, which
 * any role may do: from there on only privileges stand in the way.
 */
final class RoleProof {
    private static final String SETTINGS = "SELECT name, setting FROM pg_settings WHERE name IN "
            + "('default_transaction_read_only', 'statement_timeout', 'idle_in_transaction_session_timeout') ORDER BY name";

    private static final String ATTRIBUTES = "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication "
            + "OR rolbypassrls, rolconnlimit FROM pg_roles WHERE rolname = current_user";

    private static final String MEMBER_OF = "SELECT coalesce(string_agg(rolname, ', ' ORDER BY rolname), '') FROM pg_roles "
            + "WHERE rolname <> current_user AND pg_has_role(current_user, oid, 'MEMBER')";

    private static final String RELATIONS = "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ";

    private static final String UNREADABLE = "SELECT count(*), coalesce(string_agg(n.nspname || '.' || c.relname, ', ' "
            + "ORDER BY n.nspname, c.relname) FILTER (WHERE NOT has_table_privilege(c.oid, 'SELECT')), '') " + RELATIONS
            + "n.nspname = ANY(?) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')";

    private static final String CREATABLE_SCHEMAS = "SELECT coalesce(string_agg(n.nspname, ', ' ORDER BY n.nspname), '') "
            + "FROM pg_namespace n WHERE " + USER_SCHEMA + " AND has_schema_privilege(n.oid, 'CREATE')";

    private static final String TURN_READ_ONLY_OFF = "SET default_transaction_read_only = off";

    private RoleProof() {}

    static List<ProofCheck> run(Connection c, ProofPlan plan, String probe) throws SQLException {
        List<ProofCheck> checks = new ArrayList<>(session(c, plan));
        checks.addAll(census(c, plan));
        checks.add(attempt(c, WriteAttempts.underReadOnlyDefault(plan, probe), plan));
        try (Statement st = c.createStatement()) {
            st.execute(TURN_READ_ONLY_OFF);
        }
        checks.add(ProofCheck.pass("read-only default", "the client turns read-only off (any role may)", TURN_READ_ONLY_OFF,
                "accepted: the writes below run in read-write transactions, so only privileges can stop them"));
        for (SchemaSamples s : plan.samples()) {
            for (Attempt a : WriteAttempts.inSchema(s, probe)) checks.add(attempt(c, a, plan));
        }
        for (Attempt a : WriteAttempts.inDatabase(probe)) checks.add(attempt(c, a, plan));
        return checks;
    }

    private static List<ProofCheck> session(Connection c, ProofPlan plan) throws SQLException {
        Map<String, String> expected = Map.of(
                "default_transaction_read_only", "on",
                "statement_timeout", String.valueOf(plan.limits().statementTimeout().toMillis()),
                "idle_in_transaction_session_timeout", String.valueOf(plan.limits().idleInTransactionTimeout().toMillis()));
        List<ProofCheck> out = new ArrayList<>();
        for (Map.Entry<String, String> s : list(c, SETTINGS, rs -> Map.entry(rs.getString(1), rs.getString(2)))) {
            String want = expected.get(s.getKey());
            String unit = s.getKey().endsWith("timeout") ? " ms" : "";
            out.add(ProofCheck.of(want.equals(s.getValue()), "session", s.getKey() + " at login", "SHOW " + s.getKey(),
                    s.getValue() + unit + (want.equals(s.getValue()) ? "" : ", expected " + want + unit)));
        }
        Map.Entry<Boolean, Integer> attrs = one(c, ATTRIBUTES, rs -> Map.entry(rs.getBoolean(1), rs.getInt(2)));
        out.add(ProofCheck.of(!attrs.getKey(), "session", "no special attributes", ATTRIBUTES,
                attrs.getKey() ? "has one of SUPERUSER, CREATEDB, CREATEROLE, REPLICATION, BYPASSRLS" : "none"));
        int limit = plan.limits().connectionLimit();
        out.add(ProofCheck.of(attrs.getValue() == limit, "session", "connection limit", ATTRIBUTES,
                attrs.getValue() + (attrs.getValue() == limit ? "" : ", expected " + limit)));
        String memberOf = one(c, MEMBER_OF, rs -> rs.getString(1));
        out.add(ProofCheck.of(memberOf.isEmpty(), "session", "member of no other role", MEMBER_OF,
                memberOf.isEmpty() ? "none" : "member of " + memberOf));
        return out;
    }

    /** What the catalog says the role may do, over every relation: a sample can miss what a census cannot. */
    private static List<ProofCheck> census(Connection c, ProofPlan plan) throws SQLException {
        List<ProofCheck> out = new ArrayList<>();
        Map.Entry<Long, String> unreadable = one(c, UNREADABLE, rs -> Map.entry(rs.getLong(1), rs.getString(2)),
                (Object) plan.schemas().toArray(String[]::new));
        out.add(ProofCheck.of(unreadable.getValue().isEmpty(), "privileges", "reads every relation in its schemas", UNREADABLE,
                unreadable.getValue().isEmpty() ? "all " + unreadable.getKey() + " readable" : "cannot read " + unreadable.getValue()));
        String writable = writableRelationsQuery(plan.serverVersionNum());
        String writes = one(c, writable, rs -> rs.getString(1));
        out.add(ProofCheck.of(writes.isEmpty(), "privileges", "write privilege on no relation in any schema", writable,
                writes.isEmpty() ? "none" : "may write " + writes));
        String creatable = one(c, CREATABLE_SCHEMAS, rs -> rs.getString(1));
        out.add(ProofCheck.of(creatable.isEmpty(), "privileges", "CREATE on no schema", CREATABLE_SCHEMAS,
                creatable.isEmpty() ? "none" : "may create in " + creatable));
        String dbCreate = "SELECT has_database_privilege(current_database(), 'CREATE')";
        boolean mayCreateSchemas = one(c, dbCreate, rs -> rs.getBoolean(1));
        out.add(ProofCheck.of(!mayCreateSchemas, "privileges", "no CREATE on the database", dbCreate,
                mayCreateSchemas ? "may create schemas" : "none"));
        return out;
    }

    /** Relations the role may change in any way, columns included; MAINTAIN exists from PostgreSQL 17. */
    static String writableRelationsQuery(int versionNum) {
        String tableWrites = "INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER" + (versionNum >= 170000 ? ", MAINTAIN" : "");
        return "SELECT coalesce(string_agg(n.nspname || '.' || c.relname, ', ' ORDER BY n.nspname, c.relname), '') "
                + RELATIONS + USER_SCHEMA + " AND ((c.relkind IN ('r', 'p', 'v', 'm', 'f') AND (has_table_privilege(c.oid, '"
                + tableWrites + "') OR has_any_column_privilege(c.oid, 'INSERT, UPDATE, REFERENCES'))) "
                + "OR (c.relkind = 'S' AND has_sequence_privilege(c.oid, 'USAGE, UPDATE')))";
    }

    /** Runs one attempt in its own transaction, always rolled back, with short lock and statement timeouts. */
    private static ProofCheck attempt(Connection c, Attempt a, ProofPlan plan) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '2s'");
            st.execute("SET LOCAL statement_timeout = '10s'");
            if (a.copyIn()) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(a.sql(), new StringReader(""));
            } else {
                st.execute(a.sql());
            }
            return succeeded(a, plan);
        } catch (SQLException e) {
            return refused(a, e);
        } catch (IOException e) {
            return ProofCheck.fail(a.group(), a.what(), a.sql(), "could not run: " + e.getMessage());
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static ProofCheck succeeded(Attempt a, ProofPlan plan) {
        return switch (a.expect()) {
            case SUCCESS -> ProofCheck.pass(a.group(), a.what(), a.sql(), "allowed");
            case TEMP_TABLE -> plan.publicKeepsTemp()
                    ? ProofCheck.pass(a.group(), a.what(), a.sql(), "allowed: PUBLIC keeps TEMPORARY on the database "
                            + "(a table private to the session; --revoke-public takes it away)")
                    : ProofCheck.fail(a.group(), a.what(), a.sql(), "ALLOWED: the role may still create temporary tables");
            case PRIVILEGE_DENIAL, READ_ONLY_DENIAL -> ProofCheck.fail(a.group(), a.what(), a.sql(),
                    "ALLOWED: the statement succeeded (and was rolled back)");
        };
    }

    private static ProofCheck refused(Attempt a, SQLException e) {
        String state = SqlErrors.state(e);
        String message = SqlErrors.message(e);
        if (a.expect() == Expect.SUCCESS) {
            return new ProofCheck(a.group(), a.what(), a.sql(), false, "FAILED: " + message, state);
        }
        if (state.equals(a.expect().sqlstate)) {
            return new ProofCheck(a.group(), a.what(), a.sql(), true, "denied: " + message, state);
        }
        if (state.equals(Expect.PRIVILEGE_DENIAL.sqlstate) || state.equals(Expect.READ_ONLY_DENIAL.sqlstate)) {
            return new ProofCheck(a.group(), a.what(), a.sql(), false, "refused with " + state + ", not by what this checks ("
                    + a.expect().sqlstate + "): " + message, state);
        }
        return new ProofCheck(a.group(), a.what(), a.sql(), false, "not refused for lack of privilege (" + state + "): " + message
                + "; the privilege check let it through or it never ran, so nothing is proven", state);
    }
}
