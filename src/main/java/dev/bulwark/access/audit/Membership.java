package dev.bulwark.access.audit;

/**
 * {@code member} belongs to {@code role}. Before PostgreSQL 16 a membership always allows SET ROLE
 * and passes privileges on when the member has INHERIT; from 16 each grant says so itself.
 *
 * @param implicitDatabaseOwner the owner of the current database is a member of pg_database_owner
 *                              without a grant: only a new database owner removes it
 */
record Membership(long role, long member, long grantor, boolean admin, boolean inherit, boolean set,
                  boolean implicitDatabaseOwner) {}
