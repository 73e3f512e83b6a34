package dev.bulwark.gate.approval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.repository.Json;

/**
 * The change-request tables and their state machine. Package-private: {@link ApprovalStore} owns
 * the connection and calls these inside its transactions.
 */
final class RequestBook {
    /** How long a held statement waits for approval before the agent has to send it again. */
    static final Duration PENDING_TTL = Duration.ofHours(24);
    /** How long an approval stays executable: long enough to run it, short enough not to surprise. */
    static final Duration APPROVAL_TTL = Duration.ofMinutes(15);

    static final String REQUESTS_DDL = "CREATE TABLE requests (id TEXT PRIMARY KEY, created_at TEXT NOT NULL,"
            + " agent TEXT NOT NULL, database TEXT NOT NULL, client TEXT, sql TEXT NOT NULL, sql_sha256 TEXT NOT NULL,"
            + " reason TEXT, impact TEXT, required_approvals INTEGER NOT NULL, status TEXT NOT NULL,"
            + " expires_at TEXT NOT NULL, denied_by TEXT, deny_reason TEXT, result TEXT, error TEXT, finished_at TEXT)";
    static final String APPROVALS_DDL = "CREATE TABLE request_approvals (request_id TEXT NOT NULL REFERENCES requests(id),"
            + " approver TEXT NOT NULL, at TEXT NOT NULL, sql_sha256 TEXT NOT NULL, PRIMARY KEY (request_id, approver))";

    /** The status as of a given time: pending and approved requests past their expiry read as EXPIRED. */
    private static final String COLUMNS = "id, created_at, agent, database, client, sql, sql_sha256, reason, impact,"
            + " required_approvals, CASE WHEN status IN ('PENDING', 'APPROVED') AND expires_at <= ? THEN 'EXPIRED'"
            + " ELSE status END, expires_at, denied_by, deny_reason, result, error, finished_at";

    @FunctionalInterface
    interface CodeCheck {
        boolean consume(String approver, String code) throws SQLException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final StoreDatabase db;
    private final Clock clock;
    private final CodeCheck codes;

    RequestBook(StoreDatabase db, Clock clock, CodeCheck codes) {
        this.db = db;
        this.clock = clock;
        this.codes = codes;
    }

    ChangeRequest create(NewRequest r) throws SQLException {
        require(r.agent(), "agent");
        require(r.database(), "database");
        require(r.sql(), "sql");
        if (r.requiredApprovals() < 1 || r.requiredApprovals() > 2) {
            throw BulwarkException.usage("a change request needs 1 or 2 approvals, not " + r.requiredApprovals());
        }
        if (r.impactJson() != null) {
            try {
                Json.mapper().readTree(r.impactJson());
            } catch (IOException e) {
                throw BulwarkException.usage("the impact preview of a change request must be JSON: " + e.getMessage());
            }
        }
        String id;
        do {
            id = "cr-" + HexFormat.of().formatHex(randomBytes(4));
        } while (find(id).isPresent());
        Instant now = clock.instant();
        update(connection(), "INSERT INTO requests (id, created_at, agent, database, client, sql, sql_sha256, reason,"
                        + " impact, required_approvals, status, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, StoreDatabase.text(now), r.agent(), r.database(), r.clientAddress(), r.sql(), sha256(r.sql()),
                r.reason(), r.impactJson(), r.requiredApprovals(), RequestStatus.PENDING.name(),
                StoreDatabase.text(now.plus(PENDING_TTL)));
        return find(id).orElseThrow();
    }

    ChangeRequest approve(String id, String approver, String code) throws SQLException {
        ChangeRequest r = existing(id);
        if (r.status() == RequestStatus.APPROVED) {
            throw BulwarkException.usage("request " + id + " is already approved");
        }
        expectStatus(r, RequestStatus.PENDING, "approve");
        if (r.approvals().stream().anyMatch(a -> a.approver().equals(approver))) {
            throw BulwarkException.usage("request " + id + " is already approved by " + approver
                    + "; it needs a different second approver");
        }
        checkBinding(r);
        checkCode(approver, code);
        Instant now = clock.instant();
        update(connection(), "INSERT INTO request_approvals VALUES (?, ?, ?, ?)", id, approver, StoreDatabase.text(now), r.sqlSha256());
        if (r.approvals().size() + 1 >= r.requiredApprovals()) {
            update(connection(), "UPDATE requests SET status = ?, expires_at = ? WHERE id = ?",
                    RequestStatus.APPROVED.name(), StoreDatabase.text(now.plus(APPROVAL_TTL)), id);
        }
        return existing(id);
    }

