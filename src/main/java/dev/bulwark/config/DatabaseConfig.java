package dev.bulwark.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One production database Bulwark protects. */
public record DatabaseConfig(
        String url,
        Path passwordFile,
        Duration rpo,
        Duration rto,
        List<CriticalTable> criticalTables,
        List<SqlCheck> checks,
        DatabaseGateConfig gate,
        PitrConfig pitr) {

    /** Without a {@code pitr:} section: Bulwark's own WAL archive, if any, is what counts. */
    public DatabaseConfig(String url, Path passwordFile, Duration rpo, Duration rto, List<CriticalTable> criticalTables,
                          List<SqlCheck> checks, DatabaseGateConfig gate) {
        this(url, passwordFile, rpo, rto, criticalTables, checks, gate, null);
    }

    public DatabaseConfig {
        // Nulls are kept (an empty "- " entry) so that validation can name the key instead of failing here.
        criticalTables = criticalTables == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(criticalTables));
        checks = checks == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(checks));
    }

    /** A table whose restored copy must hold at least {@code minRows} and fresh data. */
    public record CriticalTable(String table, Long minRows, String freshColumn) {}

    /** A SQL query run against the restored copy; it must return true. */
    public record SqlCheck(String name, String sql) {}

    public record DatabaseGateConfig(String readonlyUrl, String writeUrl) {}

    /**
     * Point-in-time recovery that someone else provides: {@code managed_by} names the provider (RDS,
     * Supabase, Neon...) whose PITR the team relies on instead of Bulwark's WAL archive, so that
     * {@code bulwark doctor} can count it as declared rather than missing.
     */
    public record PitrConfig(String managedBy) {}
}
