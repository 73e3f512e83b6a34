package dev.bulwark.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import dev.bulwark.BulwarkException;
import dev.bulwark.FileTrees;

/**
 * Backups in a local directory, laid out as DESIGN.md says. A backup directory is usable only once
 * its manifest.json exists; until then it carries an in-progress mark naming its writer, and a
 * backup whose writer is gone is swept.
 */
public final class BackupRepository {
    static final String MANIFEST = "manifest.json";
    static final String IN_PROGRESS = ".in-progress";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RECORD_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path root;

    public BackupRepository(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path backupsDir(String database) {
        return root.resolve(database).resolve("backups");
    }

    public Path backupDir(String database, String backupId) {
        return backupsDir(database).resolve(backupId);
    }

    /** Starts a new backup directory marked as in progress by this process. */
    public PendingBackup begin(String database, Instant now) {
        String id = ID_TIME.format(now) + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path dir = backupDir(database, id);
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir);
            Files.writeString(dir.resolve(IN_PROGRESS), WriterMark.current(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot create backup directory " + dir + ": " + e.getMessage(), e);
        }
        return new PendingBackup(id, dir);
    }

    /** Complete backups, oldest first. */
    public List<Manifest> list(String database) {
        List<Manifest> out = new ArrayList<>();
        for (Path dir : backupDirs(database)) {
            readManifest(dir).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(Manifest::snapshotAt).thenComparing(Manifest::backupId));
        return out;
    }

    /** The backup with this id, or the newest with "latest" (or null). */
    public Manifest find(String database, String idOrLatest) {
        if (idOrLatest == null || idOrLatest.equals("latest")) {
            List<Manifest> all = list(database);
            if (all.isEmpty()) {
                throw BulwarkException.usage("no complete backup of '" + database + "' in " + root + "; run 'bulwark backup' first");
            }
            return all.get(all.size() - 1);
        }
        if (!idOrLatest.matches("[A-Za-z0-9_.-]+")) {
            throw BulwarkException.usage("'" + idOrLatest + "' is not a backup id; see 'bulwark backups list'");
        }
        Path dir = backupDir(database, idOrLatest);
        if (!Files.isDirectory(dir)) {
            throw BulwarkException.usage("no backup '" + idOrLatest + "' of '" + database + "' in " + root + "; see 'bulwark backups list'");
        }
        return readManifest(dir).orElseThrow(() -> BulwarkException.checkFailed("backup '" + idOrLatest
                + "' is incomplete (no readable manifest.json): it was interrupted and is not usable"));
    }

    /** Deletes backup directories without a manifest whose writer is no longer running. */
    public List<String> sweepIncomplete(String database) {
        List<String> swept = new ArrayList<>();
        for (Path dir : backupDirs(database)) {
            if (Files.exists(dir.resolve(MANIFEST))) continue;
            if (WriterMark.isAlive(dir.resolve(IN_PROGRESS))) continue;
            deleteTree(dir);
            swept.add(dir.getFileName().toString());
        }
        return swept;
    }

    public Path verificationsDir(String database, String backupId) {
        return root.resolve(database).resolve("verifications").resolve(backupId);
    }

    /** Stores one verification's evidence; returns the file written. */
    public Path recordVerification(String database, String backupId, Instant at, Object record) {
        Path dir = verificationsDir(database, backupId);
        Path file = dir.resolve(RECORD_TIME.format(at) + ".json");
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(file, Json.mapper().writeValueAsBytes(record));
            return file;
        } catch (IOException e) {
            throw BulwarkException.environment("cannot record the verification in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Stored verifications of a backup, oldest first, read as the given type. */
    public <T> List<T> verifications(String database, String backupId, Class<T> type) {
        Path dir = verificationsDir(database, backupId);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            List<T> out = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().matches("\\d{8}T.*\\.json")).sorted().toList()) {
                try {
                    out.add(Json.mapper().readValue(f.toFile(), type));
                } catch (IOException unreadable) {
                    // a damaged record is skipped, not trusted
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private List<Path> backupDirs(String database) {
        Path dir = backupsDir(database);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw BulwarkException.environment("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static Optional<Manifest> readManifest(Path backupDir) {
        Path file = backupDir.resolve(MANIFEST);
        try {
            Manifest m = Json.mapper().readValue(file.toFile(), Manifest.class);
            return m != null && m.format() == Manifest.FORMAT && m.backupId() != null && m.snapshotAt() != null && m.source() != null
                    && m.dumper() != null && m.files() != null && m.tables() != null ? Optional.of(m) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
