package dev.bulwark.pitr;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import dev.bulwark.repository.AtomicFiles;

/**
 * Which cluster a WAL archive belongs to, recorded by the first push ({@code archive.id}). A plain
 * properties file rather than JSON: wal-push runs once per segment and must start quickly.
 */
public record ArchiveIdentity(String systemIdentifier, long segmentSize) {
    static final String FILE = "archive.id";

    static Optional<ArchiveIdentity> read(Path archiveDir) throws IOException {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(archiveDir.resolve(FILE), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String sysid = p.getProperty("system_identifier");
        String size = p.getProperty("wal_segment_size");
        if (sysid == null || size == null) throw new IOException(archiveDir.resolve(FILE) + " is damaged: it lacks system_identifier "
                + "or wal_segment_size");
        return Optional.of(new ArchiveIdentity(sysid, Long.parseLong(size)));
    }

    void write(Path archiveDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("system_identifier", systemIdentifier);
        p.setProperty("wal_segment_size", String.valueOf(segmentSize));
        StringWriter w = new StringWriter();
        p.store(w, "the PostgreSQL cluster whose WAL this archive holds; written by the first wal-push");
        AtomicFiles.write(archiveDir.resolve(FILE), w.toString().getBytes(StandardCharsets.UTF_8));
    }
}
