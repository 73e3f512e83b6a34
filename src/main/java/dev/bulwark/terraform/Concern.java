package dev.bulwark.terraform;

/** Why a destructive change deserves a closer look, beyond the deletion itself. */
public enum Concern {
    /** The resource type holds data (a database, bucket, disk, snapshot...): deleting it deletes the data. */
    DATA_BEARING,
    /** The provider's own guard against deletion is switched off. */
    DELETION_PROTECTION_OFF,
    /** A database that goes without a final snapshot: nothing is left to restore from. */
    NO_FINAL_SNAPSHOT,
    /** {@code force_destroy}: a bucket is deleted together with every object in it. */
    FORCE_DESTROY,
    /**
     * The object is deleted because its block (or module, count index, for_each key) left the
     * configuration: {@code lifecycle { prevent_destroy = true } } went with the block and no longer
     * protects it.
     */
    REMOVED_FROM_CONFIGURATION,
    /** The object leaves Terraform's state without being destroyed. */
    LEAVES_STATE,
    /** Terraform gave actions this Bulwark does not know. */
    UNKNOWN_ACTIONS
}
