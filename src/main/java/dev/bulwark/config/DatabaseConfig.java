package dev.bulwark.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One production database Bulwark protects. */
public record DatabaseConfig(
        String url,
        Path passwordFile,
        Duration rpo,
        Duration rto,
        List<CriticalTable> criticalTables,
        List<SqlCheck> checks,
        DatabaseGateConfig gate) {

    public DatabaseConfig {
        criticalTables = criticalTables == null ? List.of() : List.copyOf(criticalTables);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** A table whose restored copy must hold at least {@code minRows} and fresh data. */
    public record CriticalTable(String table, Long minRows, String freshColumn) {}

    /** A SQL query run against the restored copy; it must return true. */
    public record SqlCheck(String name, String sql) {}

    public record DatabaseGateConfig(String readonlyUrl, String writeUrl) {}
}
