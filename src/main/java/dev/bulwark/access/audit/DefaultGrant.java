package dev.bulwark.access.audit;

/**
 * A privilege that ALTER DEFAULT PRIVILEGES hands out on objects {@code creator} creates later.
 *
 * @param schema     null when the default applies in every schema
 * @param objectType pg_default_acl.defaclobjtype: r tables, S sequences, f functions, T types, n schemas, L large objects
 */
record DefaultGrant(long creator, String schema, String objectType, long grantee, String privilege, boolean grantable) {}
