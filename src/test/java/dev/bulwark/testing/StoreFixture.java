package dev.bulwark.testing;

import dev.bulwark.config.StoreLocation;

/**
 * A backend for the store's shared tests: where an empty store is, and raw access to its tables
 * around Bulwark, as whoever holds the SQLite file or the control database's server could.
 */
public interface StoreFixture {
    /** The location of an empty store. */
    StoreLocation freshLocation() throws Exception;

    /** Runs statements on the store's tables, with its triggers in place. */
    void execute(String... sql) throws Exception;

    /** Runs statements around the audit log's triggers: dropped in a file, switched off by a superuser in a server. */
    void tamper(String... sql) throws Exception;
}
