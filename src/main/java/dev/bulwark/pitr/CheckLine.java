package dev.bulwark.pitr;

/**
 * One line of a scorecard (pitr check, doctor): what was checked, how it came out, the evidence,
 * and the command or setting that fixes it when it did not pass.
 */
public record CheckLine(String name, Status status, String evidence, String fix) {
    public enum Status { PASS, WARN, FAIL }

    public static CheckLine pass(String name, String evidence) {
        return new CheckLine(name, Status.PASS, evidence, null);
    }

    public static CheckLine warn(String name, String evidence, String fix) {
        return new CheckLine(name, Status.WARN, evidence, fix);
    }

    public static CheckLine fail(String name, String evidence, String fix) {
        return new CheckLine(name, Status.FAIL, evidence, fix);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
