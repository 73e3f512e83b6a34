package dev.bulwark.terraform;

import java.util.List;

/** What a resource change does to the existing object, from its {@code change.actions}. */
public enum ChangeEffect {
    DELETE("delete", true),
    /** Terraform's default replace: the old object is gone before the new one exists. */
    DELETE_THEN_CREATE("replace (delete, then create)", true),
    /** {@code create_before_destroy}: the old object is still deleted, and its data with it. */
    CREATE_THEN_DELETE("replace (create, then delete)", true),
    /** A {@code removed} block with {@code destroy = false}: the object stays, Terraform stops managing it. */
    FORGET("forget", false),
    /** Actions this Bulwark does not know: treated as destructive, since it cannot tell. */
    UNKNOWN("unknown actions", true);

    private final String label;
    private final boolean destroys;

    ChangeEffect(String label, boolean destroys) {
        this.label = label;
        this.destroys = destroys;
    }

    public String label() {
        return label;
    }

    /** Whether the change deletes an existing object (and so needs a human's approval). */
    public boolean destroys() {
        return destroys;
    }

    /**
     * The effect of {@code actions}, or null for changes that leave existing objects in place
     * (no-op, create, read, update).
     */
    static ChangeEffect of(List<String> actions) {
        if (actions.equals(List.of("delete"))) return DELETE;
        if (actions.equals(List.of("delete", "create"))) return DELETE_THEN_CREATE;
        if (actions.equals(List.of("create", "delete"))) return CREATE_THEN_DELETE;
        if (actions.equals(List.of("forget"))) return FORGET;
        if (actions.size() == 1 && List.of("no-op", "create", "read", "update").contains(actions.get(0))) return null;
        return UNKNOWN;
    }
}
