package dev.bulwark.terraform;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the provider's own safeguards from the object as it is now ({@code change.before}):
 * deletion protection, final snapshots, force_destroy. Attribute-driven, so every resource type
 * that uses these common names is covered (AWS RDS, DocumentDB, Neptune, Redshift, DynamoDB, S3;
 * Google Cloud SQL, Bigtable, Spanner, BigQuery, Storage...). Azure has no such attributes.
 */
final class DeletionSafeguards {
    private DeletionSafeguards() {}

    static List<Finding> check(String type, JsonNode before) {
        List<Finding> findings = new ArrayList<>();
        if (before == null || !before.isObject()) {
            return findings;
        }
        deletionProtection(type, before, findings);
        finalSnapshot(before, findings);
        if (isTrue(before.get("force_destroy"))) {
            findings.add(new Finding(Concern.FORCE_DESTROY, "force_destroy = true: deleted together with everything in it"));
        }
        return findings;
    }

    private static void deletionProtection(String type, JsonNode before, List<Finding> findings) {
        if (isFalse(before.get("deletion_protection_enabled"))) { // DynamoDB
            findings.add(new Finding(Concern.DELETION_PROTECTION_OFF, "deletion_protection_enabled = false"));
        }
        if (!isFalse(before.get("deletion_protection"))) {
            return;
        }
        if (type.equals("google_sql_database_instance")) {
            // Cloud SQL has a second, server-side guard: either one stops the deletion.
            JsonNode serverSide = before.path("settings").path(0).get("deletion_protection_enabled");
            if (!isTrue(serverSide)) {
                findings.add(new Finding(Concern.DELETION_PROTECTION_OFF,
                        "deletion_protection = false and settings.deletion_protection_enabled = false"));
            }
            return;
        }
        findings.add(new Finding(Concern.DELETION_PROTECTION_OFF, "deletion_protection = false"));
    }

    /** AWS databases (RDS, Aurora, DocumentDB, Neptune, Redshift) name a final snapshot or skip it. */
    private static void finalSnapshot(JsonNode before, List<Finding> findings) {
        JsonNode skip = before.get("skip_final_snapshot");
        if (isTrue(skip)) {
            findings.add(new Finding(Concern.NO_FINAL_SNAPSHOT, "skip_final_snapshot = true"));
        } else if (skip != null && blank(before.get("final_snapshot_identifier"))) {
            findings.add(new Finding(Concern.NO_FINAL_SNAPSHOT, "final_snapshot_identifier is not set"));
        }
    }

    private static boolean isTrue(JsonNode n) {
        return n != null && n.isBoolean() && n.booleanValue();
    }

    private static boolean isFalse(JsonNode n) {
        return n != null && n.isBoolean() && !n.booleanValue();
    }

    private static boolean blank(JsonNode n) {
        return n == null || n.isNull() || (n.isTextual() && n.asText().isBlank());
    }
}
