package dev.bulwark.gate.approval;

/**
 * A statement the gate held: who sent it, from where, why the classifier did not let it through,
 * and the impact preview as JSON text (may be null when no preview could be made).
 * {@code requiredApprovals} is 1, or 2 where policy wants a second person (e.g. for DDL).
 */
public record NewRequest(String agent, String database, String clientAddress, String sql, String reason,
                         String impactJson, int requiredApprovals) {

    public NewRequest(String agent, String database, String clientAddress, String sql, String reason,
                      String impactJson) {
        this(agent, database, clientAddress, sql, reason, impactJson, 1);
    }
}
