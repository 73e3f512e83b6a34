package dev.bulwark.access.readonly;

import static dev.bulwark.postgres.Identifiers.literal;
import static dev.bulwark.postgres.Identifiers.qualified;
import static dev.bulwark.postgres.Identifiers.quote;

import java.util.ArrayList;
import java.util.List;

import dev.bulwark.access.readonly.Attempt.Expect;
import dev.bulwark.access.readonly.ProofPlan.SchemaSamples;

/**
 * The writes the proof tries. Each is written so that, were it allowed, it would touch no row
 * ({@code WHERE false}, an empty COPY, NOWAIT): PostgreSQL checks privileges when a statement
 * starts, before it reads a row, so the denial proves as much as a real write would, and a broken
 * setup costs production nothing. All of it runs in transactions that are rolled back.
 */
final class WriteAttempts {
    private WriteAttempts() {}

    /** A write in a session as the role's settings leave it: the read-only transaction must refuse it. */
    static Attempt underReadOnlyDefault(ProofPlan plan, String probe) {
        SchemaSamples withTable = plan.samples().stream().filter(s -> s.table() != null).findFirst().orElse(null);
        String sql = withTable != null
                ? "INSERT INTO " + qualified(withTable.schema(), withTable.table()) + " SELECT WHERE false"
                : "CREATE TABLE " + qualified(plan.schemas().get(0), probe) + " (id int)";
        return new Attempt("read-only default", "a write in a session as the role's settings start it", sql, false,
                Expect.READ_ONLY_DENIAL);
    }

    /** Reads that must work and writes that must be refused, on one schema's sample table and sequence. */
    static List<Attempt> inSchema(SchemaSamples s, String probe) {
        List<Attempt> out = new ArrayList<>();
        if (s.table() != null) {
            String t = qualified(s.schema(), s.table());
            String shown = s.schema() + "." + s.table();
            out.add(new Attempt("reads", "SELECT from " + shown, "SELECT * FROM " + t + " LIMIT 1", false, Expect.SUCCESS));
            out.add(Attempt.denied("INSERT into " + shown, "INSERT INTO " + t + " SELECT WHERE false"));
            if (s.column() != null) {
                out.add(Attempt.denied("UPDATE " + shown, "UPDATE " + t + " SET " + quote(s.column()) + " = DEFAULT WHERE false"));
            }
            out.add(Attempt.denied("DELETE from " + shown, "DELETE FROM " + t + " WHERE false"));
            out.add(Attempt.denied("TRUNCATE " + shown, "TRUNCATE " + t));
            out.add(new Attempt("writes", "COPY into " + shown, "COPY " + t + " FROM STDIN", true, Expect.PRIVILEGE_DENIAL));
            out.add(Attempt.denied("lock rows of " + shown, "SELECT 1 FROM " + t + " WHERE false FOR UPDATE"));
            out.add(Attempt.denied("writable CTE on " + shown,
                    "WITH gone AS (DELETE FROM " + t + " WHERE false RETURNING 1) SELECT count(*) FROM gone"));
            out.add(Attempt.denied("lock " + shown + " against everyone", "LOCK TABLE " + t + " IN ACCESS EXCLUSIVE MODE NOWAIT"));
            out.add(Attempt.denied("DROP " + shown, "DROP TABLE " + t));
        }
        out.add(Attempt.denied("CREATE TABLE in " + s.schema(), "CREATE TABLE " + qualified(s.schema(), probe) + " (id int)"));
        if (s.sequence() != null) {
            out.add(Attempt.denied("nextval of " + s.schema() + "." + s.sequence(),
                    "SELECT nextval(" + literal(qualified(s.schema(), s.sequence())) + ")"));
        }
        return out;
    }

    /** Writes to the database itself rather than to one schema. */
    static List<Attempt> inDatabase(String probe) {
        return List.of(
                Attempt.denied("CREATE SCHEMA", "CREATE SCHEMA " + quote(probe)),
                new Attempt("writes", "CREATE TEMP TABLE", "CREATE TEMP TABLE " + quote(probe) + " (id int)", false,
                        Expect.TEMP_TABLE));
    }
}
