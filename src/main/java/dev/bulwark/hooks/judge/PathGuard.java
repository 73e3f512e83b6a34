package dev.bulwark.hooks.judge;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

import dev.bulwark.hooks.judge.ProtectedData.ProtectedPath;

/**
 * Decides whether removing or overwriting a path destroys protected data: the Bulwark repository, the
 * approvals and audit store, and PostgreSQL data directories (the usual locations, and any directory
 * holding a PG_VERSION file). Paths are compared as written and, when they exist, with symbolic links
 * resolved.
 */
final class PathGuard {
    private static final List<String> POSTGRES_DATA = List.of("/var/lib/postgresql", "/var/lib/pgsql");

    private final List<ProtectedPath> paths;

    private PathGuard(List<ProtectedPath> paths) {
        this.paths = paths;
    }

    static PathGuard of(HookPolicy policy) {
        List<ProtectedPath> all = new ArrayList<>(policy.protectedData().paths());
        for (String p : POSTGRES_DATA) all.add(new ProtectedPath(Path.of(p), "PostgreSQL's data directory"));
        return new PathGuard(all);
    }

    /** What protected data {@code path} is or lies inside, described for a person; null when none. */
    String holding(Path path) {
        for (Path p : variants(path)) {
            for (ProtectedPath prot : paths) {
                if (p.startsWith(prot.path())) return describe(prot);
            }
            Path data = dataDirectoryAround(p);
            if (data != null) return "a PostgreSQL data directory (" + data + ")";
        }
        return null;
    }

    /** What protected data removing {@code path} and everything below it destroys; null when none. */
    String removing(Path path, boolean recursive) {
        String hit = holding(path);
        if (hit != null || !recursive) return hit;
        for (Path p : variants(path)) {
            for (ProtectedPath prot : paths) {
                if (prot.path().startsWith(p)) return describe(prot) + ", which is under " + p;
            }
        }
        return null;
    }

    /**
     * The same for an argument as written: a glob pattern is matched against the protected paths and
     * their parents; a relative path under an unknown directory, or one built from an unknown variable,
     * by the last components it names.
     */
    String removing(Arg arg, ShellState state, boolean recursive) {
        if (!arg.dynamic() && !arg.glob()) {
            Path p = state.resolve(arg);
            return p != null ? removing(p, recursive) : byTail(arg.text(), recursive);
        }
        if (arg.dynamic()) {
            int var = Math.max(arg.text().lastIndexOf('$'), arg.text().lastIndexOf('}'));
            int slash = arg.text().indexOf('/', Math.max(var, 0));
            return var >= 0 && slash > 0 ? byTail(arg.text().substring(slash + 1), recursive) : null;
        }
        return byPattern(arg.text(), state, recursive);
    }

    private String byPattern(String pattern, ShellState state, boolean recursive) {
        String absolute = pattern.startsWith("/") ? pattern : state.cwd() == null ? null : state.cwd() + "/" + pattern;
        if (absolute == null) return null;
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + normalizeGlob(absolute));
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (ProtectedPath prot : paths) {
            for (Path a = prot.path(); a != null; a = a.getParent()) {
                if (matcher.matches(a) && (recursive || a.equals(prot.path()))) return describe(prot);
            }
            String literalPrefix = literalPrefix(absolute);
            if (literalPrefix != null && Path.of(literalPrefix).startsWith(prot.path())) return describe(prot);
        }
        return null;
    }

    private String byTail(String relative, boolean recursive) {
        String tail = relative.replaceAll("/+$", "");
        if (tail.isEmpty() || tail.startsWith(".") || Expander.hasGlob(tail)) return null;
        for (ProtectedPath prot : paths) {
            for (Path a = prot.path(); a != null && a.getFileName() != null; a = a.getParent()) {
                if (a.endsWith(tail) && (recursive || a.equals(prot.path()))) return describe(prot) + " (if " + tail + " is it)";
            }
        }
        return null;
    }

    private static String normalizeGlob(String absolute) {
        String s = absolute.replaceAll("/+", "/").replace("/./", "/");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The directory part of a pattern before its first component with a pattern character. */
    private static String literalPrefix(String absolute) {
        StringBuilder prefix = new StringBuilder();
        for (String part : absolute.split("/")) {
            if (part.isEmpty()) continue;
            if (Expander.hasGlob(part)) break;
            prefix.append('/').append(part);
        }
        return prefix.isEmpty() ? null : prefix.toString();
    }

    private static List<Path> variants(Path path) {
        List<Path> out = new ArrayList<>(List.of(path.normalize()));
        try {
            if (Files.exists(path)) {
                Path real = path.toRealPath();
                if (!real.equals(path.normalize())) out.add(real);
            }
        } catch (IOException | SecurityException | InvalidPathException ignored) {
            // a path that cannot be resolved is judged as written
        }
        return out;
    }

    /** A PostgreSQL data directory that is {@code path} or holds it, found by its PG_VERSION file. */
    private static Path dataDirectoryAround(Path path) {
        int levels = 0;
        for (Path p = path; p != null && levels < 8; p = p.getParent(), levels++) {
            if (p.getParent() != null && Files.isRegularFile(p.resolve("PG_VERSION"))) return p;
        }
        return null;
    }

    private static String describe(ProtectedPath prot) {
        return prot.what() + " (" + prot.path() + ")";
    }
}
