package dev.bulwark.access.audit;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How bad a finding is, worst first. Critical: the role can change anything, or the server
 * itself (superuser, pg_write_all_data, server files and programs, a SECURITY DEFINER writer it
 * may call, owner of data). High: it can change particular data or schema (table privileges,
 * CREATE on a schema, default privileges, CREATEROLE). Medium: indirect or narrow paths. Low:
 * hardening that limits what a session can do by accident.
 */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW;

    @JsonValue
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
