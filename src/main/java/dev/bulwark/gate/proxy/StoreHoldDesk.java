package dev.bulwark.gate.proxy;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.ChangeRequest;
import dev.bulwark.gate.approval.NewRequest;
import dev.bulwark.gate.audit.AuditDecision;
import dev.bulwark.gate.audit.AuditEvent;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.repository.Json;

/** The gate's desk backed by the approvals store and the audit log (one SQLite file). */
public final class StoreHoldDesk implements HoldDesk {
    private final ApprovalStore store;
    private final AuditLog audit;

    public StoreHoldDesk(ApprovalStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    @Override
    public String hold(SessionInfo session, String sql, String reason) {
        ChangeRequest r = store.createRequest(new NewRequest(session.agent(), session.database(), session.clientAddress(), sql,
                reason, impact(reason)));
        return r.id();
    }

    @Override
    public void audit(SessionInfo session, String sql, AuditDecision decision, String requestId) {
        audit.append(new AuditEvent(session.agent(), session.database(), session.clientAddress(), sql, decision, requestId));
    }

    private static String impact(String reason) {
        try {
            return Json.mapper().writeValueAsString(Map.of("classification", reason));
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }
}
