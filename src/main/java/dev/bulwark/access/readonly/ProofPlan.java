package dev.bulwark.access.readonly;

import java.util.List;

/**
 * What the proof after --apply works on: the role, its schemas, a sample table and sequence in
 * each, the roles that create objects there (for the future-table check), the limits its
 * sessions must show, and whether PUBLIC keeps TEMPORARY on the database (then creating a
 * temporary table is expected to work).
 */
public record ProofPlan(String role, List<String> schemas, List<SchemaSamples> samples, List<Creator> creators,
                        RoleLimits limits, boolean publicKeepsTemp, int serverVersionNum) {
    public ProofPlan {
        schemas = List.copyOf(schemas);
        samples = List.copyOf(samples);
        creators = List.copyOf(creators);
    }

    /**
     * A role that creates objects in a schema (owns objects there, owns the schema, may create
     * there, or is the admin role), whether it may create there now, and whether the admin role
     * may act for it (ALTER DEFAULT PRIVILEGES FOR ROLE and SET ROLE need that).
     */
    public record Creator(String schema, String role, boolean canCreate, boolean adminCanActAs) {}

    /** What the writes are tried on in one schema: a table (one with rows if any), a column of it, a sequence; each may be null. */
    public record SchemaSamples(String schema, String table, String column, String sequence) {}
}
