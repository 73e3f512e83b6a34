package dev.bulwark.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How verification restores: into a throwaway sandbox (default) or into a named
 * verification server given by {@code url}, which must never be the source.
 */
public record VerificationConfig(Duration every, String target, String url, Path passwordFile) {
    public static final VerificationConfig DEFAULT = new VerificationConfig(Duration.ofHours(24), "sandbox", null, null);

    public VerificationConfig {
        every = every == null ? Duration.ofHours(24) : every;
        target = target == null ? (url == null ? "sandbox" : "url") : target;
    }

    public boolean usesSandbox() {
        return url == null;
    }
}
