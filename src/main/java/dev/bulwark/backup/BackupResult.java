package dev.bulwark.backup;

import java.nio.file.Path;
import java.util.List;

import dev.bulwark.repository.Manifest;

/** A published backup and what was swept on the way. */
public record BackupResult(Manifest manifest, Path directory, List<String> sweptIncomplete) {}
