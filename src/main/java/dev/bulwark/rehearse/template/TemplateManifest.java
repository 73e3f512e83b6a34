package dev.bulwark.rehearse.template;

import java.time.Instant;

import dev.bulwark.rehearse.catalog.Baseline;

/**
 * Written last into a template's folder, once the restore succeeded: its presence means the template is
 * complete. A template is used only for the same backup, PostgreSQL major and boot of the machine (the
 * cluster runs with fsync off, so after a crash of the machine its files cannot be trusted).
 */
public record TemplateManifest(int format, String database, String backupId, Instant snapshotAt, int major,
                               String serverVersion, String bootId, Instant createdAt, long restoreMs, long analyzeMs,
                               Baseline baseline) {
    public static final int FORMAT = 1;

    boolean fits(String backupId, int major, String bootId) {
        return format == FORMAT && this.backupId.equals(backupId) && this.major == major && this.bootId.equals(bootId)
                && baseline != null;
    }
}
