package dev.bulwark.terraform;

import java.util.List;

/**
 * One terraform command that ran: its arguments, exit code, and the lines it printed (the last
 * {@link TerraformProcess#KEEP_LINES} of each stream).
 */
public record TerraformRun(List<String> command, int exitCode, List<String> stdout, List<String> stderr) {

    public TerraformRun {
        command = List.copyOf(command);
        stdout = List.copyOf(stdout);
        stderr = List.copyOf(stderr);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** The last {@code lines} of stderr (of stdout when stderr is empty), to quote in an error. */
    public String tail(int lines) {
        List<String> src = stderr.stream().anyMatch(l -> !l.isBlank()) ? stderr : stdout;
        return String.join("\n", src.subList(Math.max(0, src.size() - lines), src.size())).strip();
    }
}
