package dev.bulwark.cli;

import java.nio.file.Path;

import dev.bulwark.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Its usual invocations run through {@link WalQuickStart}, which starts faster; this class answers help and mistakes. */
@Command(name = "wal-fetch", mixinStandardHelpOptions = true,
        description = {"Restore one archived WAL file (for restore_command: ... wal-fetch --db NAME %%f %%p).",
                "Exit 0 when restored after its checksum matched; 1, silently, when the archive does not have it (PostgreSQL "
                        + "asks for files that may not exist); " + WalQuickStart.ABORT_RECOVERY + " when the archived file is "
                        + "damaged or the archive cannot be read, which makes PostgreSQL stop recovery instead of taking it for "
                        + "the end of the WAL."})
final class WalFetchCommand extends BaseCommand {
    @Mixin
    WalArchiveOptions archive;

    @Option(names = "--include-partial", description = "When the archive lacks a segment that wal-stream is receiving, restore "
            + "what has arrived of it (padded with zeros, as PostgreSQL needs whole segments). For a restore to the newest data.")
    boolean includePartial;

    @Parameters(index = "0", paramLabel = "NAME", description = "The WAL file's name (%%f).")
    String name;

    @Parameters(index = "1", paramLabel = "DEST", description = "Where PostgreSQL wants it (%%p).")
    Path destination;

    @Override
    public Integer call() {
        return WalQuickStart.fetch(this::run, err());
    }

    @Override
    protected ExitCode run() throws Exception {
        return WalQuickStart.fetch(WalQuickStart.archive(archive.archive, archive.db, this::config), name, destination, includePartial);
    }
}
