package dev.bulwark.gate.execute;

import java.util.List;

/**
 * What running an approved change did: the safety copy taken first (a backup of the tables it
 * touches, kept in the repository under {@code safetyKey}), rows affected and time taken.
 */
public record Execution(String safetyKey, String safetyBackupId, List<String> tables, long rowsAffected, long durationMs) {}
