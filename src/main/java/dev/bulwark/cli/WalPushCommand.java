package dev.bulwark.cli;

import java.nio.file.Path;

import dev.bulwark.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Its usual invocations run through {@link WalQuickStart}, which starts faster; this class answers help and mistakes. */
@Command(name = "wal-push", mixinStandardHelpOptions = true,
        description = {"Archive one WAL file (for archive_command: ... wal-push --db NAME %%p).",
                "Compressed, with its SHA-256, published atomically. Pushing a file that is archived with the same content "
                        + "succeeds; a different file under the same name, or a segment of another server, is refused (exit 1)."})
final class WalPushCommand extends BaseCommand {
    @Mixin
    WalArchiveOptions archive;

    @Parameters(paramLabel = "FILE", description = "The WAL file (%%p: relative to the data directory PostgreSQL runs it in).")
    Path file;

    @Override
    protected ExitCode run() throws Exception {
        return WalQuickStart.push(WalQuickStart.archive(archive.archive, archive.db, this::config), file, json(), out());
    }
}
