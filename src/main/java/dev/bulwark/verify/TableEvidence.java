package dev.bulwark.verify;

/**
 * What was compared for one table: production's row count in the backup's snapshot, the rows and
 * fingerprint of the dumped data, and the rows and fingerprint read back from the restored copy.
 */
public record TableEvidence(String table, long productionRows, Long dumpRows, String dumpFingerprint,
                            Long restoredRows, String restoredFingerprint) {

    public TableEvidence withRestored(long rows, String fingerprint) {
        return new TableEvidence(table, productionRows, dumpRows, dumpFingerprint, rows, fingerprint);
    }
}
