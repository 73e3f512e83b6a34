package dev.bulwark.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.Identifiers;
import dev.bulwark.postgres.PgUrl;

/**
 * Loads the dump's table data into the restore target itself, running exactly the COPY that
 * pg_restore would run, while fingerprinting every row on the way: each data file is read once,
 * for the load and for the evidence. The session is set up as pg_restore sets it up, and each
 * table is truncated and loaded in one transaction so that, as with pg_restore, the load can
 * skip WAL.
 */
final class DataLoader {
    private static final int COPY_BUFFER = 1 << 16;

    private final PgUrl target;
    private final String encoding;
    private final Path dumpDir;

    /** What happened to one table's data: the dump side of the evidence, and a load error if any. */
    record Load(TocEntry entry, DataFileScanner.Scan scan, RestoreProblem problem) {}

    DataLoader(PgUrl target, String encoding, Path dumpDir) {
        this.target = target;
        this.encoding = encoding == null ? "UTF8" : encoding;
        this.dumpDir = dumpDir;
    }

    /** Entries this loader can take: COPY data in a file it can read. The rest is pg_restore's. */
    boolean canLoad(TocEntry e) {
        return e.isTableData() && e.copyStmt() != null && e.copyStmt().startsWith("COPY ") && e.filename() != null
                && (Files.exists(dumpDir.resolve(e.filename())) || Files.exists(dumpDir.resolve(e.filename() + ".gz")));
    }

    /** Loads the entries with {@code jobs} connections, largest files first so the jobs finish together. */
    List<Load> load(List<TocEntry> entries, int jobs) {
        List<TocEntry> ordered = entries.stream().sorted(Comparator.comparingLong(this::size).reversed()).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs))) {
            List<Future<Load>> futures = new ArrayList<>();
            for (TocEntry e : ordered) futures.add(pool.submit(() -> loadOne(e)));
            List<Load> out = new ArrayList<>();
            for (Future<Load> f : futures) {
                try {
                    out.add(f.get());
                } catch (Exception e) {
                    throw BulwarkException.environment("loading the dump's data failed unexpectedly: " + e.getMessage(), e);
                }
            }
            return out;
        }
    }

    private Load loadOne(TocEntry e) {
        Path file = dataFile(e);
        try (Connection c = Connections.open(target, "restore target")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // pg_restore's session: no search_path, no row security, no timeouts.
                st.execute("SET standard_conforming_strings = on; SELECT pg_catalog.set_config('search_path', '', false); "
                        + "SET row_security = off; SET statement_timeout = 0; SET lock_timeout = 0");
                st.execute("TRUNCATE TABLE ONLY " + e.qualifiedName());
            }
            PGCopyOutputStream copy = new PGCopyOutputStream(c.unwrap(PGConnection.class), copySql(e), COPY_BUFFER);
            DataFileScanner.Scan scan;
            try {
                scan = DataFileScanner.scan(file, copy);
            } catch (DataFileScanner.SinkFailure failure) {
                cancel(copy);
                c.rollback();
                return new Load(e, DataFileScanner.scan(file), copyFailed(e, failure.getMessage()));
            }
            if (!scan.ok()) {
                cancel(copy);
                c.rollback();
                // pg_restore would stop on this file too; the table stays empty.
                return new Load(e, scan, new RestoreProblem(RestoreProblem.Cause.BACKUP, "the backup is damaged: " + scan.problem(),
                        "this backup cannot be trusted; take a new one and find out what corrupted it (storage, transfer)",
                        "COPY of table \"" + e.tag() + "\" stopped: " + scan.problem()));
            }
            try {
                copy.endCopy();
                c.commit();
            } catch (SQLException failure) {
                c.rollback();
                return new Load(e, scan, copyFailed(e, failure.getMessage()));
            }
            return new Load(e, scan, null);
        } catch (SQLException | BulwarkException failure) {
            return new Load(e, DataFileScanner.scan(file), copyFailed(e, failure.getMessage()));
        }
    }

    /** pg_dump's COPY, told that the data is in the dump's encoding (the SQL itself travels as UTF-8). */
    private String copySql(TocEntry e) {
        String stmt = e.copyStmt().strip();
        stmt = stmt.endsWith(";") ? stmt.substring(0, stmt.length() - 1) : stmt;
        return stmt + " WITH (ENCODING " + Identifiers.literal(encoding) + ")";
    }

    private static RestoreProblem copyFailed(TocEntry e, String message) {
        String quoted = "COPY failed for table \"" + e.tag() + "\": " + message;
        return RestoreDiagnosis.classify(message, quoted);
    }

    private static void cancel(PGCopyOutputStream copy) {
        try {
            if (copy.isActive()) copy.cancelCopy();
        } catch (SQLException ignored) {
            // the transaction is rolled back next, which ends the COPY in any case
        }
    }

    private Path dataFile(TocEntry e) {
        Path plain = dumpDir.resolve(e.filename());
        return Files.exists(plain) ? plain : dumpDir.resolve(e.filename() + ".gz");
    }

    private long size(TocEntry e) {
        try {
            return Files.size(dataFile(e));
        } catch (java.io.IOException ex) {
            return 0;
        }
    }
}
