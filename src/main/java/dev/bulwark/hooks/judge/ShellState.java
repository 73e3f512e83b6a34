package dev.bulwark.hooks.judge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the shell knows while it works through a command line: the working directory ({@code cd}
 * moves it; null once it cannot be known), variables (inherited and assigned), files written earlier
 * on the same line, the machine the commands run on and the user they run as.
 */
final class ShellState {
    private static final int MAX_FILE_BYTES = 8 << 20;

    private Path cwd;
    private final Map<String, String> variables;
    private final Set<String> unknownVariables;
    private final Map<Path, String> writtenFiles;
    private final String remoteHost;
    private final String user;

    private ShellState(Path cwd, Map<String, String> variables, Set<String> unknownVariables, Map<Path, String> writtenFiles,
                       String remoteHost, String user) {
        this.cwd = cwd;
        this.variables = variables;
        this.unknownVariables = unknownVariables;
        this.writtenFiles = writtenFiles;
        this.remoteHost = remoteHost;
        this.user = user;
    }

    static ShellState start(Path cwd, Map<String, String> environment) {
        return new ShellState(cwd == null ? null : cwd.toAbsolutePath().normalize(), new HashMap<>(environment), new HashSet<>(),
                new HashMap<>(), null, null);
    }

    /** A subshell or command substitution: changes inside do not leak out. */
    ShellState child() {
        return new ShellState(cwd, new HashMap<>(variables), new HashSet<>(unknownVariables), writtenFiles, remoteHost, user);
    }

    /**
     * Another machine or container ({@code ssh host}, {@code docker exec c}): its working directory and
     * variables are unknown, and files written here are not there.
     */
    ShellState elsewhere(String host) {
        return new ShellState(null, new HashMap<>(), new HashSet<>(), new HashMap<>(), host, null);
    }

    ShellState asUser(String name) {
        return new ShellState(cwd, variables, unknownVariables, writtenFiles, remoteHost, name);
    }

    Path cwd() {
        return cwd;
    }

    String remoteHost() {
        return remoteHost;
    }

    /** The OS user commands run as, when it was changed (sudo -u); null means the agent's own. */
    String user() {
        return user;
    }

    /** A variable's value, or null when it is unset or its value cannot be known. */
    String variable(String name) {
        return unknownVariables.contains(name) ? null : variables.get(name);
    }

    boolean isUnknown(String name) {
        return unknownVariables.contains(name);
    }

    void assign(String name, String value) {
        if (value == null) {
            unknownVariables.add(name);
            variables.remove(name);
        } else {
            unknownVariables.remove(name);
            variables.put(name, value);
        }
    }

    void unset(String name) {
        variables.remove(name);
        unknownVariables.remove(name);
    }

    /** {@code cd}: a directory that cannot be known makes every relative path after it unknown too. */
    void changeDirectory(Arg target) {
        if (target == null) {
            String home = variable("HOME");
            cwd = home == null ? null : Path.of(home);
            return;
        }
        cwd = resolve(target);
    }

    void forgetDirectory() {
        cwd = null;
    }

    /** The absolute path {@code arg} names, or null when it cannot be known. */
    Path resolve(Arg arg) {
        if (arg.dynamic()) return null;
        try {
            Path p = Path.of(arg.text());
            if (p.isAbsolute()) return p.normalize();
            return cwd == null ? null : cwd.resolve(p).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    void recordWrite(Path file, String content, boolean append) {
        writtenFiles.merge(file, content, (old, add) -> append ? old + add : add);
    }

    /** A file's text: written earlier on this line, or read from disk here; null when it cannot be read. */
    String readFile(Path file) {
        if (file == null) return null;
        String written = writtenFiles.get(file);
        if (written != null) return written;
        if (remoteHost != null) return null;
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) return null;
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
