package dev.bulwark.cli;

import java.util.ArrayList;
import java.util.List;

import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.doctor.Doctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"The checklist as one scorecard: newest backup verified by a real restore and recent; RPO declared; "
                + "measured RPO and RTO within the declared ones; PITR on with a fresh archive (or provided by a managed "
                + "service); every role under agents: read-only. Each line: PASS, WARN or FAIL, its evidence and the fix.",
                "Exit 1 when any line is FAIL."})
final class DoctorCommand extends BaseCommand {
    @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: all).")
    String db;

    @Override
    protected ExitCode run() throws Exception {
        BulwarkConfig config = config();
        List<BulwarkConfig.NamedDatabase> targets = db != null ? List.of(config.database(db))
                : config.databases().keySet().stream().map(config::database).toList();
        List<Doctor.Report> reports = new ArrayList<>();
        Doctor doctor = new Doctor(env(), clock());
        for (BulwarkConfig.NamedDatabase target : targets) reports.add(doctor.examine(config, target));
        boolean passed = reports.stream().allMatch(Doctor.Report::passed);
        if (json()) {
            printJson(reports);
        } else {
            for (Doctor.Report r : reports) {
                out().println("doctor: '" + r.database() + "'");
                ScorecardText.print(r.lines(), out());
                out().println();
            }
            out().println(passed ? "HEALTHY: nothing failed" : "UNHEALTHY: fix the FAIL lines above");
        }
        return passed ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
