package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.postgres.PgBinaries.Tool;

class PgBinariesTest {

    @TempDir
    Path tmp;

    /** A fake program that answers --version like PostgreSQL's tools do. */
    private Path tool(String dirName, String name, String versionLine) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(dirName));
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\necho \"" + versionLine + "\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private Path pgDump(String dirName, String version) throws IOException {
        return tool(dirName, "pg_dump", "pg_dump (PostgreSQL) " + version);
    }

    private Path server(String dirName, String version) throws IOException {
        tool(dirName, "pg_ctl", "pg_ctl (PostgreSQL) " + version);
        tool(dirName, "postgres", "postgres (PostgreSQL) " + version);
        return tool(dirName, "initdb", "initdb (PostgreSQL) " + version);
    }

    private PgBinaries binaries(String... dirNames) {
        return new PgBinaries(java.util.Arrays.stream(dirNames).map(tmp::resolve).toList());
    }

    @Test
    void readsVersions() throws IOException {
        Path p12 = pgDump("a", "12.3");
        Path p16 = tool("b", "pg_dump", "pg_dump (PostgreSQL) 16.4 (Debian 16.4-1.pgdg120+2)");
        Path p17 = tool("c", "pg_dump", "pg_dump (PostgreSQL) 17beta2");

        List<Tool> all = binaries("a", "b", "c").all("pg_dump");

        assertThat(all).containsExactly(
                new Tool("pg_dump", p12, 12, "12.3"),
                new Tool("pg_dump", p16, 16, "16.4"),
                new Tool("pg_dump", p17, 17, "17"));
        assertThat(all.get(0).dir()).isEqualTo(tmp.resolve("a"));
    }

    @Test
    void requirePicksTheLowestMajorThatIsNewEnough() throws IOException {
        pgDump("a", "12.3");
        pgDump("b", "17.2");
        Path p14 = pgDump("c", "14.11");
        pgDump("d", "16.4");

        Tool t = binaries("a", "b", "c", "d").require("pg_dump", 13, "to dump a PostgreSQL 13 server");

        assertThat(t.path()).isEqualTo(p14);
        assertThat(t.major()).isEqualTo(14);
        assertThat(t.version()).isEqualTo("14.11");
    }

    @Test
    void requireAcceptsTheExactMajor() throws IOException {
        Path p15 = pgDump("a", "15.18");
        pgDump("b", "16.4");
        assertThat(binaries("b", "a").require("pg_dump", 15, "for x").path()).isEqualTo(p15);
    }

    @Test
    void tooOldIsAnEnvironmentErrorThatSaysWhatToInstall() throws IOException {
        pgDump("a", "12.3");
        pgDump("b", "13.9");

        BulwarkException e = catchThrowableOfType(BulwarkException.class,
                () -> binaries("a", "b").require("pg_dump", 15, "to dump the PostgreSQL 15 server of 'app'"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage())
                .contains("pg_dump 15 or newer is needed to dump the PostgreSQL 15 server of 'app'")
                .contains("found only")
                .contains("pg_dump 12.3 (" + tmp.resolve("a") + ")")
                .contains("pg_dump 13.9 (" + tmp.resolve("b") + ")")
                .contains("apt-get install postgresql-client-15")
                .contains("BULWARK_PG_BIN");
    }

    @Test
    void noneFound() {
        BulwarkException e = catchThrowableOfType(BulwarkException.class,
                () -> binaries("empty").require("pg_restore", 14, "to restore"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("pg_restore 14 or newer is needed to restore").contains("none found")
                .contains("postgresql-client-14");
    }

    @Test
    void programsThatDoNotAnswerLikePostgresAreSkipped() throws IOException {
        tool("a", "pg_dump", "something else 1.0");
        Path broken = Files.createDirectories(tmp.resolve("b")).resolve("pg_dump");
        Files.writeString(broken, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 16.1'\nexit 1\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path notExecutable = Files.createDirectories(tmp.resolve("c")).resolve("pg_dump");
        Files.writeString(notExecutable, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 16.1'\n");
        Path good = pgDump("d", "15.2");

        PgBinaries b = binaries("a", "b", "c", "d", "does-not-exist");

        assertThat(b.all("pg_dump")).extracting(Tool::path).containsExactly(good);
        assertThat(b.require("pg_dump", 13, "x").path()).isEqualTo(good);
    }

    @Test
    void sameProgramReachedTwiceIsListedOnce() throws IOException {
        Path real = pgDump("a", "15.2");
        Path linkDir = Files.createDirectories(tmp.resolve("b"));
        Files.createSymbolicLink(linkDir.resolve("pg_dump"), real);

        assertThat(binaries("a", "b", "a").all("pg_dump")).hasSize(1);
    }

    @Test
    void requireServerNeedsInitdbPgCtlAndPostgresInOneDirectory() throws IOException {
        tool("incomplete", "initdb", "initdb (PostgreSQL) 14.1");       // no pg_ctl, no postgres
        tool("noPostgres", "initdb", "initdb (PostgreSQL) 15.1");
        tool("noPostgres", "pg_ctl", "pg_ctl (PostgreSQL) 15.1");
        Path complete16 = server("complete16", "16.2");
        server("complete17", "17.0");

        Tool t = binaries("incomplete", "noPostgres", "complete17", "complete16").requireServer(14, "for a sandbox");

        assertThat(t.path()).isEqualTo(complete16);
        assertThat(t.major()).isEqualTo(16);
        assertThat(t.dir().resolve("pg_ctl")).isExecutable();
        assertThat(t.dir().resolve("postgres")).isExecutable();
    }

    @Test
    void requireServerRefusesTooOld() throws IOException {
        server("old", "13.4");

        BulwarkException e = catchThrowableOfType(BulwarkException.class,
                () -> binaries("old").requireServer(15, "to restore a PostgreSQL 15 dump"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage())
                .contains("initdb 15 or newer is needed to restore a PostgreSQL 15 dump")
                .contains("initdb 13.4")
                .contains("apt-get install postgresql-15");
    }

    @Test
    void requireServerWithoutCompleteDirectory() throws IOException {
        tool("a", "initdb", "initdb (PostgreSQL) 16.1");

        BulwarkException e = catchThrowableOfType(BulwarkException.class,
                () -> binaries("a").requireServer(13, "for a sandbox"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("initdb 13 or newer").contains("postgresql-13");
    }

    // --- the real installation on this machine ---

    @Test
    void findsTheInstalledPostgres15() {
        PgBinaries b = PgBinaries.fromEnvironment(System.getenv());

        Tool pgDump = b.require("pg_dump", 13, "for the test");
        assertThat(pgDump.major()).isEqualTo(15);
        assertThat(pgDump.version()).startsWith("15.");
        assertThat(pgDump.path()).isExecutable();
        assertThat(b.all("pg_dump")).extracting(Tool::major).contains(15);

        Tool pgRestore = b.require("pg_restore", 15, "for the test");
        assertThat(pgRestore.major()).isEqualTo(15);

        Tool initdb = b.requireServer(13, "for the test");
        assertThat(initdb.major()).isEqualTo(15);
        assertThat(initdb.dir()).isEqualTo(Path.of("/usr/lib/postgresql/15/bin"));
    }

    @Test
    void environmentDirectoriesComeFirst() throws IOException {
        Path fake = pgDump("custom", "15.99");

        PgBinaries b = PgBinaries.fromEnvironment(java.util.Map.of(
                "BULWARK_PG_BIN", tmp.resolve("custom").toString(), "PATH", "/usr/bin:/bin"));

        assertThat(b.all("pg_dump").get(0).path()).isEqualTo(fake);
    }

    @Test
    void nothingNewEnoughOnThisMachine() {
        BulwarkException e = catchThrowableOfType(BulwarkException.class,
                () -> PgBinaries.fromEnvironment(System.getenv()).require("pg_dump", 99, "to dump PostgreSQL 99"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("pg_dump 99 or newer").contains("found only").contains("pg_dump 15.");
    }
}
