package dev.bulwark.verify;

/**
 * One thing a verification checked: what was expected, what was found, and whether they agree.
 * Every check becomes a row in the report and a test case in JUnit XML.
 */
public record CheckResult(String group, String name, boolean passed, String expected, String found, String message) {

    public static CheckResult pass(String group, String name, String expected, String found) {
        return new CheckResult(group, name, true, expected, found, null);
    }

    public static CheckResult fail(String group, String name, String expected, String found, String message) {
        return new CheckResult(group, name, false, expected, found, message);
    }
}
