package dev.bulwark;

/**
 * The one exception that crosses capability boundaries. It carries the exit code the CLI
 * returns and a message written for the person at the terminal: what went wrong, where, and
 * what to do. It is translated into output only at the edge (the CLI).
 */
public class BulwarkException extends RuntimeException {
    private final ExitCode exitCode;

    public BulwarkException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public BulwarkException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public static BulwarkException usage(String message) {
        return new BulwarkException(ExitCode.USAGE, message);
    }

    public static BulwarkException environment(String message) {
        return new BulwarkException(ExitCode.ENVIRONMENT, message);
    }

    public static BulwarkException environment(String message, Throwable cause) {
        return new BulwarkException(ExitCode.ENVIRONMENT, message, cause);
    }

    public static BulwarkException checkFailed(String message) {
        return new BulwarkException(ExitCode.CHECK_FAILED, message);
    }
}
