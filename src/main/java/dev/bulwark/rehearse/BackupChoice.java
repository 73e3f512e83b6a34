package dev.bulwark.rehearse;

import java.time.Instant;
import java.util.List;

import dev.bulwark.BulwarkException;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.Manifest;
import dev.bulwark.verify.VerificationReport;

/**
 * Which backup a rehearsal restores. By default the newest verified one: its latest verification passed
 * and a full verification (restored and compared) passed at some point, the same evidence
 * {@code bulwark backups list} shows. {@code --backup ID} (or {@code latest}) picks any complete backup.
 */
public final class BackupChoice {
    public static final String LATEST_VERIFIED = "latest-verified";

    /** The backup and, when it is verified, when its last full verification passed. */
    public record Chosen(Manifest manifest, Instant verifiedAt) {}

    private BackupChoice() {
    }

    public static Chosen choose(BackupRepository repository, String database, String selector) {
        if (selector != null && !selector.equals(LATEST_VERIFIED)) {
            Manifest m = repository.find(database, selector);
            return new Chosen(m, verifiedAt(repository.verifications(database, m.backupId(), VerificationReport.class)));
        }
        List<Manifest> all = repository.list(database);
        for (int i = all.size() - 1; i >= 0; i--) {
            Instant at = verifiedAt(repository.verifications(database, all.get(i).backupId(), VerificationReport.class));
            if (at != null) return new Chosen(all.get(i), at);
        }
        if (all.isEmpty()) {
            throw BulwarkException.usage("no complete backup of '" + database + "' in " + repository.root()
                    + "; run 'bulwark backup' and 'bulwark verify' first");
        }
        Manifest newest = all.get(all.size() - 1);
        throw BulwarkException.usage("no verified backup of '" + database + "' in " + repository.root() + ": " + all.size()
                + " complete backup" + (all.size() == 1 ? "" : "s") + ", none with a passing full verification (newest: "
                + newest.backupId() + ", " + state(repository.verifications(database, newest.backupId(),
                VerificationReport.class)) + "). Run 'bulwark verify --db " + database + "' first, or rehearse on an unproven "
                + "backup with --backup " + newest.backupId());
    }

    private static String state(List<VerificationReport> history) {
        if (history.isEmpty()) return "never verified";
        VerificationReport last = history.get(history.size() - 1);
        if (!last.verified()) return "its last verification FAILED at " + last.finishedAt();
        return "verified only without a restore (--quick)";
    }

    /** When the last full verification passed, if the latest verification of any level passed too; else null. */
    static Instant verifiedAt(List<VerificationReport> history) {
        if (history.isEmpty() || !history.get(history.size() - 1).verified()) return null;
        for (int i = history.size() - 1; i >= 0; i--) {
            VerificationReport r = history.get(i);
            if (r.verified() && "full".equals(r.level())) return r.finishedAt();
        }
        return null;
    }
}
