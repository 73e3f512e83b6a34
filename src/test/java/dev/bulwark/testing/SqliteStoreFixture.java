package dev.bulwark.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.bulwark.config.StoreLocation;

/** The store as a SQLite file that the test owns, as anyone who may write the file does. */
public record SqliteStoreFixture(Path file) implements StoreFixture {
    private static final List<String> TRIGGERS =
            List.of("audit_no_update", "audit_no_delete", "audit_head_forward", "audit_head_no_delete");

    @Override
    public StoreLocation freshLocation() {
        return new StoreLocation.SqliteFile(file);
    }

    @Override
    public void execute(String... sql) throws Exception {
        RawSql.sqlite(file, sql);
    }

    /** Whoever can write the file can drop the triggers. */
    @Override
    public void tamper(String... sql) throws Exception {
        List<String> statements = new ArrayList<>();
        for (String trigger : TRIGGERS) {
            statements.add("DROP TRIGGER IF EXISTS " + trigger);
        }
        statements.addAll(List.of(sql));
        execute(statements.toArray(String[]::new));
    }
}
