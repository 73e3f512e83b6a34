package dev.bulwark.gate.sql;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which function calls a read may contain. A function in a SELECT can do anything its body does
 * (including writing, as its owner), and the gate cannot see bodies, so the policy is an allow-list:
 * only well-known built-in functions that only read, called unqualified or as {@code pg_catalog.f}
 * (or {@code information_schema._pg_*}, which pgjdbc's metadata queries use). Every other function is
 * "cannot prove it does not write". A deny-list checked first gives precise reasons for the dangerous
 * built-ins (and guards against anyone adding them to the allow-list).
 *
 * <p>Residual risk, documented: a user-defined overload of an allow-listed name with different argument
 * types can win overload resolution; functions reached through views, triggers, casts, domain checks
 * or attribute notation ({@code t.f}) are invisible here. The gate's upstream role is read-only and runs
 * with {@code default_transaction_read_only=on}, which stops those in the server.
 */
public final class FunctionPolicy {
    private FunctionPolicy() {
    }

    private static final Set<String> DENIED = Set.of(
            "pg_cancel_backend", "pg_terminate_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_rotate_logfile_old",
            "pg_signal_backend", "pg_read_file", "pg_read_binary_file", "pg_stat_file", "pg_file_write", "pg_file_rename",
            "pg_file_unlink", "pg_file_sync", "loread", "lowrite", "pg_switch_wal", "pg_switch_xlog",
            "pg_create_restore_point", "pg_promote", "pg_backup_start", "pg_backup_stop", "pg_start_backup",
            "pg_stop_backup", "set_config", "txid_current", "pg_current_xact_id", "pg_notify", "nextval", "setval",
            "pg_import_system_collations", "pg_log_backend_memory_contexts", "pg_export_snapshot",
            "pg_logical_emit_message", "query_to_xml", "query_to_xml_and_xmlschema", "cursor_to_xml",
            "table_to_xml", "pg_truncate_visibility_map", "pg_prewarm", "pg_nextoid");

    private static final List<String> DENIED_PREFIXES = List.of(
            "pg_advisory_", "pg_try_advisory_", "pg_ls_", "lo_", "dblink", "pg_stat_reset", "pg_wal_replay_",
            "pg_xlog_replay_", "pg_replication_origin_", "pg_logical_slot_", "pg_file_");

    private static final List<String> DENIED_INFIXES = List.of("replication_slot");

    /** Why a call of {@code schema.name} is not allowed in a read, or empty if it is allowed. */
    public static Optional<String> check(String schema, String name) {
        String shown = schema == null ? name : schema + "." + name;
        if (isDenied(name)) return Optional.of("function " + shown + " is on the deny list");
        if (schema != null && schema.equals("information_schema") && name.startsWith("_pg_")) return Optional.empty();
        if (schema != null && !schema.equals("pg_catalog")) {
            return Optional.of("cannot prove function " + shown + " does not write (only built-in functions are allowed)");
        }
        if (!BuiltinReadFunctions.NAMES.contains(name)) {
            return Optional.of("cannot prove function " + shown + " does not write (not a known built-in read function)");
        }
        return Optional.empty();
    }

    static boolean isDenied(String name) {
        if (DENIED.contains(name)) return true;
        for (String prefix : DENIED_PREFIXES) {
            if (name.startsWith(prefix)) return true;
        }
        for (String infix : DENIED_INFIXES) {
            if (name.contains(infix)) return true;
        }
        return false;
    }
}
