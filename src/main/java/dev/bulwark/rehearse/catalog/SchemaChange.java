package dev.bulwark.rehearse.catalog;

/**
 * One difference between the schema before and after the migration.
 *
 * @param before      the definition before (null for an added object)
 * @param after       the definition after (null for a dropped object)
 * @param renamedFrom the old qualified name when the object was renamed, else null
 */
public record SchemaChange(String kind, String name, String before, String after, String renamedFrom) {}
