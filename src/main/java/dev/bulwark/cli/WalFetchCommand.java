package dev.bulwark.cli;

import java.io.IOException;
import java.nio.file.Path;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.pitr.WalArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "wal-fetch", mixinStandardHelpOptions = true,
        description = {"Restore one archived WAL file (for restore_command: ... wal-fetch --db NAME %f %p).",
                "Exit 0 when restored after its checksum matched; 1, silently, when the archive does not have it (PostgreSQL "
                        + "asks for files that may not exist); " + WalFetchCommand.ABORT_RECOVERY + " when the archived file is "
                        + "damaged or the archive cannot be read, which makes PostgreSQL stop recovery instead of taking it for "
                        + "the end of the WAL."})
final class WalFetchCommand extends BaseCommand {
    /** PostgreSQL aborts recovery when restore_command exits above 125; lower codes read as "not in the archive". */
    static final int ABORT_RECOVERY = 126;

    @Mixin
    WalArchiveOptions archive;

    @Parameters(index = "0", paramLabel = "NAME", description = "The WAL file's name (%f).")
    String name;

    @Parameters(index = "1", paramLabel = "DEST", description = "Where PostgreSQL wants it (%p).")
    Path destination;

    @Override
    public Integer call() {
        try {
            return run().status();
        } catch (BulwarkException | IOException e) {
            err().println("bulwark wal-fetch: " + e.getMessage() + " (stopping recovery: a missing or damaged file must not be "
                    + "taken for the end of the WAL)");
            err().flush();
            return ABORT_RECOVERY;
        }
    }

    @Override
    protected ExitCode run() throws IOException {
        WalArchive.FetchOutcome outcome = WalPushCommand.walArchive(this, archive).fetch(name, destination);
        return outcome == WalArchive.FetchOutcome.RESTORED ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
