package dev.bulwark.gate.execute;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import dev.bulwark.BulwarkException;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.postgres.Catalog;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.Identifiers;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.ProcessRunner;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.Manifest;
import dev.bulwark.verify.DataFileScanner;
import dev.bulwark.verify.TocEntry;
import dev.bulwark.verify.TocReader;

/**
 * Puts back what an approved change altered, from the safety copy taken before it ran. A table
 * that still exists gets its rows back (emptied and reloaded in one transaction); a table the
 * change dropped is restored whole (definition, data, indexes, constraints) with pg_restore.
 */
public final class ChangeUndo {
    private final PgBinaries binaries;
    private final Map<String, String> env;

    public ChangeUndo(PgBinaries binaries, Map<String, String> env) {
        this.binaries = binaries;
        this.env = env;
    }

    /** Returns the tables put back. */
    public List<String> undo(String database, DatabaseConfig db, BackupRepository repository, String safetyBackupId) {
        Manifest copy = repository.find(ChangeExecutor.safetyKey(database), safetyBackupId);
        Path dump = repository.backupDir(ChangeExecutor.safetyKey(database), safetyBackupId).resolve("dump");
        PgUrl write = ChangeExecutor.writeUrl(database, db, env);
        TocReader.Archive archive;
        try {
            archive = TocReader.read(dump.resolve("toc.dat"));
        } catch (java.io.IOException e) {
            throw BulwarkException.checkFailed("the safety copy " + safetyBackupId + " is unreadable: " + e.getMessage());
        }
        Map<Catalog.TableName, TocEntry> data = new HashMap<>();
        archive.entries().stream().filter(TocEntry::isTableData).forEach(e -> data.put(new Catalog.TableName(e.namespace(), e.tag()), e));
        List<String> restored = new ArrayList<>();
        boolean anyDropped = false;
        try (Connection c = Connections.open(write, "undo on " + database)) {
            for (Manifest.TableCount t : copy.tables()) {
                Catalog.TableName name = new Catalog.TableName(t.schema(), t.name());
                if (exists(c, name)) {
                    reload(c, name, data.get(name), dump, copy.source().encoding());
                    restored.add(name.display());
                } else {
                    anyDropped = true;
                }
            }
        } catch (SQLException e) {
            throw BulwarkException.checkFailed("undo failed and was rolled back: " + e.getMessage());
        }
        if (anyDropped && !restored.isEmpty()) {
            throw BulwarkException.checkFailed("the change both dropped and modified tables; " + restored + " were put back, "
                    + "restore the dropped ones from safety copy " + safetyBackupId + " with pg_restore");
        }
        if (anyDropped) {
            restoreDropped(write, dump, copy, restored);
        }
        return restored;
    }

    private static boolean exists(Connection c, Catalog.TableName t) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass(" + Identifiers.literal(t.quoted()) + ") IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Empties the table and loads the copy's rows, in one transaction: all of it comes back or none. */
    private static void reload(Connection c, Catalog.TableName t, TocEntry entry, Path dump, String encoding) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '5s'");
            // TRUNCATE, not DELETE: no ON DELETE cascades or triggers fire, and a table other tables
            // still reference makes it fail (rolled back) instead of deleting their rows too.
            st.execute("TRUNCATE ONLY " + t.quoted());
            if (entry != null) {
                String copySql = entry.copyStmt().strip().replaceAll(";$", "") + " WITH (ENCODING "
                        + Identifiers.literal(encoding == null ? "UTF8" : encoding) + ")";
                PGCopyOutputStream out = new PGCopyOutputStream(c.unwrap(PGConnection.class), copySql, 1 << 16);
                Path file = dump.resolve(entry.filename());
                DataFileScanner.Scan scan = DataFileScanner.scan(java.nio.file.Files.exists(file) ? file : dump.resolve(entry.filename() + ".gz"), out);
                if (!scan.ok()) {
                    out.cancelCopy();
                    throw new SQLException("the safety copy of " + t.display() + " is damaged: " + scan.problem());
                }
                out.endCopy();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private void restoreDropped(PgUrl write, Path dump, Manifest copy, List<String> restored) {
        PgBinaries.Tool pgRestore = binaries.require("pg_restore", copy.dumper().major(), "to restore the safety copy");
        List<String> cmd = new ArrayList<>(List.of(pgRestore.path().toString(), "--dbname=" + write.libpqUri(), "--no-password",
                "--single-transaction", "--exit-on-error", dump.toString()));
        ProcessRunner.Result r = ProcessRunner.run(cmd, Connections.libpqEnv(write), null, Duration.ofHours(6));
        if (!r.ok()) {
            throw BulwarkException.checkFailed("restoring the dropped tables failed (nothing was changed): " + r.tail(5));
        }
        copy.tables().stream().map(Manifest.TableCount::qualified).filter(t -> !restored.contains(t)).forEach(restored::add);
    }
}
