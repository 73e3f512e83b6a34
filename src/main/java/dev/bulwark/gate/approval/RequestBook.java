package dev.bulwark.gate.approval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

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

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @FunctionalInterface
    interface CodeCheck {
        boolean consume(String approver, String code) throws SQLException;
    }

    private final StoreDatabase db;
    private final Clock clock;
    private final CodeCheck codes;
    private final RequestRows rows;

    RequestBook(StoreDatabase db, Clock clock, CodeCheck codes) {
        this.db = db;
        this.clock = clock;
        this.codes = codes;
        this.rows = new RequestRows(db, clock);
    }

    ChangeRequest create(NewRequest r) throws SQLException {
        require(r.agent(), "agent");
        require(r.database(), "database");
        require(r.sql(), "sql");
        checkApprovalsAndImpact(r.requiredApprovals(), r.impactJson());
        return rows.insert(RequestKind.SQL, r.agent(), r.database(), null, r.clientAddress(), r.sql(), sha256(r.sql()),
                r.reason(), r.impactJson(), r.requiredApprovals(), PENDING_TTL);
    }

    ChangeRequest createPlan(NewPlanRequest r) throws SQLException {
        require(r.requester(), "requester");
        require(r.summary(), "summary of the plan");
        if (r.plan() == null || r.plan().workingDirectory() == null || r.plan().file() == null) {
            throw BulwarkException.usage("a terraform plan request needs the plan's working directory and file");
        }
        if (r.planSha256() == null || !SHA256.matcher(r.planSha256()).matches()) {
            throw BulwarkException.usage("a terraform plan request needs the plan file's SHA-256 as 64 lower-case hex digits");
        }
        checkApprovalsAndImpact(r.requiredApprovals(), r.impactJson());
        return rows.insert(RequestKind.TERRAFORM, r.requester(), "", r.plan(), null, r.summary(), r.planSha256(),
                r.reason(), r.impactJson(), r.requiredApprovals(), PENDING_TTL);
    }

    /** Plan requests bound to a plan file with this SHA-256, oldest first. */
    List<ChangeRequest> planRequests(String planSha256) throws SQLException {
        return rows.query("WHERE kind = ? AND sql_sha256 = ?", RequestKind.TERRAFORM.stored(), planSha256);
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
        if (r.kind() == RequestKind.TERRAFORM) {
            throw BulwarkException.usage("request " + id + " is a terraform plan: approving it runs nothing, apply the plan"
                    + " file with: bulwark tf apply " + r.plan().file());
        }
        return claim(r);
    }

    /**
     * Claims an approved plan request for applying the plan file whose SHA-256 is {@code planSha256}:
     * it must be the very file that was held and approved.
     */
    ChangeRequest beginPlanApply(String id, String planSha256) throws SQLException {
        ChangeRequest r = existing(id);
        if (r.kind() != RequestKind.TERRAFORM || !r.sqlSha256().equals(planSha256)) {
            throw BulwarkException.checkFailed("request " + id + " is not an approval of the plan file with SHA-256 "
                    + planSha256 + "; it will not be applied");
        }
        return claim(r);
    }

    private ChangeRequest claim(ChangeRequest r) throws SQLException {
        expectStatus(r, RequestStatus.APPROVED, "execute");
        checkBinding(r);
        update(connection(), "UPDATE requests SET status = ? WHERE id = ?", RequestStatus.EXECUTING.name(), r.id());
        return existing(r.id());
    }

    ChangeRequest finish(String id, RequestStatus outcome, String resultJson, String error) throws SQLException {
        ChangeRequest r = existing(id);
        expectStatus(r, RequestStatus.EXECUTING, outcome == RequestStatus.EXECUTED ? "mark executed" : "mark failed");
        update(connection(), "UPDATE requests SET status = ?, result = ?, error = ?, finished_at = ? WHERE id = ?",
                outcome.name(), resultJson, error, StoreDatabase.text(clock.instant()), id);
        return existing(id);
    }

    Optional<ChangeRequest> find(String id) throws SQLException {
        return rows.find(id);
    }

    List<ChangeRequest> list(RequestStatus status) throws SQLException {
        return status == null ? rows.query("") : rows.query("WHERE " + RequestRows.EFFECTIVE_STATUS + " = ?",
                StoreDatabase.text(clock.instant()), status.name());
    }

    static String sha256(String sql) {
        return HexFormat.of().formatHex(ScramCrypto.sha256(sql.getBytes(StandardCharsets.UTF_8)));
    }

    static int update(Connection connection, String sql, Object... values) throws SQLException {
        return RequestRows.update(connection, sql, values);
    }

    private Connection connection() {
        return db.connection();
    }

    private ChangeRequest existing(String id) throws SQLException {
        return find(id).orElseThrow(() -> BulwarkException.usage("no change request " + id
                + "; see bulwark approvals list"));
    }

    /**
     * The stored SQL must still be what was hashed when it was held and what every approver approved.
     * A plan request's hash is the plan file's, which the caller checks against the file itself: here
     * every approval must carry it.
     */
    private static void checkBinding(ChangeRequest r) {
        String actual = r.kind() == RequestKind.SQL ? sha256(r.sql()) : r.sqlSha256();
        boolean bound = actual.equals(r.sqlSha256())
                && r.approvals().stream().allMatch(a -> a.sqlSha256().equals(actual));
        if (!bound) {
            throw BulwarkException.checkFailed("request " + r.id() + " was altered after it was held: its "
                    + (r.kind() == RequestKind.SQL ? "SQL" : "plan hash") + " no longer matches the SHA-256 that was"
                    + " recorded or approved; it will not run");
        }
    }

    private void checkApprovalsAndImpact(int requiredApprovals, String impactJson) {
        if (requiredApprovals < 1 || requiredApprovals > 2) {
            throw BulwarkException.usage("a change request needs 1 or 2 approvals, not " + requiredApprovals);
        }
        if (impactJson != null) {
            try {
                Json.mapper().readTree(impactJson);
            } catch (IOException e) {
                throw BulwarkException.usage("the impact preview of a change request must be JSON: " + e.getMessage());
            }
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
                ? " (it expired at " + r.expiresAt() + "; " + (r.kind() == RequestKind.SQL
                        ? "the agent has to send the statement again)" : "run bulwark tf plan again)") : "";
        return BulwarkException.usage("cannot " + action + " request " + r.id() + ": it is "
                + r.status().name().toLowerCase(java.util.Locale.ROOT) + why);
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw BulwarkException.usage("a change request needs a " + what);
        }
    }
}
