package dev.bulwark;

/** The exit codes every command shares (DESIGN.md), mapped to process status in one place. */
public enum ExitCode {
    OK(0, "done / healthy / verified"),
    CHECK_FAILED(1, "a check failed: verification failed, policy violated"),
    USAGE(2, "usage or configuration error"),
    ENVIRONMENT(3, "environment error: cannot connect, binaries missing or of the wrong version");

    private final int status;
    private final String meaning;

    ExitCode(int status, String meaning) {
        this.status = status;
        this.meaning = meaning;
    }

    public int status() {
        return status;
    }

    public String meaning() {
        return meaning;
    }
}
