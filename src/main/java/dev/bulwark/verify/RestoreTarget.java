package dev.bulwark.verify;

import java.util.List;

import dev.bulwark.postgres.PgUrl;

/** An empty database to restore a backup into; closing it throws the restored copy away. */
public interface RestoreTarget extends AutoCloseable {
    /** The database to restore into, with credentials. */
    PgUrl url();

    /** For reports: where the restore went, without secrets. */
    String description();

    String serverVersion();

    /** pg_restore options this kind of target needs. */
    List<String> restoreOptions();

    /** The server log's last lines where Bulwark owns the server, else null. */
    String logTail();

    @Override
    void close();
}
