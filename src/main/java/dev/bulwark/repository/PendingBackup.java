package dev.bulwark.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.bulwark.BulwarkException;

/** A backup being written: not listed anywhere until {@link #publish} writes its manifest. */
public final class PendingBackup {
    private final String id;
    private final Path dir;
    private boolean done;

    PendingBackup(String id, Path dir) {
        this.id = id;
        this.dir = dir;
    }

    public String id() {
        return id;
    }

    public Path dir() {
        return dir;
    }

    public Path dumpDir() {
        return dir.resolve("dump");
    }

    /** Makes the backup usable: manifest written atomically, then the in-progress mark removed. */
    public synchronized Path publish(Manifest manifest) {
        Path file = dir.resolve(BackupRepository.MANIFEST);
        try {
            AtomicFiles.write(file, Json.mapper().writeValueAsBytes(manifest));
            Files.deleteIfExists(dir.resolve(BackupRepository.IN_PROGRESS));
            AtomicFiles.fsyncDirectory(dir);
            done = true;
            return file;
        } catch (IOException e) {
            throw BulwarkException.environment("cannot write the manifest of backup " + id + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes everything written so far; a failed backup leaves nothing behind. */
    public synchronized void abandon() {
        if (done) return;
        for (int attempt = 1; Files.exists(dir); attempt++) {
            try {
                BackupRepository.deleteTree(dir);
            } catch (BulwarkException e) {
                // a writer that was just stopped may still be closing a file: try again shortly
                if (attempt == 5) throw e;
                sleep();
            }
        }
        done = true;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
