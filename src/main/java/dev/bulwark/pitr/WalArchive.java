package dev.bulwark.pitr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.repository.AtomicFiles;
import dev.bulwark.repository.FileDigests;

/**
 * The WAL archive of one database: {@code <repo>/<db>/wal/<file>.gz}. A push compresses into a
 * private temp file, fsyncs it and links it under its name, which fails if the name is taken, so a
 * partial upload is never visible and nothing is ever overwritten. A fetch checks the content
 * against its recorded SHA-256 before the caller may use it.
 */
public final class WalArchive {
    static final String SUFFIX = ".gz";
    static final String TEMP_DIR = ".tmp";

    private final Path dir;

    public WalArchive(Path dir) {
        this.dir = dir;
    }

    /** Where a database's archive lives in a repository. */
    public static WalArchive of(Path repositoryRoot, String database) {
        return new WalArchive(repositoryRoot.resolve(database).resolve("wal"));
    }

    public Path dir() {
        return dir;
    }

    public enum PushOutcome { ARCHIVED, ALREADY_ARCHIVED }

    public record Pushed(String name, PushOutcome outcome, long size, long storedBytes, String sha256) {}

    /** One archived file. */
    public record Entry(WalFileName name, long storedBytes, Instant archivedAt) {}

    /** Archives a file PostgreSQL hands to archive_command. */
    public Pushed push(Path source) {
        return push(source, source.getFileName().toString());
    }

