package dev.bulwark.cli;

import java.nio.file.Path;
import java.time.Duration;

import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.pitr.PitrCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "pitr", mixinStandardHelpOptions = true, description = "Point-in-time recovery: is it really working?",
        subcommands = PitrCommand.CheckCommand.class)
final class PitrCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check the server's archiving settings (wal_level, archive_mode, archive_command, archive_timeout "
                    + "against the rpo, pg_stat_archiver), force a segment switch and wait for it in the archive, and look "
                    + "for segments missing between the oldest base backup and now.",
                    "Exit 0 when every check passed, 1 when any failed."})
    static final class CheckCommand extends BaseCommand {
        @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: the only one).")
        String db;

        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "60s",
                description = "How long to wait for the switched segment to arrive (default: ${DEFAULT-VALUE}).")
        String wait;

        @Override
        protected ExitCode run() throws Exception {
            BulwarkConfig config = config();
            BulwarkConfig.NamedDatabase target = config.database(db);
            Duration waitFor = RestoreCommand.duration("--wait", wait);
            PitrCheck.Report report = new PitrCheck(env(), clock()).check(target.name(), target.config(),
                    Path.of(config.requireRepository().path()), waitFor);
            if (json()) {
                printJson(report);
            } else {
                out().println("PITR check of '" + report.database() + "' (" + report.server() + ")");
                ScorecardText.print(report.lines(), out());
                if (report.sweptUploads() > 0) out().println("removed " + report.sweptUploads() + " abandoned upload(s) from the archive");
                out().println(report.passed() ? "PASSED: point-in-time recovery works" : "FAILED: point-in-time recovery is not safe");
                if (report.arrivalMs() != null) {
                    out().println("archive path proven: " + report.switchedSegment() + " arrived in "
                            + DurationText.format(Duration.ofMillis(report.arrivalMs())));
                }
            }
            return report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
    }
}
