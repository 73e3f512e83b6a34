package dev.bulwark.rehearse.template;

import java.nio.file.Path;
import java.util.Map;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.SandboxDirs;

/**
 * Where restored templates live between rehearsals: {@code $BULWARK_REHEARSE_DIR}; else, when Bulwark
 * runs as root (and PostgreSQL as another user, who cannot reach root's home), {@code /var/cache/bulwark/rehearse};
 * else {@code $XDG_CACHE_HOME/bulwark/rehearse} (default {@code ~/.cache/bulwark/rehearse}). One folder per
 * database below it. It is never the sandbox directory, whose sweep deletes what it does not own.
 */
public final class RehearseDirs {
    public static final String VARIABLE = "BULWARK_REHEARSE_DIR";

    private RehearseDirs() {
    }

    public static Path root(Map<String, String> env, OsUser osUser) {
        Path root;
        String configured = env.get(VARIABLE);
        if (configured != null && !configured.isBlank()) {
            root = Path.of(configured);
        } else if (osUser.switchNeeded()) {
            root = Path.of("/var/cache/bulwark/rehearse");
        } else {
            String xdg = env.get("XDG_CACHE_HOME");
            Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                    : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
            root = cache.resolve("bulwark").resolve("rehearse");
        }
        Path sandboxes = SandboxDirs.fromEnvironment(env).root();
        if (root.toAbsolutePath().normalize().equals(sandboxes.toAbsolutePath().normalize())) {
            throw BulwarkException.usage(VARIABLE + " must not be the sandbox directory " + sandboxes
                    + " (its sweep removes folders it does not own); point it at a directory of its own");
        }
        return root;
    }

    /** A database name as a folder name: letters, digits, '.', '_' and '-' kept, anything else '_'. */
    static String folder(String database) {
        String safe = database.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.startsWith(".") ? "_" + safe : safe;
    }
}
