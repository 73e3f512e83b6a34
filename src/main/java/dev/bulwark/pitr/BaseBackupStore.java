package dev.bulwark.pitr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.bulwark.BulwarkException;
import dev.bulwark.FileTrees;
import dev.bulwark.repository.AtomicFiles;
import dev.bulwark.repository.Json;

/**
 * Base backups of one repository: {@code <repo>/<db>/basebackups/<id>/data} (pg_basebackup's plain
 * format, with its backup_manifest) and {@code manifest.json}, written last. A directory in
 * progress carries a mark naming its writer; one whose writer died is swept by the next backup.
 */
public final class BaseBackupStore {
    static final String MANIFEST = "manifest.json";
    static final String IN_PROGRESS = ".in-progress";

    private final Path root;

    public BaseBackupStore(Path repositoryRoot) {
        this.root = repositoryRoot;
    }

    public Path dir(String database) {
        return root.resolve(database).resolve("basebackups");
    }

    public Path dataDir(String database, String backupId) {
        return dir(database).resolve(backupId).resolve("data");
    }

    /** Complete base backups, oldest first. */
    public List<BaseBackupManifest> list(String database) {
        Path dir = dir(database);
        if (!Files.isDirectory(dir)) return List.of();
        List<BaseBackupManifest> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) read(d).ifPresent(out::add);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot list base backups in " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(BaseBackupManifest::finishedAt));
        return out;
    }

    /** The newest base backup that was complete before {@code moment}: replay can start from it and reach the moment. */
    public Optional<BaseBackupManifest> newestBefore(String database, Instant moment) {
        return list(database).stream().filter(m -> !m.finishedAt().isAfter(moment)).reduce((a, b) -> b);
    }

    Path begin(String database, String backupId) {
        Path dir = dir(database).resolve(backupId);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(IN_PROGRESS), mark(ProcessHandle.current()), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw BulwarkException.environment("cannot create base backup directory " + dir + ": " + e.getMessage(), e);
        }
    }

    void publish(Path dir, BaseBackupManifest manifest) throws IOException {
        AtomicFiles.write(dir.resolve(MANIFEST), Json.mapper().writeValueAsBytes(manifest));
        Files.deleteIfExists(dir.resolve(IN_PROGRESS));
        AtomicFiles.fsyncDirectory(dir);
    }

    static void abandon(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // left for the next sweep: without a manifest it is never used
        }
    }

    /** Deletes base backups without a manifest whose writer is gone; returns their ids. */
    public List<String> sweepIncomplete(String database) {
        Path dir = dir(database);
        if (!Files.isDirectory(dir)) return List.of();
        List<String> swept = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                if (Files.exists(d.resolve(MANIFEST)) || writerAlive(d.resolve(IN_PROGRESS))) continue;
                abandon(d);
                swept.add(d.getFileName().toString());
            }
        } catch (IOException e) {
            // housekeeping: incomplete backups are never listed anyway
        }
        return swept;
    }

    private static Optional<BaseBackupManifest> read(Path dir) {
        try {
            BaseBackupManifest m = Json.mapper().readValue(dir.resolve(MANIFEST).toFile(), BaseBackupManifest.class);
            return m != null && m.format() == BaseBackupManifest.FORMAT && m.finishedAt() != null && m.startLsn() != null
                    ? Optional.of(m) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String mark(ProcessHandle p) {
        return p.pid() + " " + p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static boolean writerAlive(Path markFile) {
        try {
            String mark = Files.readString(markFile, StandardCharsets.UTF_8).trim();
            return ProcessHandle.of(Long.parseLong(mark.split(" ")[0])).map(p -> mark(p).equals(mark)).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