    /** Archives {@code source} under the WAL file name {@code fileName} (wal-stream's finished segments). */
    public Pushed push(Path source, String fileName) {
        WalFileName name = parseName(fileName);
        Path target = dir.resolve(name.name() + SUFFIX);
        try {
            Files.createDirectories(dir.resolve(TEMP_DIR));
            if (name.isSegment()) checkIdentity(name, source);
            if (Files.exists(target)) return alreadyArchived(name, source, target);
            Path tmp = dir.resolve(TEMP_DIR).resolve(name.name() + "." + UUID.randomUUID() + ".tmp");
            try {
                ArchivedWalFile.Original written;
                try (InputStream in = Files.newInputStream(source);
                     FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    written = ArchivedWalFile.write(in, out);
                    out.force(true);
                }
                if (!publish(tmp, target)) return alreadyArchived(name, source, target);
                AtomicFiles.fsyncDirectory(dir);
                return new Pushed(name.name(), PushOutcome.ARCHIVED, written.size(), Files.size(target), written.sha256());
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (NoSuchFileException e) {
            throw BulwarkException.usage("cannot archive " + source + ": no such file (archive_command passes %p, the path "
                    + "relative to the data directory it runs in)");
        } catch (IOException e) {
            throw BulwarkException.environment("cannot archive " + name.name() + " into " + dir + ": " + describe(e)
                    + "; the OS user running PostgreSQL must be able to write there", e);
        }
    }

    /**
     * A hard link publishes the finished file under its name atomically and, unlike rename, fails
     * when the name exists: two pushes of one name cannot overwrite each other. Where the file
     * system has no hard links, a rename after a check is the fallback.
     */
    private static boolean publish(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            if (Files.exists(target)) return false;
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    private Pushed alreadyArchived(WalFileName name, Path source, Path target) throws IOException {
        ArchivedWalFile.Original stored = ArchivedWalFile.header(target);
        String sha = FileDigests.sha256(source);
        long size = Files.size(source);
        if (stored.sha256().equals(sha) && stored.size() == size) {
            return new Pushed(name.name(), PushOutcome.ALREADY_ARCHIVED, size, Files.size(target), sha);
        }
        String whose = WalPageHeader.read(source).map(h -> ", written by system " + h.systemIdentifier()).orElse("");
        throw new BulwarkException(ExitCode.CHECK_FAILED, "REFUSED to archive " + name.name() + ": a DIFFERENT file is already "
                + "archived under that name in " + dir + " (archived: " + stored.size() + " bytes, SHA-256 " + stored.sha256()
                + "; this one: " + size + " bytes, SHA-256 " + sha + whose + "). Two servers are archiving into the same "
                + "archive, or this server's history diverged from the one archived here. Nothing was overwritten. Give each "
                + "server its own database entry and archive (wal-push --db NAME), and check which server the archive belongs "
                + "to before using it for a restore");
    }

    private void checkIdentity(WalFileName name, Path source) throws IOException {
        Optional<WalPageHeader> header = WalPageHeader.read(source);
        if (header.isEmpty()) return;
        Optional<ArchiveIdentity> identity = ArchiveIdentity.read(dir);
        if (identity.isEmpty()) {
            new ArchiveIdentity(header.get().systemIdentifier(), header.get().segmentSize()).write(dir);
            return;
        }
        if (!identity.get().systemIdentifier().equals(header.get().systemIdentifier())) {
            throw new BulwarkException(ExitCode.CHECK_FAILED, "REFUSED to archive " + name.name() + ": it was written by "
                    + "PostgreSQL system " + header.get().systemIdentifier() + " but the archive in " + dir + " belongs to system "
                    + identity.get().systemIdentifier() + " (" + ArchiveIdentity.FILE + "). Two servers must not share one archive: "
                    + "give this server its own database entry (wal-push --db NAME). Nothing was written");
        }
    }

    /** Outcome of a fetch: restored to the destination (from an archived file, or from the segment wal-stream is receiving), or not archived. */
    public enum FetchOutcome { RESTORED, RESTORED_PARTIAL, NOT_ARCHIVED }

    /**
     * Restores an archived file to {@code destination} (restore_command's %p) only after its content
     * matched its checksum; a damaged file throws {@link ArchivedWalFile.CorruptArchiveException}
     * and leaves nothing at the destination.
     */
    public FetchOutcome fetch(String fileName, Path destination) throws IOException {
        return fetch(fileName, destination, false);
    }

    /**
     * Like {@link #fetch(String, Path)}; with {@code includePartial}, a segment the archive does not
     * have yet but wal-stream is receiving is restored from what has arrived so far (see
     * {@link PartialSegments#copyPadded}). That data has no checksum yet, as it is still being
     * written, so only a restore that asks for it gets it.
     */
    public FetchOutcome fetch(String fileName, Path destination, boolean includePartial) throws IOException {
        WalFileName name = parseName(fileName);
        Path source = dir.resolve(name.name() + SUFFIX);
        if (Files.exists(source)) {
            writeThenRename(destination, out -> ArchivedWalFile.extract(source, out));
            return FetchOutcome.RESTORED;
        }
        PartialSegments partials = partials();
        if (!includePartial || !name.isSegment() || !partials.has(name.name())) return FetchOutcome.NOT_ARCHIVED;
        writeThenRename(destination, out -> partials.copyPadded(name.name(), segmentSize(), out));
        return FetchOutcome.RESTORED_PARTIAL;
    }

    /** The segment wal-stream is receiving, next to the archived files. */
    public PartialSegments partials() {
        return new PartialSegments(dir.resolve(PartialSegments.DIR));
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** PostgreSQL must never see a half-written file under the name it asked for. */
    private static void writeThenRename(Path destination, Content content) throws IOException {
        Path tmp = destination.resolveSibling("." + destination.getFileName() + ".bulwark-" + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The segment size recorded by the first push; partial segments are padded to it. */
    private long segmentSize() throws IOException {
        return ArchiveIdentity.read(dir).map(ArchiveIdentity::segmentSize).orElseThrow(() -> new IOException("the archive " + dir
                + " has no " + ArchiveIdentity.FILE + " giving the WAL segment size"));
    }

    /** A small archived file (a timeline history), checked and decompressed, if the archive has it. */
    public Optional<String> readText(String fileName) {
        Path source = dir.resolve(parseName(fileName).name() + SUFFIX);
        if (!Files.exists(source)) return Optional.empty();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            ArchivedWalFile.extract(source, out);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot read " + source + ": " + describe(e), e);
        }
        return Optional.of(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The history of the newest timeline the archive has segments of (the first timeline has none). */
    public TimelineHistory newestTimeline() {
        int newest = list().stream().filter(e -> e.name().isSegment()).mapToInt(e -> e.name().timeline()).max().orElse(1);
        String name = String.format(java.util.Locale.ROOT, "%08X.history", newest);
        return readText(name).map(text -> TimelineHistory.parse(newest, text)).orElse(TimelineHistory.first(newest));
    }

    /** Every archived file, in name order (timeline, then position). */
    public List<Entry> list() {
        if (!Files.isDirectory(dir)) return List.of();
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String file = f.getFileName().toString();
                if (!file.endsWith(SUFFIX)) continue;
                String stem = file.substring(0, file.length() - SUFFIX.length());
                if (!WalFileName.isWalFileName(stem)) continue;
                try {
                    out.add(new Entry(WalFileName.parse(stem), Files.size(f), Files.getLastModifiedTime(f).toInstant()));
                } catch (NoSuchFileException gone) {
                    // removed while listing: not part of the archive any more
                }
            }
        } catch (IOException e) {
            throw BulwarkException.environment("cannot list the WAL archive " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(e -> e.name().name()));
        return out;
    }

    /** Whether the archive has a file of this WAL file name. */
    public boolean contains(String fileName) {
        return Files.exists(dir.resolve(parseName(fileName).name() + SUFFIX));
    }

    /** The newest complete segment (highest timeline, then position), if any. */
    public Optional<Entry> newestSegment() {
        return list().stream().filter(e -> e.name().isSegment()).reduce((a, b) -> b);
    }

    /** The cluster this archive belongs to, once something was pushed. */
    public Optional<ArchiveIdentity> identity() {
        try {
            return ArchiveIdentity.read(dir);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot read " + dir.resolve(ArchiveIdentity.FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Deletes temp files of pushes that were killed; returns how many. */
    public int sweepAbandonedUploads(Instant now, Duration olderThan) {
        Path tmpDir = dir.resolve(TEMP_DIR);
        if (!Files.isDirectory(tmpDir)) return 0;
        int swept = 0;
        try (Stream<Path> files = Files.list(tmpDir)) {
            for (Path f : files.toList()) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(now.minus(olderThan)) && Files.deleteIfExists(f)) swept++;
            }
        } catch (IOException e) {
            // housekeeping only: leftovers are invisible and are retried next time
        }
        return swept;
    }

    /** File-system errors often carry only a path as message; say what happened to it. */
    static String describe(IOException e) {
        return switch (e) {
            case java.nio.file.AccessDeniedException a -> "permission denied on " + a.getFile();
            case java.nio.file.FileSystemException f -> f.getReason() == null ? f.getClass().getSimpleName() + " on " + f.getFile()
                    : f.getReason() + " (" + f.getFile() + ")";
            default -> e.getMessage();
        };
    }

    private static WalFileName parseName(String name) {
        try {
            return WalFileName.parse(name);
        } catch (IllegalArgumentException e) {
            throw BulwarkException.usage(e.getMessage());
        }
    }
}
