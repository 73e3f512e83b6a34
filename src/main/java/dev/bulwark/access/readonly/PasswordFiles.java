package dev.bulwark.access.readonly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import dev.bulwark.BulwarkException;

/** A role's password in a file of its own: read as written, or written once, readable by its owner only. */
public final class PasswordFiles {
    private PasswordFiles() {}

    /** The file's content without its final line break; an empty file is a mistake, not a password. */
    public static Secret read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BulwarkException.usage("cannot read password file " + file + ": " + e.getMessage());
        }
        String password = text.replaceAll("[\r\n]+$", "");
        if (password.isEmpty()) throw BulwarkException.usage("password file " + file + " is empty");
        return new Secret(password);
    }

    /** Creates the file with mode 0600 before anything is written to it; never overwrites one. */
    public static void writeNew(Path file, Secret password) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password.reveal() + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw BulwarkException.usage("password file " + file + " already exists");
        } catch (IOException e) {
            throw BulwarkException.usage("cannot write password file " + file + ": " + e.getMessage());
        }
    }

    /** Removes a password file written for a role that was not created after all. */
    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing to do: the role it was meant for does not exist, so the password opens nothing
        }
    }
}
