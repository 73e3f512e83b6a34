package dev.bulwark.gate.sql;

import java.util.HashSet;
import java.util.Set;

/**
 * What the classifier must remember about one agent session: which prepared statement names are known
 * to hold reads (SQL PREPARE and protocol-level Parse share one namespace on the server, so the wire
 * layer records its named Parse messages here too), which cursors were declared through the gate, and
 * the current {@code standard_conforming_strings} (the wire layer updates it from ParameterStatus).
 * Names are compared as the server compares them: unquoted names folded to lowercase.
 */
public final class SessionState {
    private final Set<String> readPrepared = new HashSet<>();
    private final Set<String> cursors = new HashSet<>();
    private volatile boolean standardConformingStrings;

    public SessionState(boolean standardConformingStrings) {
        this.standardConformingStrings = standardConformingStrings;
    }

    public SessionState() {
        this(true);
    }

    public boolean standardConformingStrings() {
        return standardConformingStrings;
    }

    public void standardConformingStrings(boolean on) {
        this.standardConformingStrings = on;
    }

    /** Records a prepared statement; only one recorded as a read may later be EXECUTEd as a read. */
    public synchronized void recordPrepared(String name, boolean isRead) {
        if (isRead) readPrepared.add(name);
        else readPrepared.remove(name);
    }

    public synchronized boolean isReadPrepared(String name) {
        return readPrepared.contains(name);
    }

    public synchronized void deallocate(String name) {
        readPrepared.remove(name);
    }

    public synchronized void deallocateAll() {
        readPrepared.clear();
    }

    public synchronized void declareCursor(String name) {
        cursors.add(name);
    }

    public synchronized boolean isCursor(String name) {
        return cursors.contains(name);
    }

    public synchronized void closeCursor(String name) {
        cursors.remove(name);
    }

    public synchronized void closeAllCursors() {
        cursors.clear();
    }
}
