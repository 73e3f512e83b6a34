package dev.bulwark.gate.approval;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;

/**
 * A SCRAM message that breaks the protocol (malformed, wrong nonce, channel binding asked for).
 * The proxy answers it with SQLSTATE 08P01; a wrong password is not this but a failed
 * {@link ScramServer.FinalResult}.
 */
public final class ScramException extends BulwarkException {
    public ScramException(String message) {
        super(ExitCode.USAGE, "SCRAM: " + message);
    }
}
