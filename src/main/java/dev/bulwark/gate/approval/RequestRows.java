package dev.bulwark.gate.approval;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The change-request tables as rows: their schema, and requests written and read back as
 * {@link ChangeRequest}s. No rules here; {@link RequestBook} decides what may be written.
 */
final class RequestRows {
    static final String REQUESTS_DDL = "CREATE TABLE requests (id TEXT PRIMARY KEY, created_at TEXT NOT NULL,"
            + " agent TEXT NOT NULL, database TEXT NOT NULL, client TEXT, sql TEXT NOT NULL, sql_sha256 TEXT NOT NULL,"
            + " reason TEXT, impact TEXT, required_approvals INTEGER NOT NULL, status TEXT NOT NULL,"
            + " expires_at TEXT NOT NULL, denied_by TEXT, deny_reason TEXT, result TEXT, error TEXT, finished_at TEXT)";
    static final String APPROVALS_DDL = "CREATE TABLE request_approvals (request_id TEXT NOT NULL REFERENCES requests(id),"
            + " approver TEXT NOT NULL, at TEXT NOT NULL, sql_sha256 TEXT NOT NULL, PRIMARY KEY (request_id, approver))";
    /**
     * Schema version 2: requests of a kind, terraform plans among them (their {@code sql} is the plan's
     * summary, {@code sql_sha256} the plan file's hash, looked up at apply time). {@code database} stays
     * NOT NULL from version 1, so a plan request stores '' there.
     */
    static final List<String> UPGRADE_TO_KINDS = List.of(
            "ALTER TABLE requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'sql'",
            "ALTER TABLE requests ADD COLUMN workdir TEXT",
            "ALTER TABLE requests ADD COLUMN plan_file TEXT",
            "CREATE INDEX requests_by_hash ON requests (sql_sha256)");

    /** The status as of a given time: pending and approved requests past their expiry read as EXPIRED. */
    static final String EFFECTIVE_STATUS = "CASE WHEN status IN ('PENDING', 'APPROVED') AND expires_at <= ? THEN 'EXPIRED'"
            + " ELSE status END";
    private static final String COLUMNS = "id, created_at, agent, database, client, sql, sql_sha256, reason, impact,"
            + " required_approvals, " + EFFECTIVE_STATUS + ", expires_at, denied_by, deny_reason, result, error, finished_at,"
            + " kind, workdir, plan_file";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final StoreDatabase db;
    private final Clock clock;

    RequestRows(StoreDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A new PENDING request under a fresh random id, expiring {@code pendingFor} from now. */
    ChangeRequest insert(RequestKind kind, String agent, String database, SavedPlan plan, String client, String text,
                         String sha256, String reason, String impactJson, int requiredApprovals, Duration pendingFor)
            throws SQLException {
        String id;
        do {
            byte[] random = new byte[4];
            RANDOM.nextBytes(random);
            id = "cr-" + HexFormat.of().formatHex(random);
        } while (find(id).isPresent());
        Instant now = clock.instant();
        update(connection(), "INSERT INTO requests (id, created_at, agent, database, client, sql, sql_sha256, reason, impact,"
                        + " required_approvals, status, expires_at, kind, workdir, plan_file)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, StoreDatabase.text(now), agent, database, client, text, sha256, reason, impactJson, requiredApprovals,
                RequestStatus.PENDING.name(), StoreDatabase.text(now.plus(pendingFor)), kind.stored(),
                plan == null ? null : plan.workingDirectory(), plan == null ? null : plan.file());
        return find(id).orElseThrow();
    }

    Optional<ChangeRequest> find(String id) throws SQLException {
        List<ChangeRequest> found = query("WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Requests matching {@code where} (whose parameters are {@code values}), oldest first. */
    List<ChangeRequest> query(String where, Object... values) throws SQLException {
        List<ChangeRequest> out = new ArrayList<>();
        try (PreparedStatement ps = connection().prepareStatement(
                "SELECT " + COLUMNS + " FROM requests " + where + " ORDER BY created_at, id")) {
            ps.setString(1, StoreDatabase.text(clock.instant()));
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 2, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(request(rs));
                }
            }
        }
        return out;
    }

    static int update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            return ps.executeUpdate();
        }
    }

    private ChangeRequest request(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        RequestKind kind = RequestKind.fromStored(rs.getString(18));
        boolean plan = kind == RequestKind.TERRAFORM;
        return new ChangeRequest(id, kind, StoreDatabase.instant(rs.getString(2)), rs.getString(3),
                plan ? null : rs.getString(4), plan ? new SavedPlan(rs.getString(19), rs.getString(20)) : null,
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getInt(10), RequestStatus.valueOf(rs.getString(11)), approvals(id),
                StoreDatabase.instant(rs.getString(12)), rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getString(16), StoreDatabase.instant(rs.getString(17)));
    }

    private List<Approval> approvals(String id) throws SQLException {
        List<Approval> out = new ArrayList<>();
        try (PreparedStatement ps = connection().prepareStatement(
                "SELECT approver, at, sql_sha256 FROM request_approvals WHERE request_id = ? ORDER BY at, approver")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Approval(rs.getString(1), StoreDatabase.instant(rs.getString(2)), rs.getString(3)));
                }
            }
        }
        return out;
    }

    private Connection connection() {
        return db.connection();
    }
}
