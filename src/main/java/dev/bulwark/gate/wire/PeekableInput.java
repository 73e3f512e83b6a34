package dev.bulwark.gate.wire;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * A buffered stream for reading a handshake message by message that can then hand over the raw
 * stream for relaying. BufferedInputStream asks the socket how much is available (an ioctl) after
 * every read that fills less than asked, which a relay reading 64 KiB chunks does on every read;
 * the relay instead gets what is still buffered followed by the socket's own stream.
 */
public final class PeekableInput extends BufferedInputStream {
    private final InputStream raw;

    public PeekableInput(InputStream raw, int size) {
        super(raw, size);
        this.raw = raw;
    }

    /** Everything not read yet: the buffered bytes first, then the underlying stream. Use this or the buffer, not both. */
    public synchronized InputStream handOver() throws IOException {
        byte[] buffered = readNBytes(count - pos);
        return buffered.length == 0 ? raw : new SequenceInputStream(new ByteArrayInputStream(buffered), raw);
    }
}
