package dev.bulwark.access.audit;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Functions of the server and of well-known extensions that reach beyond the data a role was
 * granted. Most are revoked from PUBLIC by the server itself; the audit reports one only when the
 * role can execute it according to its real ACL. Left out on purpose: functions that check the
 * caller themselves (pg_terminate_backend and pg_cancel_backend act only on the caller's own
 * sessions unless it holds pg_signal_backend, which is reported as a role; replication-slot
 * functions need REPLICATION, reported as an attribute; lo_unlink and lowrite need the large
 * object's own privileges, reported as such).
 */
enum RiskyFunctions {
    SERVER_FILES(Severity.CRITICAL, true, "read and write files on the database server as its operating-system user",
            Set.of("pg_read_file", "pg_read_binary_file", "pg_stat_file", "pg_ls_dir", "lo_import", "lo_export"), Set.of()),
    SERVER_CONTROL(Severity.HIGH, true,
            "control the server: reload its configuration, promote it, switch WAL, run backups, move replication origins",
            Set.of("pg_reload_conf", "pg_promote", "pg_switch_wal", "pg_create_restore_point", "pg_backup_start", "pg_backup_stop",
                    "pg_start_backup", "pg_stop_backup", "pg_wal_replay_pause", "pg_wal_replay_resume"),
            Set.of("pg_replication_origin_")),
    STATISTICS_RESET(Severity.MEDIUM, true, "reset the statistics that autovacuum and monitoring rely on", Set.of(),
            Set.of("pg_stat_reset")),
    OTHER_CONNECTIONS(Severity.MEDIUM, true,
            "open connections to other servers, or to this one as another role, and run SQL there (dblink)", Set.of(), Set.of()),
    UNCHECKED_CONNECTIONS(Severity.CRITICAL, true,
            "connect to any server as the database server's operating-system user, without a password check (dblink_connect_u)",
            Set.of(), Set.of()),
    LARGE_OBJECT_CREATION(Severity.MEDIUM, false,
            "create large objects, even in a read-only transaction (existing data stays out of reach)",
            Set.of("lo_create", "lo_creat", "lo_from_bytea"), Set.of()),
    ADVISORY_LOCKS(Severity.LOW, false, "take advisory locks that applications (job queues, migration tools) may wait on",
            Set.of("pg_advisory_lock", "pg_advisory_lock_shared", "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared",
                    "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_try_advisory_xact_lock",
                    "pg_try_advisory_xact_lock_shared"), Set.of()),
    LOGGING(Severity.LOW, false, "rotate the server log and write memory dumps into it",
            Set.of("pg_rotate_logfile", "pg_log_backend_memory_contexts"), Set.of());

    final Severity severity;
    final boolean writePath;
    final String allows;
    private final Set<String> names;
    private final Set<String> prefixes;

    RiskyFunctions(Severity severity, boolean writePath, String allows, Set<String> names, Set<String> prefixes) {
        this.severity = severity;
        this.writePath = writePath;
        this.allows = allows;
        this.names = names;
        this.prefixes = prefixes;
    }

    /** Extensions whose every function is risky: dblink's connections and adminpack's file access. */
    static final List<String> EXTENSIONS = List.of("dblink", "adminpack");

    static List<String> catalogNames() {
        return java.util.Arrays.stream(values()).flatMap(f -> f.names.stream()).sorted().toList();
    }

    /** LIKE patterns for the name prefixes, for the catalog query. */
    static List<String> catalogPatterns() {
        return java.util.Arrays.stream(values()).flatMap(f -> f.prefixes.stream()).map(p -> p.replace("_", "\\_") + "%")
                .sorted().toList();
    }

    static Optional<RiskyFunctions> of(Routine routine) {
        // A wrapper such as adminpack's pg_file_rename(text, text) only calls the real function, which
        // is checked against the caller on its own.
        if (routine.sql() && !routine.securityDefiner()) return Optional.empty();
        String name = routine.object().name();
        if ("dblink".equals(routine.extension())) {
            return Optional.of(name.startsWith("dblink_connect_u") ? UNCHECKED_CONNECTIONS : OTHER_CONNECTIONS);
        }
        if ("adminpack".equals(routine.extension())) return Optional.of(SERVER_FILES);
        if (!"pg_catalog".equals(routine.object().schema())) return Optional.empty();
        for (RiskyFunctions f : values()) {
            if (f.names.contains(name) || f.prefixes.stream().anyMatch(name::startsWith)) return Optional.of(f);
        }
        return Optional.empty();
    }
}
