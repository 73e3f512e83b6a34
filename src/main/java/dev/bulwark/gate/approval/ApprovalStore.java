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

/**
 * The approvals store: agent logins (SCRAM verifiers only), approvers (TOTP secrets, never listed)
 * and change requests, in one SQLite file shared with the audit log. Agents and approvers are
 * separate namespaces: an approver called "claude" has nothing to do with the agent "claude", and
 * being an agent grants no right to approve. Safe to share between threads (calls are serialised)
 * and between processes (each read-check-write runs in an immediate transaction).
 */
public final class ApprovalStore implements AutoCloseable {
    static final int SCHEMA_VERSION = 1;
    /** Names end up in connection strings, URIs and terminal output: keep them plain. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,62}");

    private final Path file;
    private final Connection connection;
    private final Clock clock;
    private final RequestBook requests;

    private ApprovalStore(Path file, Connection connection, Clock clock) {
        this.file = file;
        this.connection = connection;
        this.clock = clock;
        this.requests = new RequestBook(connection, clock, this::consumeCode);
    }

    public static ApprovalStore open(Path file) {
        return open(file, Clock.systemUTC());
    }

    /** Opens or creates the store; {@code clock} decides creation times, TOTP steps and expiry. */
    public static ApprovalStore open(Path file, Clock clock) {
        Connection connection = SqliteFiles.open(file, true);
        ApprovalStore store = new ApprovalStore(file, connection, clock);
        store.write(() -> {
            SqliteFiles.ensureSchema(connection, "approvals", SCHEMA_VERSION,
                    "CREATE TABLE agents (name TEXT PRIMARY KEY, database TEXT NOT NULL, verifier TEXT NOT NULL,"
                            + " created_at TEXT NOT NULL)",
                    "CREATE TABLE approvers (name TEXT PRIMARY KEY, totp_secret TEXT NOT NULL,"
                            + " last_step INTEGER, created_at TEXT NOT NULL)",
                    RequestBook.REQUESTS_DDL,
                    RequestBook.APPROVALS_DDL);
            return null;
        });
        return store;
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
        write(() -> {
            if (exists("agents", name)) {
                throw BulwarkException.usage("agent " + name + " already exists; remove it first to issue a new password");
            }
            update("INSERT INTO agents VALUES (?, ?, ?, ?)", name, database, verifier, SqliteFiles.text(clock.instant()));
            return null;
        });
        return new AgentCredentials(name, password);
    }

    public synchronized List<Agent> listAgents() {
        return read(() -> {
            List<Agent> agents = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT name, database, created_at FROM agents ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    agents.add(new Agent(rs.getString(1), rs.getString(2), SqliteFiles.instant(rs.getString(3))));
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
        return read(() -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT verifier FROM agents WHERE name = ?")) {
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
        write(() -> {
            if (exists("approvers", name)) {
                throw BulwarkException.usage("approver " + name + " already exists; remove it first to enroll again");
            }
            update("INSERT INTO approvers (name, totp_secret, created_at) VALUES (?, ?, ?)",
                    name, secret, SqliteFiles.text(clock.instant()));
            return null;
        });
        return new ApproverEnrollment(name, Totp.otpauthUri(name, secret));
    }

    public synchronized List<Approver> listApprovers() {
        return read(() -> {
            List<Approver> approvers = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT name, created_at FROM approvers ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    approvers.add(new Approver(rs.getString(1), SqliteFiles.instant(rs.getString(2))));
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
        return write(() -> consumeCode(approver, code));
    }

    // ---- change requests

    public synchronized ChangeRequest createRequest(NewRequest request) {
        return write(() -> requests.create(request));
    }

    public synchronized Optional<ChangeRequest> get(String id) {
        return read(() -> requests.find(id));
    }

    /** Requests oldest first; {@code status} null for all, else only those with that effective status. */
    public synchronized List<ChangeRequest> list(RequestStatus status) {
        return read(() -> requests.list(status));
    }

    /**
     * Records {@code approver}'s approval of the exact SQL of request {@code id} after checking their
     * TOTP code (wrong or reused code: check-failed error). The request becomes APPROVED, and
     * executable until {@link RequestBook#APPROVAL_TTL} later, once it has as many distinct
     * approvals as it requires.
     */
    public synchronized ChangeRequest approve(String id, String approver, String code) {
        return write(() -> requests.approve(id, approver, code));
    }

    /** Denies a pending or approved request. A code is checked if given; refusing is always safe, so it is optional. */
    public synchronized ChangeRequest deny(String id, String approver, String code, String reason) {
        return write(() -> requests.deny(id, approver, code, reason));
    }

    /**
     * Claims an APPROVED, unexpired request for execution (APPROVED → EXECUTING) after checking the
     * SQL still hashes to what every approver approved; exactly one caller wins. The caller then runs
     * {@code sql()} with the write credentials and reports with markExecuted or markFailed.
     */
    public synchronized ChangeRequest beginExecution(String id) {
        return write(() -> requests.beginExecution(id));
    }

    public synchronized ChangeRequest markExecuted(String id, String resultJson) {
        return write(() -> requests.finish(id, RequestStatus.EXECUTED, resultJson, null));
    }

    public synchronized ChangeRequest markFailed(String id, String error) {
        return write(() -> requests.finish(id, RequestStatus.FAILED, null, error));
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw BulwarkException.environment("closing the approvals store " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- internals

    /** Inside a write transaction: checks the code and stores the step it matched. */
    private boolean consumeCode(String approver, String code) throws SQLException {
        String secret;
        long lastStep;
        try (PreparedStatement ps = connection.prepareStatement("SELECT totp_secret, last_step FROM approvers WHERE name = ?")) {
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
        write(() -> {
            if (update("DELETE FROM " + table + " WHERE name = ?", name) == 0) {
                throw BulwarkException.usage("no " + what + " named " + name);
            }
            return null;
        });
    }

    private boolean exists(String table, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private int update(String sql, Object... values) throws SQLException {
        return RequestBook.update(connection, sql, values);
    }

    private static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw BulwarkException.usage("'" + name + "' is not a valid " + what + " name: use up to 63 letters, digits,"
                    + " '_', '.', '@' or '-', not starting with a punctuation mark");
        }
    }

    private <T> T write(SqliteFiles.SqlWork<T> work) {
        return SqliteFiles.inWriteTransaction(connection, "approvals store " + file, work);
    }

    private <T> T read(SqliteFiles.SqlWork<T> work) {
        return SqliteFiles.inReadTransaction(connection, "approvals store " + file, work);
    }
}
