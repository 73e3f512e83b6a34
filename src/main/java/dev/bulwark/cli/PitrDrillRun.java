package dev.bulwark.cli;

import java.nio.file.Path;
import java.time.Duration;

import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.pitr.DrillReport;
import dev.bulwark.pitr.PitrDrill;
import dev.bulwark.verify.CheckResult;

/** {@code verify --pitr}: a point-in-time restore run as a drill, rendered like a verification. */
final class PitrDrillRun {
    private PitrDrillRun() {}

    static ExitCode run(BaseCommand command, String db, String toTime) throws Exception {
        BulwarkConfig config = command.config();
        BulwarkConfig.NamedDatabase target = config.database(db);
        DrillReport report = new PitrDrill(command.binaries(), command.env(), command.clock()).drill(target.name(), target.config(),
                Path.of(config.requireRepository().path()), RestoreCommand.moment(toTime), Duration.ofHours(6));
        if (command.json()) {
            command.printJson(report);
        } else {
            var out = command.out();
            out.println("PITR drill of '" + report.database() + "' to " + report.target() + (report.baseBackup() == null ? ""
                    : " from base backup " + report.baseBackup() + " in " + report.restoredInto()));
            for (CheckResult c : report.checks()) {
                out.printf("  %-4s  %-30s  %s%n", c.passed() ? "ok" : "FAIL", c.group() + ": " + c.name(),
                        c.passed() ? c.found() : c.message());
            }
            out.println("  restore took " + DurationText.format(Duration.ofMillis(report.restoreMs())) + (report.measuredRpoMs() == null
                    ? "; RPO not measured (a drill to 'latest' with 'bulwark heartbeat' running measures it)"
                    : "; measured RPO " + DurationText.format(Duration.ofMillis(report.measuredRpoMs())) + " (newest heartbeat "
                            + report.newestHeartbeat() + ")"));
            out.println(report.passed() ? "DRILL PASSED" : "DRILL FAILED: " + report.failures().size() + " check(s) failed");
        }
        return report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
