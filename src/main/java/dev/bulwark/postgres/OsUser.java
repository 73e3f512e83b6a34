package dev.bulwark.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bulwark.BulwarkException;

/**
 * PostgreSQL refuses to run as root. When Bulwark itself runs as root, server programs run as an
 * unprivileged OS user (default {@code postgres}, or BULWARK_SANDBOX_USER) through runuser, and the
 * directories they write must belong to that user.
 */
public record OsUser(String name, boolean switchNeeded) {

    public static OsUser forServer(Map<String, String> env) {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        return new OsUser(env.getOrDefault("BULWARK_SANDBOX_USER", "postgres"), root);
    }

    /** The command, wrapped in runuser when Bulwark runs as root. */
    public List<String> wrap(List<String> command) {
        if (!switchNeeded) return command;
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", name, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Hands a directory Bulwark created over to the server user. */
    public void own(Path dir) {
        if (!switchNeeded) return;
        try {
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
            Files.setOwner(dir, owner);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot hand " + dir + " to OS user '" + name + "' (PostgreSQL refuses to run as "
                    + "root): " + e.getMessage() + "; create that user or set BULWARK_SANDBOX_USER to an existing unprivileged user", e);
        }
    }
}
