package dev.bulwark.access.audit;

import com.fasterxml.jackson.annotation.JsonValue;

/** What kind of grant, attribute or setting a finding is about; stable names for --json. */
public enum FindingKind {
    ROLE_ATTRIBUTE,
    PREDEFINED_ROLE,
    TABLE_PRIVILEGE,
    COLUMN_PRIVILEGE,
    SEQUENCE_PRIVILEGE,
    LARGE_OBJECT_PRIVILEGE,
    LARGE_OBJECT_COMPAT,
    OWNERSHIP,
    DATABASE_PRIVILEGE,
    SCHEMA_PRIVILEGE,
    TABLESPACE_PRIVILEGE,
    LANGUAGE_PRIVILEGE,
    FOREIGN_DATA_WRAPPER_PRIVILEGE,
    FOREIGN_SERVER_PRIVILEGE,
    SECURITY_DEFINER_FUNCTION,
    RISKY_FUNCTION,
    DEFAULT_PRIVILEGE,
    SETTING,
    CONNECTION_LIMIT;

    @JsonValue
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
