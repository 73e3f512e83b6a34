package dev.bulwark.hooks;

import dev.bulwark.config.StoreLocation;
import dev.bulwark.gate.audit.AuditDecision;
import dev.bulwark.gate.audit.AuditEvent;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.hooks.judge.Decision;
import dev.bulwark.hooks.judge.Verdict;

/**
 * Records each hook decision in the audit log the gate writes: the agent, the production database it
 * concerns, the command (after a {@code #} comment line with the decision's reason, so the entry stays a
 * valid shell command), and ALLOWED, HELD (asked of a person) or REFUSED.
 */
public interface HookAudit {
    /** Records the decision; returns why it could not be recorded, or null. */
    String record(Agent agent, HookEvent event, Verdict verdict);

    /** No audit log is available: every decision says so. */
    static HookAudit unavailable(String why) {
        return (agent, event, verdict) -> "the decision was not written to the audit log: " + why;
    }

    /** The approvals and audit store, opened for each decision (the hook is one short process). */
    static HookAudit store(StoreLocation store) {
        return (agent, event, verdict) -> {
            try (AuditLog log = AuditLog.open(store)) {
                log.append(new AuditEvent(agent.id(), verdict.database(), client(event), entry(event, verdict),
                        decision(verdict.decision()), null));
                return null;
            } catch (RuntimeException e) {
                return "the decision could not be written to the audit log " + store + ": " + e.getMessage();
            }
        };
    }

    static String entry(HookEvent event, Verdict verdict) {
        String command = event.command() == null ? "" : event.command();
        return "# bulwark hook: " + verdict.decision().name().toLowerCase() + ": " + verdict.reason().replace('\n', ' ')
                + "\n" + command;
    }

    private static String client(HookEvent event) {
        return event.cwd() == null ? "hook" : "hook in " + event.cwd();
    }

    private static AuditDecision decision(Decision decision) {
        return switch (decision) {
            case ALLOW -> AuditDecision.ALLOWED;
            case ASK -> AuditDecision.HELD;
            case DENY -> AuditDecision.REFUSED;
        };
    }
}
