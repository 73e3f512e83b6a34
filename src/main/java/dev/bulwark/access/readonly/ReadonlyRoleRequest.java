package dev.bulwark.access.readonly;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.bulwark.BulwarkException;

/**
 * What the operator asked for: the role, the schemas it may read (empty: every non-system schema),
 * the limits set on it, and whether the grants PUBLIC holds that would let it write are revoked too.
 */
public record ReadonlyRoleRequest(String role, List<String> schemas, RoleLimits limits, boolean revokePublic) {
    /** PostgreSQL truncates names beyond NAMEDATALEN - 1 bytes; a truncated name would be another role. */
    private static final int MAX_NAME_BYTES = 63;
    /** Names PostgreSQL reserves or reads as something else than a role in GRANT and REVOKE. */
    private static final Set<String> RESERVED = Set.of("public", "none", "current_user", "session_user", "current_role");

    public ReadonlyRoleRequest {
        validateRoleName(role);
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        limits = limits == null ? RoleLimits.DEFAULT : limits;
    }

    static void validateRoleName(String role) {
        if (role == null || role.isBlank()) throw BulwarkException.usage("the role name is empty");
        if (role.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw BulwarkException.usage("role name '" + role + "' is longer than PostgreSQL's " + MAX_NAME_BYTES + " bytes");
        }
        if (role.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw BulwarkException.usage("role name contains control characters");
        }
        if (role.startsWith("pg_")) {
            throw BulwarkException.usage("role name '" + role + "' starts with pg_, which PostgreSQL reserves for its own roles");
        }
        if (RESERVED.contains(role.toLowerCase(Locale.ROOT))) {
            throw BulwarkException.usage("'" + role + "' is reserved by PostgreSQL and cannot name a role");
        }
    }
}