    ChangeRequest deny(String id, String approver, String code, String reason) throws SQLException {
        ChangeRequest r = existing(id);
        if (r.status() != RequestStatus.PENDING && r.status() != RequestStatus.APPROVED) {
            throw wrongStatus(r, "deny");
        }
        require(reason, "reason for denying");
        if (code != null) {
            checkCode(approver, code);
        } else if (!approverExists(approver)) {
            throw BulwarkException.usage("no approver named " + approver);
        }
        update(connection(), "UPDATE requests SET status = ?, denied_by = ?, deny_reason = ?, finished_at = ? WHERE id = ?",
                RequestStatus.DENIED.name(), approver, reason, StoreDatabase.text(clock.instant()), id);
        return existing(id);
    }

    ChangeRequest beginExecution(String id) throws SQLException {
        ChangeRequest r = existing(id);
        expectStatus(r, RequestStatus.APPROVED, "execute");
        checkBinding(r);
        update(connection(), "UPDATE requests SET status = ? WHERE id = ?", RequestStatus.EXECUTING.name(), id);
        return existing(id);
    }

    ChangeRequest finish(String id, RequestStatus outcome, String resultJson, String error) throws SQLException {
        ChangeRequest r = existing(id);
        expectStatus(r, RequestStatus.EXECUTING, outcome == RequestStatus.EXECUTED ? "mark executed" : "mark failed");
        update(connection(), "UPDATE requests SET status = ?, result = ?, error = ?, finished_at = ? WHERE id = ?",
                outcome.name(), resultJson, error, StoreDatabase.text(clock.instant()), id);
        return existing(id);
    }

    Optional<ChangeRequest> find(String id) throws SQLException {
        List<ChangeRequest> found = query("WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<ChangeRequest> list(RequestStatus status) throws SQLException {
        return status == null ? query("") : query("WHERE CASE WHEN status IN ('PENDING', 'APPROVED') AND expires_at <= ?"
                + " THEN 'EXPIRED' ELSE status END = ?", StoreDatabase.text(clock.instant()), status.name());
    }

    static String sha256(String sql) {
        return HexFormat.of().formatHex(ScramCrypto.sha256(sql.getBytes(StandardCharsets.UTF_8)));
    }

    static int update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            return ps.executeUpdate();
        }
    }

    private List<ChangeRequest> query(String where, Object... values) throws SQLException {
        List<ChangeRequest> out = new ArrayList<>();
        try (PreparedStatement ps = connection().prepareStatement(
                "SELECT " + COLUMNS + " FROM requests " + where + " ORDER BY created_at, id")) {
            ps.setString(1, StoreDatabase.text(clock.instant()));
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 2, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    out.add(new ChangeRequest(id, StoreDatabase.instant(rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getInt(10), RequestStatus.valueOf(rs.getString(11)), approvals(id),
                            StoreDatabase.instant(rs.getString(12)), rs.getString(13), rs.getString(14),
                            rs.getString(15), rs.getString(16), StoreDatabase.instant(rs.getString(17))));
                }
            }
        }
        return out;
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

    private ChangeRequest existing(String id) throws SQLException {
        return find(id).orElseThrow(() -> BulwarkException.usage("no change request " + id
                + "; see bulwark approvals list"));
    }

    /** The stored SQL must still be what was hashed when it was held and what every approver approved. */
    private static void checkBinding(ChangeRequest r) {
        String actual = sha256(r.sql());
        boolean bound = actual.equals(r.sqlSha256())
                && r.approvals().stream().allMatch(a -> a.sqlSha256().equals(actual));
        if (!bound) {
            throw BulwarkException.checkFailed("request " + r.id() + " was altered after it was held: its SQL no longer"
                    + " matches the SHA-256 that was recorded or approved; it will not run");
        }
    }

    private void checkCode(String approver, String code) throws SQLException {
        if (!codes.consume(approver, code)) {
            throw new BulwarkException(ExitCode.CHECK_FAILED, "the code for approver " + approver
                    + " is wrong or was already used; wait for the next code in the authenticator app");
        }
    }

    private boolean approverExists(String approver) throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement("SELECT 1 FROM approvers WHERE name = ?")) {
            ps.setString(1, approver);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void expectStatus(ChangeRequest r, RequestStatus expected, String action) {
        if (r.status() != expected) {
            throw wrongStatus(r, action);
        }
    }

    private static BulwarkException wrongStatus(ChangeRequest r, String action) {
        String why = r.status() == RequestStatus.EXPIRED
                ? " (it expired at " + r.expiresAt() + "; the agent has to send the statement again)" : "";
        return BulwarkException.usage("cannot " + action + " request " + r.id() + ": it is "
                + r.status().name().toLowerCase(java.util.Locale.ROOT) + why);
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw BulwarkException.usage("a change request needs a " + what);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
