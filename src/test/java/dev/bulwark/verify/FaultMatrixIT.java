package dev.bulwark.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bulwark.backup.BackupResult;
import dev.bulwark.backup.BackupService;
import dev.bulwark.config.VerificationConfig;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.FileDigests;
import dev.bulwark.repository.Json;
import dev.bulwark.repository.Manifest;
import dev.bulwark.testing.Production;

/**
 * Each fault must be caught with the right reason. Faults are made the way they happen: bytes
 * damaged on disk, files cut or lost, a dump tool that silently leaves a table out, a restored
 * copy that differs from the dump.
 */
class FaultMatrixIT {
    static Production production;
    static final PgBinaries REAL = PgBinaries.fromEnvironment(Production.ENV);

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("shop", Production.resource("tricky.sql"));
    }

    @AfterAll
    static void stop() {
        if (production != null) production.close();
    }

    private BackupResult backup(PgBinaries binaries) {
        return new BackupService(binaries, Production.ENV, Clock.systemUTC())
                .backup("shop", production.config(), new BackupRepository(tmp.resolve("repo")), 2);
    }

    private VerificationReport verify(PgBinaries binaries, BackupResult b, boolean quick) {
        Manifest m = new BackupRepository(tmp.resolve("repo")).find("shop", b.manifest().backupId());
        return new Verifier(binaries, Production.ENV, Clock.systemUTC()).verify("shop", production.config(),
                VerificationConfig.DEFAULT, m, b.directory(), new Verifier.Options(quick, 2));
    }

    private static Path dataFileOf(BackupResult b, String table) throws IOException {
        Path dump = b.directory().resolve("dump");
        TocReader.Archive archive = TocReader.read(dump.resolve("toc.dat"));
        TocEntry e = archive.entries().stream().filter(TocEntry::isTableData)
                .filter(x -> (x.namespace() + "." + x.tag()).equals(table)).findFirst().orElseThrow();
        return dump.resolve(e.filename() + ".gz");
    }

    private static List<String> failureMessages(VerificationReport r) {
        return r.failures().stream().map(CheckResult::message).toList();
    }

    @Test
    void flippedByteInDataFile() throws Exception {
        BackupResult b = backup(REAL);
        Path file = dataFileOf(b, "Sales Data.Order Lines");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int v = f.read();
            f.seek(f.length() / 2);
            f.write(v ^ 0x40);
        }
        VerificationReport r = verify(REAL, b, true);
        assertThat(r.verified()).isFalse();
        assertThat(failureMessages(r)).anyMatch(m -> m.contains(file.getFileName().toString()) && m.contains("SHA-256"));
        assertThat(failureMessages(r)).anyMatch(m -> m.contains("Sales Data.Order Lines") && m.contains("corrupt"));
    }

    @Test
    void truncatedDataFile() throws Exception {
        BackupResult b = backup(REAL);
        Path file = dataFileOf(b, "Sales Data.Order Lines");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        VerificationReport r = verify(REAL, b, false);
        assertThat(r.verified()).isFalse();
        assertThat(failureMessages(r)).anyMatch(m -> m.contains("bytes; the manifest says"));
        assertThat(failureMessages(r)).anyMatch(m -> m.contains("Sales Data.Order Lines") && m.contains("truncated"));
    }

    @Test
    void deletedDataFile() throws Exception {
        BackupResult b = backup(REAL);
        Path file = dataFileOf(b, "public.cache");
        Files.delete(file);
        VerificationReport r = verify(REAL, b, false);
        assertThat(r.verified()).isFalse();
        assertThat(failureMessages(r)).anyMatch(m -> m.contains(file.getFileName().toString()) && m.contains("missing"));
        assertThat(failureMessages(r)).anyMatch(m -> m.contains("public.cache") && m.contains("missing"));
        assertThat(r.restore().problems()).isNotEmpty();
    }

    @Test
    void corruptTableOfContents() throws Exception {
        BackupResult b = backup(REAL);
        Path toc = b.directory().resolve("dump/toc.dat");
        try (RandomAccessFile f = new RandomAccessFile(toc.toFile(), "rw")) {
            f.seek(0);
            f.write("XXXXX".getBytes(StandardCharsets.US_ASCII));
        }
        VerificationReport r = verify(REAL, b, false);
        assertThat(r.verified()).isFalse();
        assertThat(r.failures()).extracting(CheckResult::name).contains("dump/toc.dat", "pg_restore --list", "toc.dat");
        assertThat(r.restore().problems()).extracting(RestoreProblem::cause).contains(RestoreProblem.Cause.BACKUP);
    }

    @Test
    void missingRowsWithRecomputedChecksums() throws Exception {
        BackupResult b = backup(REAL);
        Path file = dataFileOf(b, "public.parent");
        List<String> lines = new ArrayList<>();
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
        lines.remove(0);
        lines.remove(0);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        rewriteChecksum(b, file);

        VerificationReport r = verify(REAL, b, false);
        assertThat(r.verified()).isFalse();
        assertThat(r.failures()).noneMatch(c -> c.group().equals("files"));
        assertThat(r.failures()).anySatisfy(c -> {
            assertThat(c.group()).isEqualTo("data");
            assertThat(c.name()).isEqualTo("public.parent");
            assertThat(c.expected()).isEqualTo("100 rows");
            assertThat(c.found()).isEqualTo("98 rows");
        });
        assertThat(r.failures()).anySatisfy(c -> {
            assertThat(c.group()).isEqualTo("restore");
            assertThat(c.name()).isEqualTo("public.parent");
            assertThat(c.found()).isEqualTo("98 rows");
        });
    }

    @Test
    void tableInProductionButNotInTheDump() throws Exception {
        Path bin = wrapper("pg_dump", "exec '%s' \"$@\" --exclude-table-data=public.cache\n", REAL.require("pg_dump", 13, "").path());
        PgBinaries withWrapper = new PgBinaries(List.of(bin, REAL.require("pg_dump", 13, "").dir()));
        BackupResult b = backup(withWrapper);
        VerificationReport r = verify(REAL, b, true);
        assertThat(r.verified()).isFalse();
        assertThat(r.failures()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("public.cache");
            assertThat(c.message()).contains("exists in production (500 rows) but the dump has no data for it");
        });
    }

    @Test
    void valueChangedInRestoredCopy() throws Exception {
        BackupResult b = backup(REAL);
        Path realRestore = REAL.require("pg_restore", 13, "").path();
        Path psql = REAL.require("psql", 13, "").path();
        Path bin = wrapper("pg_restore", """
                '%s' "$@" || exit $?
                case "$1" in --version|--list) exit 0;; esac
                for a in "$@"; do case "$a" in --dbname=*) db="${a#--dbname=}";; esac; done
                exec '%s' "$db" -qc "UPDATE ONLY public.parent SET name = name || '!' WHERE id = 7"
                """, realRestore, psql);
        PgBinaries withWrapper = new PgBinaries(List.of(bin, realRestore.getParent()));
        VerificationReport r = verify(withWrapper, b, false);
        assertThat(r.verified()).isFalse();
        assertThat(r.failures()).singleElement().satisfies(c -> {
            assertThat(c.group()).isEqualTo("restore");
            assertThat(c.name()).isEqualTo("public.parent");
            assertThat(c.message()).contains("differ in content");
        });
    }

    @Test
    void restoreTargetLacksAnExtensionTheDumpNeeds() throws Exception {
        Path extDir = Path.of(sharedir()).resolve("extension");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(extDir),
                "installing a test extension needs write access to " + extDir + " (CI runs as root)");
        Path control = extDir.resolve("bulwark_probe.control");
        Path script = extDir.resolve("bulwark_probe--1.0.sql");
        try (Production withExtension = Production.start("ext")) {
            Files.writeString(control, "comment = 'test extension'\ndefault_version = '1.0'\nrelocatable = true\n");
            Files.writeString(script, "CREATE FUNCTION bulwark_probe() RETURNS int LANGUAGE sql AS 'SELECT 42';\n");
            withExtension.exec("CREATE EXTENSION bulwark_probe; CREATE TABLE t AS SELECT bulwark_probe() AS v");
            BackupResult b = new BackupService(REAL, Production.ENV, Clock.systemUTC())
                    .backup("ext", withExtension.config(), new BackupRepository(tmp.resolve("repo")), 1);
            Files.delete(control);
            Files.delete(script);

            VerificationReport r = new Verifier(REAL, Production.ENV, Clock.systemUTC()).verify("ext", withExtension.config(),
                    VerificationConfig.DEFAULT, b.manifest(), b.directory(), new Verifier.Options(false, 1));
            assertThat(r.verified()).isFalse();
            assertThat(r.restore().problems()).anySatisfy(p -> {
                assertThat(p.cause()).isEqualTo(RestoreProblem.Cause.ENVIRONMENT);
                assertThat(p.what()).contains("extension bulwark_probe");
                assertThat(p.quoted()).contains("pg_restore");
            });
            assertThat(r.restore().problems()).noneMatch(p -> p.cause() == RestoreProblem.Cause.BACKUP);
            assertThat(r.failures()).noneMatch(c -> c.group().equals("files") || c.group().equals("data"));
        } finally {
            Files.deleteIfExists(control);
            Files.deleteIfExists(script);
        }
    }

    private static String sharedir() throws Exception {
        try (Production p = Production.start("probe")) {
            try (var c = p.sandbox().connect("probe"); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT setting FROM pg_config WHERE name = 'SHAREDIR'")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private Path wrapper(String name, String body, Object... args) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bin-" + name));
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + String.format(body, args));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** Makes the manifest agree with a file that was changed: what a careless or hostile copy would do. */
    private static void rewriteChecksum(BackupResult b, Path file) throws IOException {
        Path manifest = b.directory().resolve("manifest.json");
        ObjectNode root = (ObjectNode) Json.mapper().readTree(manifest.toFile());
        String rel = b.directory().relativize(file).toString();
        for (var node : (ArrayNode) root.get("files")) {
            if (node.get("path").asText().equals(rel)) {
                ((ObjectNode) node).put("size", Files.size(file));
                ((ObjectNode) node).put("sha256", FileDigests.sha256(file));
            }
        }
        Json.mapper().writeValue(manifest.toFile(), root);
    }
}
