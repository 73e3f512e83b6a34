package dev.bulwark.terraform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import dev.bulwark.BulwarkException;
import dev.bulwark.repository.FileDigests;

/**
 * A private copy of a plan file, hashed: terraform reads (shows, applies) exactly the bytes whose
 * SHA-256 was checked, even if someone rewrites the original in between. Deleted on close.
 */
final class PlanSnapshot implements AutoCloseable {
    private final Path dir;
    private final Path file;
    private final String sha256;

    private PlanSnapshot(Path dir, Path file, String sha256) {
        this.dir = dir;
        this.file = file;
        this.sha256 = sha256;
    }

    static PlanSnapshot of(Path planFile) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("bulwark-plan-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path copy = dir.resolve("plan.tfplan");
            Files.copy(planFile, copy, StandardCopyOption.COPY_ATTRIBUTES);
            return new PlanSnapshot(dir, copy, FileDigests.sha256(copy));
        } catch (NoSuchFileException e) {
            deleteQuietly(dir);
            throw BulwarkException.usage("no plan file " + planFile + "; make one with: bulwark tf plan");
        } catch (IOException e) {
            deleteQuietly(dir);
            throw BulwarkException.environment("cannot read the plan file " + planFile + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of a plan file as it is now. */
    static String sha256(Path planFile) {
        try {
            return FileDigests.sha256(planFile);
        } catch (NoSuchFileException e) {
            throw BulwarkException.usage("no plan file " + planFile + "; make one with: bulwark tf plan");
        } catch (IOException e) {
            throw BulwarkException.environment("cannot read the plan file " + planFile + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try {
            Files.deleteIfExists(dir.resolve("plan.tfplan"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary copy left behind holds nothing secret that the original does not
        }
    }
}
