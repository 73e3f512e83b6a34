package dev.bulwark.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.Catalog;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.ProcessRunner;
import dev.bulwark.repository.FileDigests;
import dev.bulwark.repository.Manifest;

/**
 * The quick level of verification, which needs no server: every file matches the manifest, the
 * table of contents reads, and every table's data file decompresses to exactly the row count
 * production had in the snapshot.
 */
final class QuickChecks {
    private final Manifest manifest;
    private final Path backupDir;
    private final List<CheckResult> checks = new ArrayList<>();

    QuickChecks(Manifest manifest, Path backupDir) {
        this.manifest = manifest;
        this.backupDir = backupDir;
    }

    List<CheckResult> checks() {
        return checks;
    }

    /** SHA-256 and size of every file against the manifest; files the manifest does not know are flagged too. */
    void files(int threads) {
        List<Manifest.FileEntry> expected = manifest.files();
        Set<String> known = new HashSet<>();
        List<CheckResult> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads))) {
            List<Future<CheckResult>> futures = new ArrayList<>();
            for (Manifest.FileEntry f : expected) {
                known.add(f.path());
                futures.add(pool.submit(() -> checkFile(f)));
            }
            for (Future<CheckResult> f : futures) {
                CheckResult r = get(f);
                if (r != null) failures.add(r);
            }
        }
        try (Stream<Path> s = Files.walk(backupDir.resolve("dump"))) {
            s.filter(Files::isRegularFile).map(p -> backupDir.relativize(p).toString()).filter(p -> !known.contains(p))
                    .sorted().forEach(p -> failures.add(CheckResult.fail("files", p, "not in the manifest", "present",
                            "file " + p + " is not listed in the manifest: the backup was changed after it was taken")));
        } catch (IOException e) {
            failures.add(CheckResult.fail("files", "dump", "readable directory", "unreadable", "cannot list the dump: " + e.getMessage()));
        }
        checks.addAll(failures);
        if (failures.isEmpty()) {
            checks.add(CheckResult.pass("files", "checksums", expected.size() + " files, " + manifest.totalSize() + " bytes",
                    "all match"));
        }
    }

    private CheckResult checkFile(Manifest.FileEntry f) throws IOException {
        Path p = backupDir.resolve(f.path());
        if (!Files.isRegularFile(p)) {
            return CheckResult.fail("files", f.path(), "present", "missing", "file " + f.path() + " is missing from the backup");
        }
        long size = Files.size(p);
        if (size != f.size()) {
            return CheckResult.fail("files", f.path(), f.size() + " bytes", size + " bytes",
                    "file " + f.path() + " has " + size + " bytes; the manifest says " + f.size());
        }
        String sha = FileDigests.sha256(p);
        if (!sha.equals(f.sha256())) {
            return CheckResult.fail("files", f.path(), "sha256 " + f.sha256(), "sha256 " + sha,
                    "file " + f.path() + " does not match its SHA-256 in the manifest: its content changed");
        }
        return null;
    }

    /** pg_restore --list must read the archive, and Bulwark's own reader must parse it. */
    TocReader.Archive tableOfContents(PgBinaries.Tool pgRestore) {
        return tableOfContents(pgRestore, new ArrayList<>());
    }

    /** As above, also handing back pg_restore's listing (empty when it could not list). */
    TocReader.Archive tableOfContents(PgBinaries.Tool pgRestore, List<String> listing) {
        Path dump = backupDir.resolve("dump");
        ProcessRunner.Result list = ProcessRunner.run(List.of(pgRestore.path().toString(), "--list", dump.toString()),
                Map.of(), null, Duration.ofMinutes(10), Integer.MAX_VALUE);
        if (list.ok()) {
            listing.addAll(list.stdout());
            checks.add(CheckResult.pass("archive", "pg_restore --list", "readable table of contents",
                    list.stdout().stream().filter(l -> !l.startsWith(";") && !l.isBlank()).count() + " entries"));
        } else {
            checks.add(CheckResult.fail("archive", "pg_restore --list", "readable table of contents", "unreadable",
                    "pg_restore " + pgRestore.version() + " cannot read the table of contents: " + list.tail(3)));
        }
        try {
            TocReader.Archive archive = TocReader.read(dump.resolve("toc.dat"));
            checks.add(CheckResult.pass("archive", "toc.dat", "parsable", archive.entries().size() + " entries, archive "
                    + archive.archiveVersion()));
            return archive;
        } catch (IOException e) {
            checks.add(CheckResult.fail("archive", "toc.dat", "parsable", "damaged", "the table of contents is damaged: "
                    + e.getMessage()));
            return null;
        }
    }

    /** Scans every table's data file; returns the evidence per table (dump side filled in). */
    List<TableEvidence> dataFiles(TocReader.Archive archive, int threads) {
        return dataEvidence(archive, threads, entry -> DataFileScanner.scan(dataFile(entry)));
    }

    /**
     * The dump side of every table's evidence, taking each table's scan from {@code scans} (in a
     * full verification, the scans made while loading the data), scanning the file itself for
     * entries it was not given.
     */
    List<TableEvidence> dataEvidence(TocReader.Archive archive, int threads, Function<TocEntry, DataFileScanner.Scan> scans) {
        Map<Catalog.TableName, TocEntry> dataEntries = dataEntries(archive);
        List<TableEvidence> evidence = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads))) {
            List<Future<TableEvidence>> futures = new ArrayList<>();
            for (Manifest.TableCount t : manifest.tables()) {
                TocEntry entry = dataEntries.get(new Catalog.TableName(t.schema(), t.name()));
                futures.add(pool.submit(() -> tableEvidence(t, entry, archive != null, scans)));
            }
            for (Future<TableEvidence> f : futures) evidence.add(get(f));
        }
        return evidence;
    }

    private TableEvidence tableEvidence(Manifest.TableCount t, TocEntry entry, boolean tocReadable,
                                        Function<TocEntry, DataFileScanner.Scan> scans) {
        if (entry == null) {
            if (tocReadable) {
                add(CheckResult.fail("data", t.qualified(), t.rows() + " rows", "no data in the dump",
                        "table " + t.qualified() + " exists in production (" + t.rows() + " rows) but the dump has no data for it"));
            }
            return new TableEvidence(t, null, null);
        }
        DataFileScanner.Scan scan = scans.apply(entry);
        if (!scan.ok()) {
            add(CheckResult.fail("data", t.qualified(), t.rows() + " rows", scan.rows() + " rows readable",
                    "table " + t.qualified() + ": " + scan.problem()));
            return new TableEvidence(t, scan.rows(), null);
        }
        if (scan.rows() != t.rows()) {
            add(CheckResult.fail("data", t.qualified(), t.rows() + " rows", scan.rows() + " rows",
                    "table " + t.qualified() + ": the dump holds " + scan.rows() + " rows, production had " + t.rows()
                            + " in the backup's snapshot"));
        } else {
            add(CheckResult.pass("data", t.qualified(), t.rows() + " rows", scan.rows() + " rows"));
        }
        return new TableEvidence(t, scan.rows(), scan.fingerprint());
    }

    /** The TOC's table-data entries by the table they belong to. */
    static Map<Catalog.TableName, TocEntry> dataEntries(TocReader.Archive archive) {
        Map<Catalog.TableName, TocEntry> out = new HashMap<>();
        if (archive != null) {
            archive.entries().stream().filter(TocEntry::isTableData)
                    .forEach(e -> out.put(new Catalog.TableName(e.namespace(), e.tag()), e));
        }
        return out;
    }

    /** The TOC names the uncompressed file; on disk it carries the compression's suffix. */
    Path dataFile(TocEntry entry) {
        Path dump = backupDir.resolve("dump");
        for (String suffix : List.of("", ".gz", ".lz4", ".zst")) {
            Path p = dump.resolve(entry.filename() + suffix);
            if (Files.exists(p)) return p;
        }
        return dump.resolve(entry.filename() + ".gz");
    }

    private synchronized void add(CheckResult r) {
        checks.add(r);
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BulwarkException.environment("verification interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw BulwarkException.environment("verification failed unexpectedly: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
