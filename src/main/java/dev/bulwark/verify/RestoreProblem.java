package dev.bulwark.verify;

/**
 * One error pg_restore reported, diagnosed: does the restore target lack something (an extension,
 * a role, a tablespace) or is the backup itself damaged?
 */
public record RestoreProblem(Cause cause, String what, String hint, String quoted) {
    public enum Cause { ENVIRONMENT, BACKUP, UNKNOWN }
}
