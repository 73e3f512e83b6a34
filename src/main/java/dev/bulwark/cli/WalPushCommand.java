package dev.bulwark.cli;

import java.nio.file.Path;

import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.pitr.WalArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "wal-push", mixinStandardHelpOptions = true,
        description = {"Archive one WAL file (for archive_command: ... wal-push --db NAME %p).",
                "Compressed, with its SHA-256, published atomically. Pushing a file that is archived with the same content "
                        + "succeeds; a different file under the same name, or a segment of another server, is refused (exit 1)."})
final class WalPushCommand extends BaseCommand {
    @Mixin
    WalArchiveOptions archive;

    @Parameters(paramLabel = "FILE", description = "The WAL file (%p: relative to the data directory PostgreSQL runs it in).")
    Path file;

    @Override
    protected ExitCode run() throws Exception {
        WalArchive.Pushed pushed = walArchive(this, archive).push(file);
        if (json()) printJson(pushed);
        return ExitCode.OK;
    }

    /** The archive named by --archive, else the configured database's. */
    static WalArchive walArchive(BaseCommand command, WalArchiveOptions options) {
        if (options.archive != null) return new WalArchive(options.archive);
        BulwarkConfig config = command.config();
        return WalArchive.of(Path.of(config.requireRepository().path()), config.database(options.db).name());
    }
}
