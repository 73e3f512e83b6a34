package dev.bulwark.pitr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.ProcessRunner;
import dev.bulwark.postgres.ServerInfo;
import dev.bulwark.repository.Json;

/**
 * A physical base backup with pg_basebackup (plain format, WAL streamed alongside so the copy is
 * self-contained, SHA-256 backup manifest), proven intact by pg_verifybackup before its manifest is
 * written. Later WAL comes from the archive.
 */
public final class BaseBackupService {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern START_WAL = Pattern.compile("START WAL LOCATION: ([0-9A-F]+/[0-9A-F]+) \\(file ([0-9A-F]{24})\\)");
    private static final Pattern START_TIMELINE = Pattern.compile("START TIMELINE: (\\d+)");
    private static final Duration TIMEOUT = Duration.ofHours(12);

    private final PgBinaries binaries;
    private final Map<String, String> env;
    private final Clock clock;

    public BaseBackupService(PgBinaries binaries, Map<String, String> env, Clock clock) {
        this.binaries = binaries;
        this.env = env;
        this.clock = clock;
    }

    public BaseBackupManifest backup(String database, DatabaseConfig db, BaseBackupStore store) {
        PgUrl url = Connections.withSecret(PgUrl.parse(db.url()), db.passwordFile(), env);
        SourceFacts facts = sourceFacts(url);
        PgBinaries.Tool basebackup = binaries.require("pg_basebackup", facts.info().major(),
                "to take a base backup of PostgreSQL " + facts.info().version());
        PgBinaries.Tool verifybackup = binaries.require("pg_verifybackup", basebackup.major(),
                "to check a base backup written by pg_basebackup " + basebackup.version());
        store.sweepIncomplete(database);
        Instant started = clock.instant();
        String id = ID_TIME.format(started) + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path dir = store.begin(database, id);
        Path data = dir.resolve("data");
        Thread cleanup = new Thread(() -> BaseBackupStore.abandon(dir), "basebackup-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean done = false;
        try {
            run(List.of(basebackup.path().toString(), "--dbname=" + url.libpqUri(), "--pgdata=" + data, "--format=plain",
                    "--wal-method=stream", "--checkpoint=fast", "--manifest-checksums=SHA256", "--label=bulwark " + id,
                    "--no-password"), url, "pg_basebackup");
            Instant finished = clock.instant();
            ProcessRunner.Result verified = ProcessRunner.run(List.of(verifybackup.path().toString(), data.toString()), Map.of(),
                    null, TIMEOUT);
            if (!verified.ok()) {
                throw new BulwarkException(ExitCode.CHECK_FAILED, "pg_verifybackup found the new base backup damaged; it was "
                        + "removed:\n" + verified.tail(15));
            }
            BaseBackupManifest manifest = manifest(id, database, url, facts, data, started, finished, basebackup, verifybackup);
            store.publish(dir, manifest);
            done = true;
            return manifest;
        } catch (IOException e) {
            throw BulwarkException.environment("cannot write base backup " + id + " in " + dir + ": " + e.getMessage(), e);
        } finally {
            if (!done) BaseBackupStore.abandon(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway and finds nothing left to remove, or the unfinished backup
            }
        }
    }

    private record SourceFacts(ServerInfo info, long segmentSize, String bootstrapSuperuser) {}

    private static SourceFacts sourceFacts(PgUrl url) {
        try (Connection c = Connections.open(url, "base backup"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT setting::bigint * CASE unit WHEN 'MB' THEN 1048576 WHEN 'kB' THEN 1024 "
                     + "ELSE 1 END, (SELECT rolname FROM pg_roles WHERE oid = 10) FROM pg_settings WHERE name = 'wal_segment_size'")) {
            rs.next();
            return new SourceFacts(ServerInfo.of(c), rs.getLong(1), rs.getString(2));
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot read the server settings of " + url.redacted() + ": " + e.getMessage(), e);
        }
    }

    private void run(List<String> command, PgUrl url, String what) {
        ProcessRunner.Result r = ProcessRunner.run(command, Connections.libpqEnv(url), null, TIMEOUT);
        if (!r.ok()) {
            String tail = r.tail(15);
            String hint = tail.contains("replication") ? "; the role needs REPLICATION (or superuser), pg_hba.conf must allow it "
                    + "a replication connection, and max_wal_senders must leave a free sender" : "";
            throw BulwarkException.environment(what + " of " + url.redacted() + " failed:\n" + tail + hint);
        }
    }

    private BaseBackupManifest manifest(String id, String database, PgUrl url, SourceFacts facts, Path data, Instant started,
                                        Instant finished, PgBinaries.Tool basebackup, PgBinaries.Tool verifybackup) throws IOException {
        String label = Files.readString(data.resolve("backup_label"));
        Matcher wal = START_WAL.matcher(label);
        Matcher tli = START_TIMELINE.matcher(label);
        if (!wal.find() || !tli.find()) throw new IOException("backup_label does not name its start WAL location and timeline");
        JsonNode ranges = Json.mapper().readTree(data.resolve("backup_manifest").toFile()).path("WAL-Ranges");
        String endLsn = ranges.isEmpty() ? wal.group(1) : ranges.get(ranges.size() - 1).path("End-LSN").asText();
        long size = 0;
        long files = 0;
        try (Stream<Path> all = Files.walk(data)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                size += Files.size(f);
                files++;
            }
        }
        ServerInfo info = facts.info();
        return new BaseBackupManifest(BaseBackupManifest.FORMAT, id, database, started, finished,
                new BaseBackupManifest.Source(url.redacted(), info.version(), info.major(), info.systemIdentifier()),
                facts.segmentSize(), Integer.parseInt(tli.group(1)), wal.group(1), endLsn, wal.group(2), facts.bootstrapSuperuser(),
                tool(basebackup), tool(verifybackup), size, files, Duration.between(started, clock.instant()).toMillis());
    }

    private static BaseBackupManifest.Tool tool(PgBinaries.Tool t) {
        return new BaseBackupManifest.Tool(t.path().toString(), t.version());
    }

}
