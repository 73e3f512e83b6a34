package dev.bulwark.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.bulwark.ExitCode;
import dev.bulwark.FileTrees;
import dev.bulwark.demo.Demo;
import dev.bulwark.verify.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Walk through the main job on a built-in example: a sandbox production conference database "
                + "is backed up, the backup is restored and proven, then damaged and caught. Needs only a JDK and "
                + "PostgreSQL; everything it starts is removed at the end."})
final class DemoCommand extends BaseCommand {
    @Option(names = "--keep", paramLabel = "DIR", description = "Keep the demo's backup repository in DIR instead of a temporary one.")
    Path keep;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Parallel jobs (default: ${DEFAULT-VALUE}).")
    int jobs = new DatabaseOptions().jobs;

    @Override
    protected ExitCode run() throws Exception {
        Path repo = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("bulwark-demo-");
        try {
            out().println("Bulwark demo: a backup you haven't verified is a hope, not a safety net.");
            out().println();
            Demo.Outcome outcome = new Demo(env(), clock()).run(new Demo.Narrator() {
                @Override
                public void step(String title, String text) {
                    if (!title.isEmpty()) {
                        out().println("== " + title);
                    }
                    out().println(text);
                    out().println();
                    out().flush();
                }

                @Override
                public void report(VerificationReport report) {
                    VerificationText.print(report, out());
                    out().println();
                }
            }, repo, jobs);
            out().println(outcome.success()
                    ? "Demo complete: the intact backup was proven restorable, the damaged one was caught before anyone "
                            + "had to rely on it, and the agent's DROP TABLE waited for a human, ran only after a safety copy, "
                            + "and was undone. Next: put your database in bulwark.yaml, run 'bulwark backup' and 'bulwark verify' "
                            + "on a schedule, and give agents the gate instead of the database."
                    : "Demo FAILED: " + (!outcome.verification().verified() ? "the intact backup did not verify"
                            : outcome.damaged().verified() ? "the damaged backup was not caught"
                            : "the gate act did not hold, run and undo the change"));
            return outcome.success() ? ExitCode.OK : ExitCode.CHECK_FAILED;
        } finally {
            if (keep == null) FileTrees.delete(repo);
        }
    }
}
