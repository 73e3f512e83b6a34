package dev.bulwark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.pitr.BaseBackupStore;
import dev.bulwark.pitr.CopyToServer;
import dev.bulwark.pitr.PointInTimeRestore;
import dev.bulwark.pitr.RecoveryTarget;
import dev.bulwark.pitr.RestoredCluster;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgUrl;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a database to a moment: the newest base backup before it plus archived WAL up to it, in a "
                + "sandbox (default; it stays up until Ctrl-C) or copied into a new database on another server. Never onto "
                + "the production server.",
                "The restored server never archives, so production's archive is left as it was."})
final class RestoreCommand extends BaseCommand {
    @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: the only one).")
    String db;

    @Option(names = "--to-time", paramLabel = "TIME", required = true,
            description = "The moment, with its zone (2025-06-01T12:00:00Z, '2025-06-01 14:00:00+02'), or 'latest'.")
    String toTime;

    @ArgGroup(exclusive = true)
    Where where = new Where();

    static final class Where {
        @Option(names = "--sandbox", description = "Restore into a sandbox on this machine (default).")
        boolean sandbox;

        @Option(names = "--target-url", paramLabel = "URL", description = "Copy the restored database into this new database on "
                + "another server (password from the URL or PGPASSWORD).")
        String targetUrl;
    }

    @Option(names = "--include-partial", description = "Also replay the segment wal-stream is receiving, as far as it has "
            + "arrived: with --to-time latest, the newest data the archive has, seconds behind production.")
    boolean includePartial;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "6h",
            description = "Give up when recovery has not finished after this long (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    protected ExitCode run() throws Exception {
        BulwarkConfig config = config();
        BulwarkConfig.NamedDatabase target = config.database(db);
        RecoveryTarget moment = moment(toTime);
        String database = PgUrl.parse(target.config().url()).database();
        Path repository = Path.of(config.requireRepository().path());
        PgUrl into = where.targetUrl == null ? null : Connections.withSecret(PgUrl.parse(where.targetUrl), null, env());
        if (into != null) {
            String source = new BaseBackupStore(repository).list(target.name()).stream().reduce((a, b) -> b)
                    .map(m -> m.source().systemIdentifier()).orElse(null);
            CopyToServer.refuseProduction(into, PgUrl.parse(target.config().url()), source);
        }
        RestoredCluster restored = new PointInTimeRestore(binaries(), env(), clock())
                .restore(repository, target.name(), moment, duration("--timeout", timeout), includePartial);
        try {
            if (into != null) {
                CopyToServer.copy(restored, database, into, binaries());
                report(restored, into.redacted(), null);
                return ExitCode.OK;
            }
            Path password = passwordFile(restored);
            report(restored, restored.url(database).redacted(), password);
            if (!json()) out().println("the sandbox stays up until you press Ctrl-C; it is deleted then");
            out().flush();
            new CountDownLatch(1).await();
            return ExitCode.OK;
        } finally {
            restored.close();
        }
    }

    private void report(RestoredCluster r, String where, Path passwordFile) throws Exception {
        if (json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("target", r.target());
            out.put("restored_into", where);
            if (passwordFile != null) out.put("password_file", passwordFile.toString());
            out.put("base_backup", r.baseBackup().backupId());
            out.put("last_transaction_at", r.lastTransactionAt());
            out.put("stopped_before", r.stoppedBefore());
            out.put("timeline", r.timeline());
            out.put("duration_ms", r.durationMs());
            out.put("phases_ms", r.phasesMs());
            printJson(out);
            return;
        }
        out().println("restored to " + r.target() + " from base backup " + r.baseBackup().backupId() + " in "
                + DurationText.format(Duration.ofMillis(r.durationMs())) + " (" + r.description() + ")");
        out().println("  last transaction replayed  " + (r.lastTransactionAt() == null ? "none after the base backup" : r.lastTransactionAt()));
        if (r.stoppedBefore() != null) out().println("  first one left out         " + r.stoppedBefore());
        out().println("  open at                    postgresql://" + where);
        if (passwordFile != null) out().println("  password in                " + passwordFile + " (readable only by you)");
    }

    /** The restore role's random password, in a file only the invoking user can read, never on the terminal. */
    private static Path passwordFile(RestoredCluster restored) throws java.io.IOException {
        Path file = restored.cluster().dir().resolveSibling(restored.cluster().dir().getFileName() + ".password");
        Files.writeString(file, restored.superuserUrl().password() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        file.toFile().deleteOnExit();
        return file;
    }

    static RecoveryTarget moment(String text) {
        try {
            return RecoveryTarget.parse(text);
        } catch (IllegalArgumentException e) {
            throw BulwarkException.usage("--to-time " + e.getMessage());
        }
    }

    static Duration duration(String option, String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw BulwarkException.usage(option + " " + e.getMessage());
        }
    }
}
