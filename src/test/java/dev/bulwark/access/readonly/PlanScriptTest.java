package dev.bulwark.access.readonly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulwark.access.readonly.ProofPlan.Creator;
import dev.bulwark.access.readonly.ProofPlan.SchemaSamples;

/** The printed script: psql runs it as is, in one transaction, and no name can break out of a comment. */
class PlanScriptTest {
    private static RolePlan plan(String schema) {
        RoleFacts facts = new RoleFacts(new RoleFacts.Server("app", "admin", true, 150004), "agent", null, List.of(schema),
                List.of(), Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(new Creator(schema, "admin", true, true)),
                List.of(), List.of(new SchemaSamples(schema, null, null, null)));
        return PlanBuilder.build(facts, new ReadonlyRoleRequest("agent", List.of(), null, false), "admin@db:5432/app");
    }

    @Test
    void isOneTransactionThatStopsAtTheFirstErrorWithAReasonAboveEveryPart() {
        String script = PlanScript.render(plan("sales"));
        List<String> lines = script.lines().toList();
        assertThat(lines).contains("\\set ON_ERROR_STOP on", "BEGIN;", "COMMIT;");
        assertThat(lines.indexOf("BEGIN;")).isLessThan(lines.indexOf("COMMIT;"));
        assertThat(lines).allMatch(l -> l.isEmpty() || l.startsWith("-- ") || l.endsWith(";") || l.startsWith("\\set"));
        assertThat(lines).allMatch(l -> l.length() <= 120 || !l.startsWith("--"));
        // the password is never part of the script: psql's \password is suggested instead
        assertThat(script).contains("\\password \"agent\"").doesNotContain("PASSWORD '");
        // every statement follows a comment that says why
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(";") && !lines.get(i).startsWith("--") && !lines.get(i).equals("BEGIN;")
                    && !lines.get(i).equals("COMMIT;")) {
                int j = i;
                while (lines.get(j).endsWith(";") && !lines.get(j).startsWith("--")) j--;
                assertThat(lines.get(j)).as("line before " + lines.get(i)).startsWith("--");
            }
        }
    }

    @Test
    void namesWithLineBreaksStayInsideTheirQuotesAndComments() {
        String script = PlanScript.render(plan("evil\nDROP TABLE x; --"));
        // in comments a line break becomes '?'; in statements it stays inside the quoted identifier, where psql keeps it
        assertThat(script).contains("-- Schema \"evil?DROP TABLE x; --\": USAGE to look names up");
        assertThat(script).contains("GRANT USAGE ON SCHEMA \"evil\nDROP TABLE x; --\" TO \"agent\";");
    }
}
