package dev.bulwark.pitr;

import java.time.Instant;
import java.util.Map;

import dev.bulwark.postgres.PgUrl;

/**
 * A cluster restored to a moment and open for reading and writing; closing it stops and deletes it.
 *
 * @param lastTransactionAt the commit time of the last transaction replayed, as the server logged it
 * @param stoppedBefore     the commit time of the first transaction not replayed (only when a target time stopped it)
 */
public record RestoredCluster(
        LocalCluster cluster,
        PgUrl superuserUrl,
        BaseBackupManifest baseBackup,
        String target,
        Instant lastTransactionAt,
        Instant stoppedBefore,
        int timeline,
        long durationMs,
        Map<String, Long> phasesMs) implements AutoCloseable {

    /** A URL for one database of the restored cluster (superuser, loopback, random password). */
    public PgUrl url(String database) {
        return superuserUrl.withDatabase(database);
    }

    public String description() {
        return "sandbox (PostgreSQL " + cluster.server().version() + " on 127.0.0.1:" + cluster.port() + ")";
    }

    @Override
    public void close() {
        cluster.close();
    }
}
