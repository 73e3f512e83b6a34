package dev.bulwark.rehearse.template;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.SandboxDirs;
import dev.bulwark.repository.AtomicFiles;
import dev.bulwark.repository.Json;
import dev.bulwark.repository.Manifest;

/**
 * The templates of one database: {@code <root>/<database>/pg<major>-<backup id>/}, a cluster holding the
 * restored backup as database {@value TemplateCluster#TEMPLATE_DATABASE}, and {@code template.json}, written
 * last. At most one template per database is kept: preparing one for another backup removes the others.
 * A rehearsal holds {@code <root>/<database>/.lock} from start to end, so two rehearsals of the same
 * database take turns instead of starting one server twice.
 */
public final class TemplateStore implements AutoCloseable {
    static final String MARKER = "template.json";
    private static final String LOCK = ".lock";

    private final Path dir;
    private final OsUser osUser;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private TemplateStore(Path dir, OsUser osUser, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.osUser = osUser;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public static TemplateStore open(Path root, String database, OsUser osUser) {
        Path dir = root.resolve(RehearseDirs.folder(database));
        try {
            createReachable(dir);
            FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new TemplateStore(dir, osUser, channel, channel.lock());
        } catch (IOException e) {
            throw BulwarkException.environment("cannot use the rehearsal folder " + dir + ": " + e.getMessage()
                    + "; set " + RehearseDirs.VARIABLE + " to a writable directory with room for a restored copy", e);
        }
    }

    /** Creates the folder and any missing parents so that the server's OS user can pass through them. */
    private static void createReachable(Path dir) throws IOException {
        Path missing = dir.toAbsolutePath();
        while (missing.getParent() != null && !Files.exists(missing.getParent())) missing = missing.getParent();
        Files.createDirectories(dir);
        for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(missing); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
        }
    }

    /**
     * A running template of this backup: the one kept from an earlier rehearsal when it is complete and fits,
     * else a new one restored from the backup. With {@code fresh} an existing one is thrown away first.
     */
    public PreparedTemplate prepare(Manifest backup, Path dump, PgBinaries binaries, int jobs, boolean fresh, Clock clock) {
        long t0 = System.nanoTime();
        PgBinaries.Tool server = binaries.requireServer(backup.source().major(),
                "for the rehearsal server of a PostgreSQL " + backup.source().serverVersion() + " backup");
        Path target = dir.resolve("pg" + server.major() + "-" + backup.backupId());
        removeOthers(target);
        String boot = BootId.current();
        TemplateManifest kept = fresh ? null : readMarker(target);
        if (kept != null && kept.fits(backup.backupId(), server.major(), boot)) {
            TemplateCluster cluster = TemplateCluster.existing(target, server, osUser);
            cluster.start();
            try {
                CloneDatabase.dropLeftovers(cluster);
            } catch (SQLException e) {
                cluster.stop();
                throw BulwarkException.environment("the kept rehearsal template in " + target + " does not answer: " + e.getMessage()
                        + "; remove that folder to restore it again", e);
            }
            return new PreparedTemplate(cluster, kept, true, elapsed(t0));
        }
        if (Files.exists(target)) SandboxDirs.stopAndDelete(target, server, osUser);
        PgBinaries.Tool pgRestore = binaries.require("pg_restore", backup.dumper().major(),
                "to read a dump written by pg_dump " + backup.dumper().version());
        TemplateCluster cluster = TemplateCluster.create(target, server, osUser);
        try {
            cluster.start();
            TemplateRestore.Result restored = TemplateRestore.into(cluster, backup, dump, pgRestore, jobs);
            TemplateManifest made = new TemplateManifest(TemplateManifest.FORMAT, backup.database(), backup.backupId(),
                    backup.snapshotAt(), server.major(), server.version(), boot, clock.instant(), restored.restoreMs(),
                    restored.analyzeMs(), restored.baseline());
            AtomicFiles.write(target.resolve(MARKER), Json.mapper().writeValueAsBytes(made));
            return new PreparedTemplate(cluster, made, false, elapsed(t0));
        } catch (IOException e) {
            SandboxDirs.stopAndDelete(target, server, osUser);
            throw BulwarkException.environment("cannot write " + target.resolve(MARKER) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // a half-made template is never kept: without its marker it would not be used anyway
            SandboxDirs.stopAndDelete(target, server, osUser);
            throw e;
        }
    }

    /** Templates of other backups (or of another PostgreSQL major) take room and are never used again. */
    private void removeOthers(Path keep) {
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : all.filter(Files::isDirectory).filter(p -> !p.equals(keep)).toList()) {
                SandboxDirs.stopAndDelete(p, null, osUser);
            }
        } catch (IOException e) {
            // housekeeping: what is not removed now is removed next time
        }
    }

    private static TemplateManifest readMarker(Path template) {
        Path marker = template.resolve(MARKER);
        if (!Files.isRegularFile(marker)) return null;
        try {
            return Json.mapper().readValue(Files.readString(marker, StandardCharsets.UTF_8), TemplateManifest.class);
        } catch (IOException e) {
            return null; // unreadable: restored again
        }
    }

    private static long elapsed(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        }
    }
}
