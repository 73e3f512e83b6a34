package dev.bulwark.doctor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.bulwark.config.DurationText;
import dev.bulwark.doctor.Evidence.Agents;
import dev.bulwark.pitr.CheckLine;
import dev.bulwark.pitr.DrillReport;

/**
 * The article's closing checklist as lines: is the newest backup verified by a real restore and
 * recent, is the RPO written down, are the measured RPO and RTO within the declared ones, is PITR
 * on with a fresh archive, and is every agent's role read-only.
 */
public final class Scorecard {
    private Scorecard() {}

    public static List<CheckLine> score(Evidence e) {
        return List.of(backupVerified(e), objectivesDeclared(e), rpoMet(e), rtoMet(e), pitr(e), agents(e));
    }

    static CheckLine backupVerified(Evidence e) {
        String name = "newest backup verified";
        String fix = "bulwark backup --db " + e.database() + " && bulwark verify --db " + e.database();
        Evidence.LogicalBackup b = e.newestBackup();
        if (b == null) {
            DrillReport d = e.lastDrill();
            if (d != null && d.passed() && age(e, d.finishedAt()).compareTo(e.verificationEvery()) <= 0) {
                return CheckLine.pass(name, "no logical backup; the last PITR drill restored and passed " + ago(e, d.finishedAt()));
            }
            return CheckLine.fail(name, "no backup in the repository", fix);
        }
        String id = "backup " + b.backupId() + " (taken " + ago(e, b.snapshotAt()) + ")";
        if (b.verified() == null) return CheckLine.fail(name, id + " was never verified: a backup never restored is a hope", fix);
        if (!b.verified()) return CheckLine.fail(name, id + " FAILED verification: " + b.failure(), fix);
        if (!"full".equals(b.level())) {
            return CheckLine.fail(name, id + " passed only the quick check, never a real restore", "bulwark verify --db " + e.database());
        }
        if (age(e, b.snapshotAt()).compareTo(e.verificationEvery()) > 0) {
            return CheckLine.fail(name, id + " is older than the verification interval of " + DurationText.format(e.verificationEvery()), fix);
        }
        return CheckLine.pass(name, id + " restored and compared " + ago(e, b.verifiedAt()) + " (restore "
                + DurationText.format(Duration.ofMillis(b.restoreMs() == null ? 0 : b.restoreMs())) + ")");
    }

    static CheckLine objectivesDeclared(Evidence e) {
        String name = "RPO declared";
        if (e.rpo() == null) {
            return CheckLine.fail(name, "no rpo: the data loss the business can take is not written down",
                    "add 'rpo: 15m' (your number) and 'rto: 1h' under databases." + e.database() + " in bulwark.yaml");
        }
        if (e.rto() == null) {
            return CheckLine.warn(name, "rpo " + DurationText.format(e.rpo()) + "; no rto", "add 'rto: 1h' (your number) under databases."
                    + e.database());
        }
        return CheckLine.pass(name, "rpo " + DurationText.format(e.rpo()) + ", rto " + DurationText.format(e.rto()));
    }

    static CheckLine rpoMet(Evidence e) {
        String name = "RPO met";
        if (e.rpo() == null) return CheckLine.warn(name, "no rpo declared to compare with", "declare rpo: first");
        String rpo = DurationText.format(e.rpo());
        Evidence.Archive a = e.archive();
        DrillReport d = e.lastDrill();
        if (a != null && a.newestSegmentAt() != null) {
            Duration lag = age(e, a.newestSegmentAt());
            if (lag.compareTo(e.rpo()) > 0) {
                return CheckLine.fail(name, "archive lag " + DurationText.format(lag) + " (newest segment " + a.newestSegment()
                        + ") exceeds the rpo of " + rpo, "bulwark pitr check --db " + e.database() + "  (and archive_timeout <= rpo)");
            }
            if (d != null && d.measuredRpoMs() != null) {
                Duration measured = Duration.ofMillis(d.measuredRpoMs());
                return measured.compareTo(e.rpo()) > 0
                        ? CheckLine.fail(name, "the last drill measured " + DurationText.format(measured) + " of lost data, more than the rpo of "
                                + rpo, "lower archive_timeout, or stream WAL with 'bulwark wal-stream'")
                        : CheckLine.pass(name, "measured " + DurationText.format(measured) + " by the drill " + ago(e, d.finishedAt())
                                + "; archive lag now " + DurationText.format(lag) + " (rpo " + rpo + ")");
            }
            return CheckLine.warn(name, "archive lag now " + DurationText.format(lag) + " (rpo " + rpo + "); never measured by a drill",
                    "bulwark heartbeat --db " + e.database() + " (kept running), then bulwark verify --pitr --to-time latest --db " + e.database());
        }
        Evidence.LogicalBackup b = e.newestBackup();
        if (b != null && Boolean.TRUE.equals(b.verified())) {
            Duration age = age(e, b.snapshotAt());
            return age.compareTo(e.rpo()) > 0
                    ? CheckLine.fail(name, "the newest verified backup is " + DurationText.format(age) + " old: that much data would be "
                            + "lost now, more than the rpo of " + rpo, "back up more often, or set up PITR (see README: Point-in-time recovery)")
                    : CheckLine.pass(name, "the newest verified backup is " + DurationText.format(age) + " old (rpo " + rpo + ")");
        }
        if (e.pitrManagedBy() != null) {
            return CheckLine.warn(name, "PITR by " + e.pitrManagedBy() + " (declared); Bulwark cannot measure its lag",
                    "check the provider's restore window and lag");
        }
        return CheckLine.fail(name, "no verified backup and no WAL archive: everything would be lost", "bulwark backup && bulwark verify");
    }

