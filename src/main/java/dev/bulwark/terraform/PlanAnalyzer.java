package dev.bulwark.terraform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.BulwarkException;
import dev.bulwark.repository.Json;

/**
 * Reads the JSON of {@code terraform show -json PLANFILE} (format 1.x) and finds every change that
 * deletes or forgets an existing object. Only {@code resource_changes} of managed resources count:
 * {@code resource_drift} is what changed outside Terraform, not what the plan will do, and data
 * sources are only read.
 */
public final class PlanAnalyzer {
    /**
     * Terraform's reasons for deleting an object whose configuration is gone: its lifecycle block,
     * prevent_destroy included, went with it, so nothing in the configuration protects it any more.
     */
    private static final Map<String, String> GONE_FROM_CONFIGURATION = Map.of(
            "delete_because_no_resource_config", "its resource block was removed from the configuration",
            "delete_because_no_module", "its module block was removed from the configuration",
            "delete_because_count_index", "its count index is beyond the resource's count now",
            "delete_because_each_key", "its for_each key is no longer in the resource's for_each",
            "delete_because_wrong_repetition", "count or for_each was added to or removed from its block",
            "delete_because_no_move_target", "the target of its moved block is not in the configuration");

    private final DataBearingTypes dataBearing;

    public PlanAnalyzer(DataBearingTypes dataBearing) {
        this.dataBearing = dataBearing;
    }

    public PlanAnalysis analyze(String showJson) {
        JsonNode plan;
        try {
            plan = Json.mapper().readTree(showJson);
        } catch (JsonProcessingException e) {
            throw unreadable("it is not JSON: " + e.getOriginalMessage());
        }
        return analyze(plan);
    }

    public PlanAnalysis analyze(JsonNode plan) {
        if (plan == null || !plan.isObject() || !plan.path("format_version").isTextual()) {
            throw unreadable("it has no format_version");
        }
        String format = plan.get("format_version").asText();
        if (!format.startsWith("1.")) {
            throw unreadable("its format_version is " + format + " and this Bulwark reads 1.x (Terraform 1.0 and newer)");
        }
        JsonNode resourceChanges = plan.path("resource_changes");
        List<DestructiveChange> changes = new ArrayList<>();
        for (JsonNode rc : resourceChanges) {
            if (!"data".equals(rc.path("mode").asText())) {
                DestructiveChange c = destructive(rc);
                if (c != null) changes.add(c);
            }
        }
        return new PlanAnalysis(plan.path("terraform_version").asText(null), format, plan.path("errored").asBoolean(false),
                resourceChanges.size(), changes);
    }

    private DestructiveChange destructive(JsonNode rc) {
        List<String> actions = new ArrayList<>();
        rc.path("change").path("actions").forEach(a -> actions.add(a.asText()));
        ChangeEffect effect = ChangeEffect.of(actions);
        if (effect == null) {
            return null;
        }
        String type = rc.path("type").asText("");
        String reason = rc.path("action_reason").asText(null);
        boolean holdsData = dataBearing.matches(type);
        List<Finding> findings = new ArrayList<>();
        if (effect == ChangeEffect.FORGET) {
            findings.add(new Finding(Concern.LEAVES_STATE, "removed from Terraform's state, not destroyed:"
                    + " the object stays, and Terraform no longer manages it"));
        } else {
            if (effect == ChangeEffect.UNKNOWN) {
                findings.add(new Finding(Concern.UNKNOWN_ACTIONS, "actions " + actions + ": treated as a deletion"));
            }
            if (holdsData) {
                findings.add(new Finding(Concern.DATA_BEARING, type + " holds data: deleting it deletes the data"));
            }
            findings.addAll(DeletionSafeguards.check(type, rc.path("change").get("before")));
            String gone = reason == null ? null : GONE_FROM_CONFIGURATION.get(reason);
            if (gone != null) {
                findings.add(new Finding(Concern.REMOVED_FROM_CONFIGURATION, gone
                        + ": lifecycle.prevent_destroy went with it and does not protect this object"));
            }
        }
        return new DestructiveChange(rc.path("address").asText(), rc.path("module_address").asText(null), type,
                rc.path("name").asText(null), rc.path("provider_name").asText(null), rc.path("deposed").asText(null),
                actions, effect, reason, holdsData, findings);
    }

    private static BulwarkException unreadable(String why) {
        return BulwarkException.environment("cannot read the plan that terraform show -json printed: " + why
                + "; Bulwark needs Terraform 1.0 or newer");
    }
}
