package dev.bulwark.gate.proxy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.ChangeRequest;
import dev.bulwark.gate.approval.NewRequest;
import dev.bulwark.gate.audit.AuditDecision;
import dev.bulwark.gate.audit.AuditEvent;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.gate.impact.Impact;
import dev.bulwark.gate.impact.ImpactPreview;
import dev.bulwark.gate.sql.SqlStatement;
import dev.bulwark.gate.sql.StatementSplitter;
import dev.bulwark.gate.sql.Token;
import dev.bulwark.gate.sql.TokenType;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgUrl;

/**
 * The gate's desk backed by the approvals store and the audit log (one SQLite file). Each held
 * statement gets an impact preview, computed on a connection of its own in a read-only
 * transaction that is rolled back, so the agent's session is not disturbed.
 */
public final class StoreHoldDesk implements HoldDesk, AutoCloseable {
    private final ApprovalStore store;
    private final AuditQueue audit;
    private final Map<String, PgUrl> previewUrls;
    private final int ddlApprovals;

    /** {@code previewUrls}: per database, the URL to EXPLAIN with (the write role sees what a change would touch). */
    public StoreHoldDesk(ApprovalStore store, AuditLog audit, Map<String, PgUrl> previewUrls) {
        this(store, audit, previewUrls, 1);
    }

    /** {@code ddlApprovals}: how many distinct approvers a schema change needs (1 or 2). */
    public StoreHoldDesk(ApprovalStore store, AuditLog audit, Map<String, PgUrl> previewUrls, int ddlApprovals) {
        this.store = store;
        this.audit = new AuditQueue(audit);
        this.previewUrls = Map.copyOf(previewUrls);
        this.ddlApprovals = ddlApprovals;
    }

    @Override
    public String hold(SessionInfo session, String sql, String reason) {
        ChangeRequest r = store.createRequest(new NewRequest(session.agent(), session.database(), session.clientAddress(), sql,
                reason, preview(session.database(), sql).toJson(), isSchemaChange(sql) ? ddlApprovals : 1));
        return r.id();
    }

    @Override
    public void audit(SessionInfo session, String sql, AuditDecision decision, String requestId) {
        audit.add(new AuditEvent(session.agent(), session.database(), session.clientAddress(), sql, decision, requestId));
    }

    /** Writes the audit entries still queued. */
    @Override
    public void close() {
        audit.close();
    }

    private static final java.util.Set<String> SCHEMA_VERBS = java.util.Set.of("create", "alter", "drop", "truncate", "grant",
            "revoke", "comment", "security", "reindex", "cluster", "vacuum", "refresh", "import", "reassign");

    /** Any statement in the text that starts with a schema-changing verb (or cannot be read) counts as DDL. */
    static boolean isSchemaChange(String sql) {
        for (SqlStatement st : StatementSplitter.split(sql, true)) {
            if (st.hasError() || st.tokens().isEmpty()) return true;
            Token first = st.tokens().get(0);
            if (first.type() == TokenType.IDENTIFIER && SCHEMA_VERBS.contains(first.value())) return true;
        }
        return false;
    }

    private Impact preview(String database, String sql) {
        PgUrl url = previewUrls.get(database);
        if (url == null) {
            return new Impact(java.util.List.of(), java.util.List.of(), java.util.List.of(), "no connection to preview with");
        }
        try (Connection c = Connections.open(url, "impact preview")) {
            return ImpactPreview.preview(c, sql);
        } catch (SQLException | RuntimeException e) {
            return new Impact(java.util.List.of(), java.util.List.of(), java.util.List.of(), "preview failed: " + e.getMessage());
        }
    }
}
