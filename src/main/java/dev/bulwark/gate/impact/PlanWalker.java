package dev.bulwark.gate.impact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.repository.Json;

/**
 * Reads {@code EXPLAIN (VERBOSE, FORMAT JSON)} output. Every ModifyTable node is one table the
 * statement writes, wherever it sits (the main plan, or an InitPlan for a data-modifying CTE); its
 * outer child's "Plan Rows" is the planner's estimate of rows fed into the write, i.e. rows touched.
 */
final class PlanWalker {
    /** One ModifyTable node: operation (INSERT, UPDATE, DELETE, MERGE), target, estimated rows. */
    record Target(String operation, String schema, String relation, long rows) {
    }

    private PlanWalker() {
    }

    static List<Target> modifyTables(String explainJson) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(explainJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("EXPLAIN returned unreadable JSON", e);
        }
        List<Target> out = new ArrayList<>();
        for (JsonNode query : root) walk(query.path("Plan"), out);
        return out;
    }

    /** The top node's "Plan Rows": rows a SELECT would return. */
    static long topRows(String explainJson) {
        try {
            return Math.round(Json.mapper().readTree(explainJson).path(0).path("Plan").path("Plan Rows").asDouble());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("EXPLAIN returned unreadable JSON", e);
        }
    }

    private static void walk(JsonNode node, List<Target> out) {
        if (node.isMissingNode()) return;
        if ("ModifyTable".equals(node.path("Node Type").asText())) {
            out.add(new Target(node.path("Operation").asText().toUpperCase(Locale.ROOT), node.path("Schema").asText(null),
                    node.path("Relation Name").asText(null), Math.round(childRows(node))));
        }
        for (JsonNode child : node.path("Plans")) walk(child, out);
    }

    /** Rows of the outer child (the rows to write); InitPlans and SubPlans beside it are not. */
    private static double childRows(JsonNode modify) {
        for (JsonNode child : modify.path("Plans")) {
            if ("Outer".equals(child.path("Parent Relationship").asText())) return child.path("Plan Rows").asDouble();
        }
        return modify.path("Plan Rows").asDouble();
    }
}
