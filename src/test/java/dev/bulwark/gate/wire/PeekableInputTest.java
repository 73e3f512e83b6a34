package dev.bulwark.gate.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

class PeekableInputTest {
    /** Hands out at most 10 bytes per read, like a socket, and counts how often it is asked what is available. */
    static final class Trickle extends ByteArrayInputStream {
        int availableCalls;

        Trickle(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 10));
        }

        @Override
        public synchronized int available() {
            availableCalls++;
            return super.available();
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) i;
        return b;
    }

    @Test
    void handsOverTheBufferedBytesThenTheStreamInOrder() throws IOException {
        Trickle raw = new Trickle(bytes(100));
        PeekableInput in = new PeekableInput(raw, 64);
        assertThat(in.readNBytes(3)).containsExactly(0, 1, 2); // the first fill buffers 10 bytes
        InputStream rest = in.handOver();
        byte[] chunk = new byte[64];
        int total = 3;
        for (int n = rest.read(chunk); n > 0; n = rest.read(chunk)) {
            for (int i = 0; i < n; i++) assertThat(chunk[i]).isEqualTo((byte) (total + i));
            total += n;
        }
        assertThat(total).isEqualTo(100);
        assertThat(raw.availableCalls).isZero();
    }

    @Test
    void withNothingBufferedTheStreamItselfIsHandedOver() throws IOException {
        Trickle raw = new Trickle(bytes(5));
        PeekableInput in = new PeekableInput(raw, 64);
        assertThat(in.handOver()).isSameAs(raw);
    }
}
