package dev.bulwark.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** "pid start-time" of the process writing a backup, so a dead writer's leftovers can be told apart. */
final class WriterMark {
    private WriterMark() {}

    static String current() {
        return of(ProcessHandle.current());
    }

    private static String of(ProcessHandle p) {
        return p.pid() + " " + p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    static boolean isAlive(Path markFile) {
        try {
            String mark = Files.readString(markFile, StandardCharsets.UTF_8).trim();
            long pid = Long.parseLong(mark.split(" ")[0]);
            return ProcessHandle.of(pid).map(p -> of(p).equals(mark)).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
