package dev.bulwark.gate.approval;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import dev.bulwark.BulwarkException;
import dev.bulwark.config.StoreLocation;

/**
 * The approvals store: agent logins (SCRAM verifiers only), approvers (TOTP secrets, never listed)
 * and change requests, in one SQLite file or PostgreSQL control database shared with the audit
 * log. Agents and approvers are separate namespaces: an approver called "claude" has nothing to do
 * with the agent "claude", and being an agent grants no right to approve. Safe to share between
 * threads (calls are serialised) and between processes (each read-check-write runs in a write
 * transaction that excludes the other writers, see {@link StoreDatabase}).
 */
public final class ApprovalStore implements AutoCloseable {
    /** Each takes the tables one schema version further; to 2: requests have a kind (SQL or terraform plan). */
    private static final List<List<String>> UPGRADES = List.of(RequestRows.UPGRADE_TO_KINDS);
    static final int SCHEMA_VERSION = 1 + UPGRADES.size();
    /** Names end up in connection strings, URIs and terminal output: keep them plain. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,62}");

    private final StoreLocation location;
    private final StoreDatabase db;
    private final Clock clock;
    private final RequestBook requests;

    private ApprovalStore(StoreLocation location, StoreDatabase db, Clock clock) {
        this.location = location;
        this.db = db;
        this.clock = clock;
        this.requests = new RequestBook(db, clock, this::consumeCode);
    }

    public static ApprovalStore open(Path file) {
        return open(file, Clock.systemUTC());
    }

    public static ApprovalStore open(Path file, Clock clock) {
        return open(new StoreLocation.SqliteFile(file), clock);
    }

    public static ApprovalStore open(StoreLocation location) {
        return open(location, Clock.systemUTC());
    }

    /** Opens or creates the store; {@code clock} decides creation times, TOTP steps and expiry. */
    public static ApprovalStore open(StoreLocation location, Clock clock) {
        StoreDatabase db = StoreDatabase.open(location, "approvals", "approvals store " + location, true);
        try {
            db.ensureSchema(List.of(
                    "CREATE TABLE agents (name TEXT PRIMARY KEY, database TEXT NOT NULL, verifier TEXT NOT NULL,"
                            + " created_at TEXT NOT NULL)",
                    "CREATE TABLE approvers (name TEXT PRIMARY KEY, totp_secret TEXT NOT NULL,"
                            + " last_step " + db.dialect().bigint() + ", created_at TEXT NOT NULL)",
                    RequestRows.REQUESTS_DDL,
                    RequestRows.APPROVALS_DDL),
                    UPGRADES);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new ApprovalStore(location, db, clock);
    }

    // ---- agents

    /** Creates an agent login with a generated password, returned once; only its SCRAM verifier is kept. */
    public synchronized AgentCredentials addAgent(String name, String database) {
        checkName(name, "agent");
        if (database == null || database.isBlank()) {
            throw BulwarkException.usage("agent " + name + " needs a database (--db)");
        }
        String password = Passwords.generate();
        String verifier = ScramVerifier.create(password).text();
        db.write(() -> {
            if (exists("agents", name)) {
                throw BulwarkException.usage("agent " + name + " already exists; remove it first to issue a new password");
            }
            update("INSERT INTO agents VALUES (?, ?, ?, ?)", name, database, verifier, StoreDatabase.text(clock.instant()));
            return null;
        });
        return new AgentCredentials(name, password);
    }

    public synchronized List<Agent> listAgents() {
        return db.read(() -> {
            List<Agent> agents = new ArrayList<>();
            try (PreparedStatement ps = connection().prepareStatement("SELECT name, database, created_at FROM agents ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    agents.add(new Agent(rs.getString(1), rs.getString(2), StoreDatabase.instant(rs.getString(3))));
                }
            }
            return agents;
        });
    }

    public synchronized Optional<Agent> agent(String name) {
        return listAgents().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The verifier the gate checks an agent's SCRAM proof against; empty for an unknown agent. */
    public synchronized Optional<ScramVerifier> agentVerifier(String name) {
        return db.read(() -> {
            try (PreparedStatement ps = connection().prepareStatement("SELECT verifier FROM agents WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(ScramVerifier.parse(rs.getString(1))) : Optional.<ScramVerifier>empty();
                }
            }
        });
    }

    public synchronized void removeAgent(String name) {
        removeNamed("agents", "agent", name);
    }

    // ---- approvers

    /** Enrolls an approver with a fresh TOTP secret, returned once inside the otpauth URI. */
    public synchronized ApproverEnrollment addApprover(String name) {
        checkName(name, "approver");
        String secret = Totp.newSecret();
        db.write(() -> {
            if (exists("approvers", name)) {
                throw BulwarkException.usage("approver " + name + " already exists; remove it first to enroll again");
            }
            update("INSERT INTO approvers (name, totp_secret, created_at) VALUES (?, ?, ?)",
                    name, secret, StoreDatabase.text(clock.instant()));
            return null;
        });
        return new ApproverEnrollment(name, Totp.otpauthUri(name, secret));
    }

    public synchronized List<Approver> listApprovers() {
        return db.read(() -> {
            List<Approver> approvers = new ArrayList<>();
            try (PreparedStatement ps = connection().prepareStatement("SELECT name, created_at FROM approvers ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    approvers.add(new Approver(rs.getString(1), StoreDatabase.instant(rs.getString(2))));
                }
            }
            return approvers;
        });
    }

    public synchronized void removeApprover(String name) {
        removeNamed("approvers", "approver", name);
    }

    /**
     * Checks an approver's TOTP code and, if it is right, uses it up: the same code (or an older
     * one) is refused from then on. Unknown approver: usage error.
     */
    public synchronized boolean verifyCode(String approver, String code) {
        return db.write(() -> consumeCode(approver, code));
    }

    // ---- change requests

    public synchronized ChangeRequest createRequest(NewRequest request) {
        return db.write(() -> requests.create(request));
    }

    /** Holds a terraform plan with destructive changes until enough approvers approve that exact plan file. */
    public synchronized ChangeRequest createPlanRequest(NewPlanRequest request) {
        return db.write(() -> requests.createPlan(request));
    }

    /** The terraform plan requests bound to the plan file with this SHA-256 (usually one), oldest first. */
    public synchronized List<ChangeRequest> planRequests(String planSha256) {
        return db.read(() -> requests.planRequests(planSha256));
    }

    public synchronized Optional<ChangeRequest> get(String id) {
        return db.read(() -> requests.find(id));
    }

    /** Requests oldest first; {@code status} null for all, else only those with that effective status. */
    public synchronized List<ChangeRequest> list(RequestStatus status) {
        return db.read(() -> requests.list(status));
    }

    /**
     * Records {@code approver}'s approval of the exact SQL (or plan file) of request {@code id} after checking their
     * TOTP code (wrong or reused code: check-failed error). The request becomes APPROVED, and
     * executable until {@link RequestBook#APPROVAL_TTL} later, once it has as many distinct
     * approvals as it requires.
     */
    public synchronized ChangeRequest approve(String id, String approver, String code) {
        return db.write(() -> requests.approve(id, approver, code));
    }

    /** Denies a pending or approved request. A code is checked if given; refusing is always safe, so it is optional. */
    public synchronized ChangeRequest deny(String id, String approver, String code, String reason) {
        return db.write(() -> requests.deny(id, approver, code, reason));
    }

    /**
     * Claims an APPROVED, unexpired request for execution (APPROVED → EXECUTING) after checking the
     * SQL still hashes to what every approver approved; exactly one caller wins. The caller then runs
     * {@code sql()} with the write credentials and reports with markExecuted or markFailed.
     */
    public synchronized ChangeRequest beginExecution(String id) {
        return db.write(() -> requests.beginExecution(id));
    }

    /**
     * As {@link #beginExecution} for a terraform plan request: claims it (APPROVED → EXECUTING) for
     * applying the plan file whose SHA-256 is {@code planSha256}, which must be the one approved. The
     * caller then applies that file and reports with markExecuted or markFailed, so an approval
     * applies at most once.
     */
    public synchronized ChangeRequest beginPlanApply(String id, String planSha256) {
        return db.write(() -> requests.beginPlanApply(id, planSha256));
    }

    public synchronized ChangeRequest markExecuted(String id, String resultJson) {
        return db.write(() -> requests.finish(id, RequestStatus.EXECUTED, resultJson, null));
    }

    public synchronized ChangeRequest markFailed(String id, String error) {
        return db.write(() -> requests.finish(id, RequestStatus.FAILED, null, error));
    }

    /** The SQLite file, or null when the store is a control database. */
    public Path file() {
        return location instanceof StoreLocation.SqliteFile f ? f.file() : null;
    }

    public StoreLocation location() {
        return location;
    }

    @Override
    public synchronized void close() {
        db.close();
    }

    // ---- internals

    /** Inside a write transaction: checks the code and stores the step it matched. */
    private boolean consumeCode(String approver, String code) throws SQLException {
        String secret;
        long lastStep;
        try (PreparedStatement ps = connection().prepareStatement("SELECT totp_secret, last_step FROM approvers WHERE name = ?")) {
            ps.setString(1, approver);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw BulwarkException.usage("no approver named " + approver + "; enroll one with: bulwark approvers add NAME");
                }
                secret = rs.getString(1);
                long stored = rs.getLong(2);
                lastStep = rs.wasNull() ? Long.MIN_VALUE : stored;
            }
        }
        OptionalLong step = Totp.match(secret, code, clock.instant(), lastStep);
        if (step.isEmpty()) {
            return false;
        }
        update("UPDATE approvers SET last_step = ? WHERE name = ?", step.getAsLong(), approver);
        return true;
    }

    private void removeNamed(String table, String what, String name) {
        db.write(() -> {
            if (update("DELETE FROM " + table + " WHERE name = ?", name) == 0) {
                throw BulwarkException.usage("no " + what + " named " + name);
            }
            return null;
        });
    }

    private boolean exists(String table, String name) throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement("SELECT 1 FROM " + table + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private int update(String sql, Object... values) throws SQLException {
        return RequestBook.update(connection(), sql, values);
    }

    private static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw BulwarkException.usage("'" + name + "' is not a valid " + what + " name: use up to 63 letters, digits,"
                    + " '_', '.', '@' or '-', not starting with a punctuation mark");
        }
    }

    private Connection connection() {
        return db.connection();
    }
}
