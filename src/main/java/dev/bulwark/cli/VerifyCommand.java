package dev.bulwark.cli;

import java.nio.file.Path;

import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.Manifest;
import dev.bulwark.verify.JunitXml;
import dev.bulwark.verify.VerificationReport;
import dev.bulwark.verify.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Prove a backup restorable: check its files, restore it into a throwaway server and compare "
                + "every table with the dump and with production's counts at the snapshot.",
                "Exit 0 only when verified; 1 when any check fails."})
final class VerifyCommand extends BaseCommand {
    @Mixin
    DatabaseOptions options;

    @Option(names = "--backup", paramLabel = "ID", defaultValue = "latest",
            description = "Backup id, or 'latest' (default).")
    String backup;

    @Option(names = "--quick", description = "Only check files, table of contents and data (no restore).")
    boolean quick;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the result as JUnit XML, one test case per check.")
    Path junit;

    @Option(names = "--pitr", description = "Drill a point-in-time restore instead: base backup plus archived WAL to --to-time.")
    boolean pitr;

    @Option(names = "--to-time", paramLabel = "TIME", defaultValue = "latest",
            description = "With --pitr: the moment to restore to, with its zone, or 'latest' (default; measures the RPO).")
    String toTime;

    @Override
    protected ExitCode run() throws Exception {
        if (pitr) return PitrDrillRun.run(this, options.db, toTime);
        int jobs = options.jobs();
        BulwarkConfig config = config();
        BulwarkConfig.NamedDatabase target = config.database(options.db);
        BackupRepository repository = repository(config);
        Manifest manifest = repository.find(target.name(), backup);
        VerificationReport report = new Verifier(binaries(), env(), clock()).verify(target.name(), target.config(),
                config.verification(), manifest, repository.backupDir(target.name(), manifest.backupId()),
                new Verifier.Options(quick, jobs));
        Path record = repository.recordVerification(target.name(), manifest.backupId(), report.finishedAt(), report);
        if (junit != null) JunitXml.write(report, junit);
        if (json()) {
            printJson(report);
        } else {
            VerificationText.print(report, out());
            out().println("evidence recorded in " + record);
        }
        return report.verified() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
