package dev.bulwark.gate.approval;

import java.util.Locale;

/** What a change request asks a human to approve, and so what approving it does. */
public enum RequestKind {
    /** A statement an agent sent through the gate; once approved it runs at once with the write role. */
    SQL,
    /**
     * A saved terraform plan that destroys something; approving it runs nothing: it lets
     * {@code bulwark tf apply} apply that exact plan file (by its SHA-256) once.
     */
    TERRAFORM;

    /** How it is stored: lower case, so the column's default ('sql') covers requests made before kinds existed. */
    String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RequestKind fromStored(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
