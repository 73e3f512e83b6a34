package dev.bulwark.access.readonly;

import dev.bulwark.postgres.Identifiers;

/** One step of the plan: a SQL statement, or setting the new role's password. */
public sealed interface PlanStep {
    /** What the step runs, as shown to people; never a password. */
    String display();

    record Sql(String sql) implements PlanStep {
        @Override
        public String display() {
            return sql;
        }
    }

    /**
     * Gives the new role its password. Bulwark computes the SCRAM verifier itself and sends only that
     * (as psql's \password does), so the password never reaches the server, its logs or its views.
     */
    record SetPassword(String role) implements PlanStep {
        @Override
        public String display() {
            return "ALTER ROLE " + Identifiers.quote(role) + " PASSWORD '<SCRAM-SHA-256 verifier, computed by the client>';";
        }
    }
}
