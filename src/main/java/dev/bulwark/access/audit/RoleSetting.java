package dev.bulwark.access.audit;

/**
 * A setting stored with ALTER ROLE / ALTER DATABASE (pg_db_role_setting).
 *
 * @param database 0 when it applies in every database
 * @param role     0 when it applies to every role
 */
record RoleSetting(long database, long role, String name, String value) {}
