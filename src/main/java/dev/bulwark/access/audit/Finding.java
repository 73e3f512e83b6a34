package dev.bulwark.access.audit;

import java.util.List;

/**
 * One way a role can change data or schema (a write path), or one missing safeguard (hardening,
 * {@code writePath} false). {@code path} runs from the audited role through the roles it is a
 * member of (or PUBLIC) to the grant itself; {@code fixSql} removes exactly this finding.
 *
 * @param viaSetRole the path works only after SET ROLE (a NOINHERIT membership), not on its own
 * @param note       what to know before running the fix, or another way to fix it; may be null
 */
public record Finding(
        Severity severity,
        FindingKind kind,
        String object,
        List<String> path,
        boolean writePath,
        boolean viaSetRole,
        String allows,
        String fixSql,
        String note) {

    public Finding {
        path = List.copyOf(path);
    }

    public String pathText() {
        return String.join(" -> ", path);
    }
}
