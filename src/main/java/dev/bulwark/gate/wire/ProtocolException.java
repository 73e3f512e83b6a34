package dev.bulwark.gate.wire;

import java.io.IOException;

/** A peer sent something that is not valid protocol v3; the connection ends with FATAL 08P01. */
public class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
