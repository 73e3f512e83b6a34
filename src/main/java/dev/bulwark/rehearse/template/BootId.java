package dev.bulwark.rehearse.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Which boot of the machine this is: Linux's boot id, else the start time of process 1. */
final class BootId {
    private BootId() {
    }

    static String current() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(1).flatMap(p -> p.info().startInstant()).map(Instant::toString).orElse("unknown");
        }
    }
}
