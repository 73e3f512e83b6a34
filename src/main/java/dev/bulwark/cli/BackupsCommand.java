package dev.bulwark.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.Manifest;
import dev.bulwark.verify.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backups", mixinStandardHelpOptions = true, description = "List backups and their verification state.",
        subcommands = {BackupsCommand.ListCommand.class, BackupsCommand.ShowCommand.class})
final class BackupsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** "never verified", "verified at T (restore 3.1s)", or "FAILED at T: why". */
    static String state(List<VerificationReport> history) {
        if (history.isEmpty()) return "never verified";
        VerificationReport last = history.get(history.size() - 1);
        if (last.verified()) {
            return "verified at " + last.finishedAt() + (last.restoreMs() == null ? " (quick: not restored)"
                    : " (restore " + DurationText.format(Duration.ofMillis(last.restoreMs())) + ")");
        }
        String why = last.failures().isEmpty() ? "no checks ran" : last.failures().get(0).message().lines().findFirst().orElse("");
        return "FAILED at " + last.finishedAt() + ": " + why + (last.failures().size() > 1
                ? " (+" + (last.failures().size() - 1) + " more)" : "");
    }

    static Map<String, Object> summary(Manifest m, List<VerificationReport> history) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backup_id", m.backupId());
        out.put("database", m.database());
        out.put("snapshot_at", m.snapshotAt());
        out.put("size_bytes", m.totalSize());
        out.put("tables", m.tables().size());
        out.put("rows", m.totalRows());
        VerificationReport last = history.isEmpty() ? null : history.get(history.size() - 1);
        out.put("verification", last == null ? "never" : last.verified() ? "verified" : "failed");
        if (last != null) {
            out.put("verified_at", last.finishedAt());
            out.put("verification_level", last.level());
            out.put("restore_ms", last.restoreMs());
            out.put("failures", last.failures().stream().map(f -> f.message()).toList());
        }
        out.put("state", state(history));
        return out;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Each complete backup with size, time and verification state.")
    static final class ListCommand extends BaseCommand {
        @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: all).")
        String db;

        @Override
        protected ExitCode run() throws Exception {
            BulwarkConfig config = config();
            BackupRepository repo = repository(config);
            List<String> names = db != null ? List.of(config.database(db).name()) : new ArrayList<>(config.databases().keySet());
            List<Map<String, Object>> rows = new ArrayList<>();
            TextTable table = new TextTable("DATABASE", "BACKUP", "TAKEN", "SIZE", "ROWS", "VERIFICATION");
            for (String name : names) {
                for (Manifest m : repo.list(name)) {
                    List<VerificationReport> history = repo.verifications(name, m.backupId(), VerificationReport.class);
                    rows.add(summary(m, history));
                    table.row(name, m.backupId(), m.snapshotAt(), Sizes.bytes(m.totalSize()), m.totalRows(), state(history));
                }
            }
            if (json()) {
                printJson(rows);
            } else if (rows.isEmpty()) {
                out().println("no complete backups in " + repo.root());
            } else {
                table.print(out(), "");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One backup: manifest summary and verification history.")
    static final class ShowCommand extends BaseCommand {
        @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: the only one).")
        String db;

        @Parameters(paramLabel = "ID", description = "Backup id, or 'latest'.")
        String id;

        @Override
        protected ExitCode run() throws Exception {
            BulwarkConfig config = config();
            BulwarkConfig.NamedDatabase target = config.database(db);
            BackupRepository repo = repository(config);
            Manifest m = repo.find(target.name(), id);
            List<VerificationReport> history = repo.verifications(target.name(), m.backupId(), VerificationReport.class);
            if (json()) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("manifest", m);
                out.put("verifications", history);
                out.put("state", state(history));
                printJson(out);
                return ExitCode.OK;
            }
            out().println("backup " + m.backupId() + " of '" + m.database() + "'");
            out().println("  taken        " + m.snapshotAt() + " (snapshot), finished " + m.finishedAt());
            out().println("  source       " + m.source().url() + ", PostgreSQL " + m.source().serverVersion()
                    + ", system id " + m.source().systemIdentifier());
            out().println("  pg_dump      " + m.dumper().version() + " " + String.join(" ", m.dumper().arguments().stream()
                    .filter(a -> !a.startsWith("--file=")).toList()));
            out().println("  size         " + Sizes.bytes(m.totalSize()) + " in " + m.files().size() + " files");
            out().println("  contents     " + m.tables().size() + " tables, " + m.totalRows() + " rows; objects " + m.objects());
            out().println("  state        " + state(history));
            out().println();
            TextTable t = new TextTable("TABLE", "ROWS AT SNAPSHOT");
            m.tables().forEach(tc -> t.row(tc.qualified(), tc.rows()));
            t.print(out(), "  ");
            if (!history.isEmpty()) {
                out().println();
                TextTable v = new TextTable("VERIFIED AT", "LEVEL", "RESULT", "RESTORE", "FAILED CHECKS");
                for (VerificationReport r : history) {
                    v.row(r.finishedAt(), r.level(), r.verified() ? "verified" : "FAILED",
                            r.restoreMs() == null ? "-" : DurationText.format(Duration.ofMillis(r.restoreMs())), r.failures().size());
                }
                v.print(out(), "  ");
            }
            return ExitCode.OK;
        }
    }
}
