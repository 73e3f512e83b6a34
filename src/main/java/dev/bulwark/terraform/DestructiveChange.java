package dev.bulwark.terraform;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One resource change of a plan that deletes an existing object, or forgets it. {@code deposed} is
 * the key of a deposed object (left over from an interrupted create-before-destroy), else null;
 * {@code actionReason} is terraform's own ({@code delete_because_no_resource_config},
 * {@code replace_because_cannot_update}...), null when it gave none.
 */
public record DestructiveChange(String address, String moduleAddress, String type, String name, String providerName,
                                String deposed, List<String> actions, ChangeEffect effect, String actionReason,
                                boolean dataBearing, List<Finding> findings) {

    public DestructiveChange {
        actions = List.copyOf(actions);
        findings = List.copyOf(findings);
    }

    @JsonProperty("destroys")
    public boolean destroys() {
        return effect.destroys();
    }
}
