package dev.bulwark.verify;

import dev.bulwark.postgres.Catalog;
import dev.bulwark.repository.Manifest;

/**
 * What was compared for one table: production's row count in the backup's snapshot, the rows and
 * fingerprint of the dumped data, and the rows and fingerprint read back from the restored copy.
 */
public record TableEvidence(String table, String schema, String name, long productionRows, Long dumpRows, String dumpFingerprint,
                            Long restoredRows, String restoredFingerprint) {

    public TableEvidence(Manifest.TableCount t, Long dumpRows, String dumpFingerprint) {
        this(t.qualified(), t.schema(), t.name(), t.rows(), dumpRows, dumpFingerprint, null, null);
    }

    public Catalog.TableName tableName() {
        return new Catalog.TableName(schema, name);
    }

    public TableEvidence withRestored(long rows, String fingerprint) {
        return new TableEvidence(table, schema, name, productionRows, dumpRows, dumpFingerprint, rows, fingerprint);
    }
}
