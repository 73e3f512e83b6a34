package dev.bulwark.config;

import java.nio.file.Path;

/**
 * Where the agent gate listens, and where its approvals and audit store lives: a SQLite file
 * (default: {@code bulwark-approvals.db} next to the config file) or a {@code postgresql://}
 * control database. The store holds approvers' second factors: keep it, and the control
 * database's credentials, readable by the people who approve, never by agents. With {@code tls_cert}
 * (PEM chain) and {@code tls_key} (unencrypted PKCS#8 PEM) the gate offers TLS to agents;
 * {@code ddl_approvals: 2} makes schema changes wait for two different approvers.
 */
public record GateConfig(String listen, StoreLocation store, Path tlsCert, Path tlsKey, Integer ddlApprovals) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:6543";

    /** How many distinct approvers a schema change needs: 1 (default) or 2. */
    public int ddlApprovalsOrDefault() {
        return ddlApprovals == null ? 1 : ddlApprovals;
    }

    public String listenOrDefault() {
        return listen == null || listen.isBlank() ? DEFAULT_LISTEN : listen;
    }
}
