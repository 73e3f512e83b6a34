package dev.bulwark.doctor;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulwark.BulwarkException;
import dev.bulwark.access.audit.AccessAuditReport;
import dev.bulwark.access.audit.AccessAuditor;
import dev.bulwark.access.audit.RoleAudit;
import dev.bulwark.config.AgentConfig;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.pitr.BaseBackupStore;
import dev.bulwark.pitr.CheckLine;
import dev.bulwark.pitr.DrillReport;
import dev.bulwark.pitr.PitrDrill;
import dev.bulwark.pitr.WalArchive;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.Manifest;
import dev.bulwark.verify.VerificationReport;

/** Gathers the evidence for each database and scores it; reads the repository and audits roles, changes nothing. */
public final class Doctor {
    private final Map<String, String> env;
    private final Clock clock;

    public Doctor(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    public record Report(String database, boolean passed, List<CheckLine> lines) {}

    public Report examine(BulwarkConfig config, BulwarkConfig.NamedDatabase db) {
        Path repo = Path.of(config.requireRepository().path());
        DatabaseConfig c = db.config();
        Evidence evidence = new Evidence(db.name(), clock.instant(), c.rpo(), c.rto(), config.verification().every(),
                c.pitr() == null ? null : c.pitr().managedBy(), newestBackup(new BackupRepository(repo), db.name()),
                lastDrill(repo, db.name()), archive(repo, db.name()), agents(config, db));
        List<CheckLine> lines = Scorecard.score(evidence);
        return new Report(db.name(), lines.stream().noneMatch(CheckLine::failed), lines);
    }

    private static Evidence.LogicalBackup newestBackup(BackupRepository repo, String database) {
        List<Manifest> all = repo.list(database);
        if (all.isEmpty()) return null;
        Manifest m = all.get(all.size() - 1);
        List<VerificationReport> history = repo.verifications(database, m.backupId(), VerificationReport.class);
        if (history.isEmpty()) return new Evidence.LogicalBackup(m.backupId(), m.snapshotAt(), null, null, null, null, null);
        VerificationReport last = history.get(history.size() - 1);
        return new Evidence.LogicalBackup(m.backupId(), m.snapshotAt(), last.verified(), last.level(), last.finishedAt(), last.restoreMs(),
                last.failures().isEmpty() ? null : last.failures().get(0).message().lines().findFirst().orElse(""));
    }

    private static DrillReport lastDrill(Path repo, String database) {
        List<DrillReport> drills = PitrDrill.history(repo, database);
        return drills.isEmpty() ? null : drills.get(drills.size() - 1);
    }

    private static Evidence.Archive archive(Path repo, String database) {
        var newest = WalArchive.of(repo, database).newestSegment();
        return new Evidence.Archive(newest.map(WalArchive.Entry::archivedAt).orElse(null),
                newest.map(e -> e.name().name()).orElse(null), new BaseBackupStore(repo).list(database).size());
    }

    /** Fails closed: an audit that cannot run is reported as a failure with its reason. */
    private Evidence.Agents agents(BulwarkConfig config, BulwarkConfig.NamedDatabase db) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        for (AgentConfig a : config.agents()) {
            if (a.role() != null) roles.computeIfAbsent(a.role(), k -> new ArrayList<>()).add(a.name() == null ? a.role() : a.name());
        }
        if (roles.isEmpty()) return new Evidence.Agents.NoneDeclared();
        try {
            AccessAuditReport report = new AccessAuditor(env).audit(db.name(), db.config(), new AccessAuditor.Scope(List.of(), roles));
            List<String> audited = report.roles().stream().filter(RoleAudit::agent).map(RoleAudit::role).toList();
            return new Evidence.Agents.Audited(report.passed(), audited, report.summary().agentsWithWritePaths(),
                    report.agentRolesNotFound());
        } catch (BulwarkException e) {
            return new Evidence.Agents.CouldNotCheck(e.getMessage());
        }
    }
}
