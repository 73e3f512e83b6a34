package dev.bulwark.gate.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bulwark.BulwarkException;
import dev.bulwark.backup.BackupResult;
import dev.bulwark.backup.BackupService;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.postgres.Catalog;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.repository.BackupRepository;

/**
 * Runs an approved change with the write credentials, which no agent ever holds: first a safety
 * copy of every table the change touches (the whole database when they cannot be named), then
 * the exact approved SQL in one transaction with lock and statement timeouts.
 */
public final class ChangeExecutor {
    private final PgBinaries binaries;
    private final Map<String, String> env;
    private final Clock clock;

    public ChangeExecutor(PgBinaries binaries, Map<String, String> env, Clock clock) {
        this.binaries = binaries;
        this.env = env;
        this.clock = clock;
    }

    /** The repository key under which the safety copies of a database's changes are kept. */
    public static String safetyKey(String database) {
        return database + ".safety";
    }

    public Execution execute(String sql, String database, DatabaseConfig db, BackupRepository repository,
                             Set<Catalog.TableName> tables) {
        PgUrl write = writeUrl(database, db, env);
        BackupResult copy = new BackupService(binaries, env, clock).backup(safetyKey(database), withUrl(db, db.gate().writeUrl()),
                repository, 1, tables);
        long start = System.nanoTime();
        try (Connection c = Connections.open(write, "approved change on " + database); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL lock_timeout = '5s'; SET LOCAL statement_timeout = '15min'");
            long rows = 0;
            boolean result = st.execute(sql);
            while (true) {
                if (!result) {
                    int count = st.getUpdateCount();
                    if (count == -1) break;
                    rows += count;
                }
                result = st.getMoreResults();
            }
            c.commit();
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new Execution(safetyKey(database), copy.manifest().backupId(),
                    tables.stream().map(Catalog.TableName::display).sorted().toList(), rows, ms);
        } catch (SQLException e) {
            throw BulwarkException.checkFailed("the approved change failed and was rolled back: " + e.getMessage()
                    + " (safety copy " + copy.manifest().backupId() + " kept)");
        }
    }

    static PgUrl writeUrl(String database, DatabaseConfig db, Map<String, String> env) {
        if (db.gate() == null || db.gate().writeUrl() == null) {
            throw BulwarkException.usage("databases." + database + ".gate.write_url is not set: approved changes run with "
                    + "those credentials, which agents never get");
        }
        return Connections.withSecret(PgUrl.parse(db.gate().writeUrl()), null, env);
    }

    /** The database's settings with the write role's URL: the safety copy reads what the change will touch. */
    static DatabaseConfig withUrl(DatabaseConfig db, String url) {
        return new DatabaseConfig(url, db.passwordFile(), db.rpo(), db.rto(), List.of(), List.of(), db.gate());
    }
}
