package dev.bulwark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.rehearse.BackupChoice;
import dev.bulwark.rehearse.Rehearsal;
import dev.bulwark.rehearse.RehearsalReport;
import dev.bulwark.rehearse.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"Run a migration on a fresh copy of a verified backup and report what it would do to production's data: "
                + "schema changes, rows and values lost, locks held and for how long, table rewrites, time per statement, "
                + "and static rules on the SQL. Production is never touched.",
                "FILE is one SQL file; DIR a directory of Flyway migrations (V1__name.sql ...), applied in version order.",
                "Exit 0 for SAFE and REVIEW, 1 for DANGEROUS (data lost, an assert or statement failed, a lock blocking "
                        + "writes on a table with rows held longer than --max-lock)."})
final class RehearseCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE|DIR", description = "A SQL file, or a directory of Flyway migrations.")
    Path migrations;

    @Mixin
    DatabaseOptions options;

    @Option(names = "--backup", paramLabel = "ID", defaultValue = BackupChoice.LATEST_VERIFIED,
            description = "Backup id, 'latest', or 'latest-verified' (default): the newest backup whose full verification passed.")
    String backup;

    @Option(names = "--assert", paramLabel = "SQL", description = "A query that must return true after the migration (repeatable).")
    List<String> asserts = new ArrayList<>();

    @Option(names = "--max-lock", paramLabel = "MS", defaultValue = "1000",
            description = "A lock that blocks writes on a table with rows, held longer than this, makes the migration DANGEROUS "
                    + "(milliseconds, or a duration like 2s; default: ${DEFAULT-VALUE}).")
    String maxLock;

    @Option(names = "--sample-ms", paramLabel = "MS", defaultValue = "5",
            description = "How often the lock sampler reads pg_locks (default: ${DEFAULT-VALUE}).")
    double sampleMs;

    @Option(names = "--fresh", description = "Restore the backup again, even if a restored template of it is kept.")
    boolean fresh;

    @Override
    protected ExitCode run() throws Exception {
        BulwarkConfig config = config();
        BulwarkConfig.NamedDatabase target = config.database(options.db);
        RehearsalReport report = new Rehearsal(binaries(), env(), clock()).rehearse(new Rehearsal.Request(target.name(),
                repository(config), backup, migrations, asserts, maxLockMs(), sampleMs, options.jobs(), fresh));
        if (json()) {
            printJson(report);
        } else {
            new RehearsalText(out(), report).print();
            out().flush();
        }
        return report.verdict() == Verdict.DANGEROUS ? ExitCode.CHECK_FAILED : ExitCode.OK;
    }

    private long maxLockMs() {
        String text = maxLock.strip();
        if (text.matches("\\d+")) return Long.parseLong(text);
        try {
            return DurationText.parse(text).toMillis();
        } catch (IllegalArgumentException e) {
            throw BulwarkException.usage("--max-lock: " + e.getMessage());
        }
    }
}
