package dev.bulwark.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.bulwark.ExitCode;
import dev.bulwark.backup.BackupResult;
import dev.bulwark.backup.BackupService;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.repository.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Take a logical backup in one consistent snapshot, with production's exact row counts.")
final class BackupCommand extends BaseCommand {
    @Mixin
    DatabaseOptions options;

    @Override
    protected ExitCode run() throws Exception {
        BulwarkConfig config = config();
        BulwarkConfig.NamedDatabase target = config.database(options.db);
        BackupResult result = new BackupService(binaries(), env(), clock())
                .backup(target.name(), target.config(), repository(config), options.jobs());
        Manifest m = result.manifest();
        if (json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("backup_id", m.backupId());
            out.put("database", m.database());
            out.put("directory", result.directory().toString());
            out.put("snapshot_at", m.snapshotAt());
            out.put("size_bytes", m.totalSize());
            out.put("tables", m.tables().size());
            out.put("rows", m.totalRows());
            out.put("objects", m.objects());
            out.put("durations_ms", m.durationsMs());
            out.put("swept_incomplete", result.sweptIncomplete());
            printJson(out);
        } else {
            out().println(m.backupId());
            err().println("backup " + m.backupId() + " of '" + m.database() + "' (" + m.source().url() + ", PostgreSQL "
                    + m.source().serverVersion() + "): " + m.tables().size() + " tables, " + m.totalRows() + " rows, "
                    + Sizes.bytes(m.totalSize()) + " in " + DurationText.format(java.time.Duration.ofMillis(m.durationsMs().get("total")))
                    + "; not yet verified: run 'bulwark verify --backup " + m.backupId() + "'");
            if (!result.sweptIncomplete().isEmpty()) {
                err().println("removed incomplete backups left by interrupted runs: " + result.sweptIncomplete());
            }
        }
        return ExitCode.OK;
    }
}
