package dev.bulwark.cli;

import java.nio.file.Path;
import java.time.Duration;

import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.pitr.BaseBackupManifest;
import dev.bulwark.pitr.BaseBackupService;
import dev.bulwark.pitr.BaseBackupStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "basebackup", mixinStandardHelpOptions = true,
        description = {"Take a physical base backup (pg_basebackup, plain format, WAL included, SHA-256 manifest) into the "
                + "repository, checked by pg_verifybackup before it is listed.",
                "Point-in-time restores start from the newest base backup before the moment and replay archived WAL from there."})
final class BasebackupCommand extends BaseCommand {
    @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: the only one).")
    String db;

    @Override
    protected ExitCode run() throws Exception {
        BulwarkConfig config = config();
        BulwarkConfig.NamedDatabase target = config.database(db);
        BaseBackupManifest m = new BaseBackupService(binaries(), env(), clock())
                .backup(target.name(), target.config(), new BaseBackupStore(Path.of(config.requireRepository().path())));
        if (json()) {
            printJson(m);
        } else {
            out().println(m.backupId());
            err().println("base backup " + m.backupId() + " of '" + m.database() + "' (" + m.source().url() + ", PostgreSQL "
                    + m.source().serverVersion() + "): " + Sizes.bytes(m.sizeBytes()) + " in " + m.files() + " files, WAL "
                    + m.startLsn() + " .. " + m.endLsn() + " on timeline " + m.timeline() + ", checked by pg_verifybackup, in "
                    + DurationText.format(Duration.ofMillis(m.durationMs())));
        }
        return ExitCode.OK;
    }
}