    static CheckLine rtoMet(Evidence e) {
        String name = "RTO met";
        Long restoreMs = null;
        String source = null;
        Instant when = Instant.MIN;
        if (e.newestBackup() != null && e.newestBackup().restoreMs() != null) {
            restoreMs = e.newestBackup().restoreMs();
            source = "verification of backup " + e.newestBackup().backupId();
            when = e.newestBackup().verifiedAt();
        }
        DrillReport d = e.lastDrill();
        if (d != null && d.baseBackup() != null && (restoreMs == null || d.finishedAt().isAfter(when))) {
            restoreMs = d.restoreMs();
            source = "PITR drill " + ago(e, d.finishedAt());
        }
        if (restoreMs == null) {
            return CheckLine.warn(name, "no restore measured yet", "bulwark verify --db " + e.database());
        }
        String took = DurationText.format(Duration.ofMillis(restoreMs));
        if (e.rto() == null) return CheckLine.warn(name, "restore took " + took + " (" + source + "); no rto declared", "declare rto:");
        return Duration.ofMillis(restoreMs).compareTo(e.rto()) > 0
                ? CheckLine.fail(name, "restore took " + took + " (" + source + "), longer than the rto of " + DurationText.format(e.rto()),
                        "restore from a newer base backup (less WAL to replay), or a faster restore target")
                : CheckLine.pass(name, "restore took " + took + " (" + source + "), rto " + DurationText.format(e.rto()));
    }

    static CheckLine pitr(Evidence e) {
        String name = "PITR on, archive fresh";
        if (e.pitrManagedBy() != null) return CheckLine.pass(name, "provided by " + e.pitrManagedBy() + " (declared in bulwark.yaml)");
        String setup = "archive_command = '/path/to/bulwark --config /etc/bulwark.yaml wal-push --db " + e.database()
                + " %p', then bulwark basebackup --db " + e.database() + " (README: Point-in-time recovery)";
        Evidence.Archive a = e.archive();
        if (a == null || a.newestSegmentAt() == null) return CheckLine.fail(name, "no WAL archive for '" + e.database() + "'", setup);
        if (a.baseBackups() == 0) {
            return CheckLine.fail(name, "WAL is archived but there is no base backup to replay it onto", "bulwark basebackup --db " + e.database());
        }
        Duration limit = e.rpo() != null ? e.rpo() : Duration.ofHours(1);
        Duration lag = age(e, a.newestSegmentAt());
        if (lag.compareTo(limit) > 0) {
            return CheckLine.fail(name, "the archive is stale: newest segment " + a.newestSegment() + " arrived " + ago(e, a.newestSegmentAt())
                    + " (limit " + DurationText.format(limit) + (e.rpo() == null ? ", no rpo declared" : ", the rpo") + ")",
                    "bulwark pitr check --db " + e.database());
        }
        return CheckLine.pass(name, "newest segment " + a.newestSegment() + " arrived " + ago(e, a.newestSegmentAt()) + "; "
                + a.baseBackups() + " base backup(s)");
    }

    static CheckLine agents(Evidence e) {
        String name = "agents read-only";
        return switch (e.agents()) {
            case Agents.NoneDeclared n -> CheckLine.warn(name, "no roles under agents: in bulwark.yaml, so none were checked",
                    "list the database roles agents use under agents: (name, role)");
            case Agents.CouldNotCheck c -> CheckLine.fail(name, "could not check: " + c.reason(), "bulwark access audit --db " + e.database());
            case Agents.Audited a when !a.passed() -> CheckLine.fail(name, "agent roles with write paths: " + String.join(", ", a.withWritePaths()),
                    "bulwark access audit --db " + e.database() + "  (each finding comes with the SQL that removes it)");
            case Agents.Audited a when !a.notFound().isEmpty() -> CheckLine.warn(name, "read-only: " + String.join(", ", a.roles())
                    + "; not found on the server: " + String.join(", ", a.notFound()), "fix the role names under agents:");
            case Agents.Audited a -> CheckLine.pass(name, "no write path for " + String.join(", ", a.roles()));
        };
    }

    private static Duration age(Evidence e, Instant then) {
        return then == null ? Duration.ofDays(36500) : Duration.between(then, e.now());
    }

    private static String ago(Evidence e, Instant then) {
        return DurationText.format(age(e, then)) + " ago";
    }
}
