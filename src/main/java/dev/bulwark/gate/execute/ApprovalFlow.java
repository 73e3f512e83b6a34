package dev.bulwark.gate.execute;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.BulwarkException;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.ChangeRequest;
import dev.bulwark.gate.approval.RequestKind;
import dev.bulwark.gate.approval.RequestStatus;
import dev.bulwark.gate.audit.AuditDecision;
import dev.bulwark.gate.audit.AuditEvent;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.gate.impact.ImpactPreview;
import dev.bulwark.gate.impact.TableImpact;
import dev.bulwark.postgres.Catalog;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.Json;

/**
 * A human's decision on a held change, end to end: the approval (bound to the SQL's hash, checked
 * against the approver's TOTP code), then, once enough approvers agreed, a safety copy and the
 * execution with the write role; and undo from that copy. Every step is in the audit log.
 */
public final class ApprovalFlow {
    private final ApprovalStore store;
    private final AuditLog audit;
    private final PgBinaries binaries;
    private final Map<String, String> env;
    private final Clock clock;

    public ApprovalFlow(ApprovalStore store, AuditLog audit, PgBinaries binaries, Map<String, String> env, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.binaries = binaries;
        this.env = env;
        this.clock = clock;
    }

    /** The request after the decision, and the execution when it ran. */
    public record Outcome(ChangeRequest request, Execution execution) {}

    /**
     * Approves; an approved SQL change then runs at once. An approved terraform plan runs nothing
     * here: {@code bulwark tf apply} applies that exact plan file later, while the approval lasts.
     */
    public Outcome approve(String id, String approver, String code, BulwarkConfig config) {
        ChangeRequest r = store.approve(id, approver, code);
        record(r, AuditDecision.APPROVED, "approved by " + approver);
        if (r.status() != RequestStatus.APPROVED || r.kind() == RequestKind.TERRAFORM) return new Outcome(r, null);
        DatabaseConfig db = config.database(r.database()).config();
        BackupRepository repository = new BackupRepository(Path.of(config.requireRepository().path()));
        ChangeExecutor.writeUrl(r.database(), db, env);
        r = store.beginExecution(id);
        try {
            Execution e = new ChangeExecutor(binaries, env, clock).execute(r.sql(), r.database(), db, repository,
                    touchedTables(r.database(), db, r.sql()));
            r = store.markExecuted(id, Json.mapper().writeValueAsString(e));
            record(r, AuditDecision.EXECUTED, "executed: " + e.rowsAffected() + " rows, safety copy " + e.safetyBackupId());
            return new Outcome(r, e);
        } catch (BulwarkException | JsonProcessingException e) {
            store.markFailed(id, e.getMessage());
            record(r, AuditDecision.FAILED, e.getMessage());
            throw e instanceof BulwarkException b ? b : BulwarkException.environment(e.getMessage(), e);
        }
    }

    /** Puts back the tables an executed change altered; the approver's code is checked first. */
    public List<String> undo(String id, String approver, String code, BulwarkConfig config) {
        ChangeRequest r = store.get(id).orElseThrow(() -> BulwarkException.usage("no change request '" + id + "'"));
        if (r.kind() == RequestKind.TERRAFORM) {
            throw BulwarkException.usage("request " + id + " is a terraform plan; Bulwark keeps no copy to undo it from");
        }
        if (r.status() != RequestStatus.EXECUTED) {
            throw BulwarkException.usage("request " + id + " is " + r.status() + "; only an executed change can be undone");
        }
        if (!store.verifyCode(approver, code)) {
            throw BulwarkException.checkFailed("the code is not valid for approver '" + approver + "' (or was already used)");
        }
        String safety;
        try {
            JsonNode result = Json.mapper().readTree(r.resultJson());
            safety = result.path("safety_backup_id").asText(null);
        } catch (JsonProcessingException e) {
            safety = null;
        }
        if (safety == null) throw BulwarkException.checkFailed("request " + id + " has no safety copy to undo from");
        DatabaseConfig db = config.database(r.database()).config();
        BackupRepository repository = new BackupRepository(Path.of(config.requireRepository().path()));
        List<String> restored = new ChangeUndo(binaries, env).undo(r.database(), db, repository, safety);
        record(r, AuditDecision.EXECUTED, "undone by " + approver + " from safety copy " + safety + ": " + restored);
        return restored;
    }

    /**
     * The tables the change touches, as the impact preview sees them with the write role; empty
     * (so the safety copy covers the whole database) when none can be named.
     */
    private Set<Catalog.TableName> touchedTables(String database, DatabaseConfig db, String sql) {
        Set<Catalog.TableName> out = new LinkedHashSet<>();
        try (Connection c = Connections.open(ChangeExecutor.writeUrl(database, db, env), "impact of an approved change")) {
            for (TableImpact t : ImpactPreview.preview(c, sql).tables()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n "
                        + "ON n.oid = c.relnamespace WHERE n.nspname || '.' || c.relname = ? AND c.relkind IN ('r', 'p')")) {
                    ps.setString(1, t.table());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) return Set.of();
                        out.add(new Catalog.TableName(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        } catch (SQLException e) {
            return Set.of();
        }
        return out;
    }

    private void record(ChangeRequest r, AuditDecision decision, String what) {
        audit.append(new AuditEvent(r.agent(), r.database(), null, "-- " + r.id() + " " + what + "\n" + r.sql(), decision, r.id()));
    }
}
