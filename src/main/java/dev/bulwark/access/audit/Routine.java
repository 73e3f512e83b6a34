package dev.bulwark.access.audit;

/**
 * A function or procedure that may matter: a SECURITY DEFINER routine outside the system schemas,
 * or one of the server's risky functions.
 *
 * @param extension the extension it belongs to, or null
 * @param system    it lives in pg_catalog or information_schema
 * @param sql       written in SQL or PL/pgSQL: unless SECURITY DEFINER, it runs as its caller, and
 *                  whatever it calls checks the caller's own privileges
 */
record Routine(SecuredObject object, boolean securityDefiner, String extension, boolean system, boolean sql) {}
