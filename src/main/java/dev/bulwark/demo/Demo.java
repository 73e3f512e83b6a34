package dev.bulwark.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.bulwark.BulwarkException;
import dev.bulwark.backup.BackupResult;
import dev.bulwark.backup.BackupService;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.config.VerificationConfig;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.Sandbox;
import dev.bulwark.postgres.SandboxDirs;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.Manifest;
import dev.bulwark.verify.VerificationReport;
import dev.bulwark.verify.Verifier;

/**
 * The main job on an embedded default: a sandbox "production" holding a conference database
 * (the kind an agent deleted in the incident that motivates Bulwark), backed up, verified by a
 * real restore, and then shown what verification catches when a backup file is damaged.
 */
public final class Demo {
    public static final String DATABASE = "conference";

    /** Receives the walkthrough as it happens. */
    public interface Narrator {
        void step(String title, String text);

        void report(VerificationReport report);
    }

    public record Outcome(Manifest backup, VerificationReport verification, VerificationReport damaged, boolean gateHeldAndUndid) {
        public boolean success() {
            return verification.verified() && !damaged.verified() && gateHeldAndUndid;
        }
    }

    private final Map<String, String> env;
    private final Clock clock;

    public Demo(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    public Outcome run(Narrator narrator, Path repositoryDir, int jobs) {
        PgBinaries binaries = PgBinaries.fromEnvironment(env);
        PgBinaries.Tool server = binaries.requireServer(13, "to run the demo's production server");
        narrator.step("1. Production", "Starting a throwaway PostgreSQL " + server.version() + " as 'production' and loading a "
                + "conference database: events, speakers, talks, attendees, registrations, check-ins; foreign keys, indexes, "
                + "views, functions, triggers, sequences, a generated column, and text with tabs, newlines and emoji.");
        try (Sandbox production = Sandbox.start(server, OsUser.forServer(env), SandboxDirs.fromEnvironment(env))) {
            load(production);
            DatabaseConfig db = config(production);
            BackupRepository repository = new BackupRepository(repositoryDir);

            narrator.step("2. Backup", "pg_dump in one exported snapshot, with every table's exact row count taken in that "
                    + "same snapshot. A backup job that 'ran' proves nothing yet: this is only a file.");
            BackupResult backup = new BackupService(binaries, env, clock).backup(DATABASE, db, repository, jobs);
            Manifest m = backup.manifest();
            narrator.step("", "backup " + m.backupId() + ": " + m.tables().size() + " tables, " + m.totalRows() + " rows, "
                    + m.files().size() + " files, written to " + backup.directory());

            narrator.step("3. Verify", "Restore it into a fresh server that is not production, then compare table by table: "
                    + "rows restored = rows dumped = rows production held at the snapshot, and identical content fingerprints. "
                    + "Plus critical tables, a business rule, object counts and the observed restore time.");
            Verifier verifier = new Verifier(binaries, env, clock);
            VerificationReport verified = verifier.verify(DATABASE, db, VerificationConfig.DEFAULT, m, backup.directory(),
                    new Verifier.Options(false, jobs));
            repository.recordVerification(DATABASE, m.backupId(), verified.finishedAt(), verified);
            narrator.report(verified);

            narrator.step("4. A hope, not a safety net", "Now one byte of the largest data file flips on disk, the kind of damage "
                    + "nobody notices until the day they need the backup. The file still exists and the backup job still "
                    + "'succeeded'. Verification says otherwise:");
            Path damagedFile = flipOneByte(backup.directory().resolve("dump"));
            narrator.step("", "flipped a byte in " + damagedFile.getFileName());
            VerificationReport damaged = verifier.verify(DATABASE, db, VerificationConfig.DEFAULT, m, backup.directory(),
                    new Verifier.Options(true, jobs));
            repository.recordVerification(DATABASE, m.backupId(), damaged.finishedAt(), damaged);
            narrator.report(damaged);

            boolean gate;
            try {
                gate = new GateDemo(env, clock).run(narrator, production, DATABASE, repositoryDir);
            } catch (BulwarkException e) {
                throw e;
            } catch (Exception e) {
                throw BulwarkException.environment("the gate act of the demo failed: " + e.getMessage(), e);
            }
            return new Outcome(m, verified, damaged, gate);
        }
    }

    private static DatabaseConfig config(Sandbox production) {
        String url = "postgresql://" + Sandbox.SUPERUSER + ":" + production.url(DATABASE).password() + "@127.0.0.1:"
                + production.port() + "/" + DATABASE;
        return new DatabaseConfig(url, null, Duration.ofMinutes(15), Duration.ofMinutes(10),
                List.of(new DatabaseConfig.CriticalTable("public.attendees", 100_000L, "created_at"),
                        new DatabaseConfig.CriticalTable("public.registrations", 100_000L, "created_at"),
                        new DatabaseConfig.CriticalTable("public.events", 1L, null)),
                List.of(new DatabaseConfig.SqlCheck("every registration has an attendee",
                                "SELECT count(*) = 0 FROM registrations r LEFT JOIN attendees a ON a.id = r.attendee_id "
                                        + "WHERE a.id IS NULL"),
                        new DatabaseConfig.SqlCheck("no event is oversold", "SELECT count(*) = 0 FROM event_attendance "
                                + "WHERE confirmed > capacity")),
                null);
    }

    private static void load(Sandbox production) {
        String sql;
        try (InputStream in = Demo.class.getResourceAsStream("conference.sql")) {
            if (in == null) throw new IllegalStateException("conference.sql is missing from the build");
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo schema", e);
        }
        try {
            production.createDatabase(DATABASE, "UTF8");
            try (Connection c = production.connect(DATABASE); Statement st = c.createStatement()) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot load the demo database: " + e.getMessage() + "\nserver log:\n"
                    + production.logTail(10), e);
        }
    }

    private static Path flipOneByte(Path dump) {
        try (Stream<Path> files = Files.list(dump)) {
            Path largest = files.filter(p -> p.getFileName().toString().contains(".dat"))
                    .max(Comparator.comparingLong(Demo::size)).orElseThrow();
            try (RandomAccessFile f = new RandomAccessFile(largest.toFile(), "rw")) {
                long at = f.length() / 2;
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x01);
            }
            return largest;
        } catch (IOException e) {
            throw BulwarkException.environment("cannot modify the demo backup: " + e.getMessage(), e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
