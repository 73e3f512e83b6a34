package dev.bulwark.gate.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FrameScannerTest {
    private final List<String> seen = new ArrayList<>();
    private final FrameScanner scanner = new FrameScanner("ZS", (type, body) ->
            seen.add(type + ":" + new String(body, StandardCharsets.UTF_8).replace('\0', '|')));

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BackendMessages.parameterStatus("standard_conforming_strings", "off").encode());
        out.writeBytes(new Frame((byte) 'T', new byte[40]).encode());
        out.writeBytes(new Frame((byte) 'D', new byte[100_000]).encode()); // larger than any chunk
        out.writeBytes(new Frame((byte) 'C', "SELECT 1\0".getBytes(StandardCharsets.UTF_8)).encode());
        out.writeBytes(new Frame((byte) 'n', new byte[0]).encode());          // an empty body
        out.writeBytes(BackendMessages.readyForQuery('T').encode());
        return out.toByteArray();
    }

    private static final List<String> EXPECTED = List.of("S:standard_conforming_strings|off|", "Z:T");

    @Test
    void findsWatchedMessagesInOneChunk() throws Exception {
        byte[] s = stream();
        scanner.scan(s, 0, s.length);
        assertThat(seen).isEqualTo(EXPECTED);
        assertThat(scanner.atBoundary()).isTrue();
    }

    @Test
    void findsThemHoweverTheStreamIsSplit() throws Exception {
        byte[] s = stream();
        for (int i = 0; i < s.length; i++) { // one byte at a time: every header and body split everywhere
            scanner.scan(s, i, 1);
        }
        assertThat(seen).isEqualTo(EXPECTED);
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            seen.clear();
            for (int i = 0; i < s.length; ) {
                int n = Math.min(s.length - i, 1 + random.nextInt(300));
                scanner.scan(s, i, n);
                i += n;
            }
            assertThat(seen).isEqualTo(EXPECTED);
        }
    }

    @Test
    void knowsWhenItStopsInsideAMessage() throws Exception {
        byte[] s = stream();
        scanner.scan(s, 0, 3);
        assertThat(scanner.atBoundary()).isFalse();
        scanner.scan(s, 3, 10);
        assertThat(scanner.atBoundary()).isFalse();
        scanner.scan(s, 13, s.length - 13);
        assertThat(scanner.atBoundary()).isTrue();
    }

    @Test
    void refusesALengthNoMessageHas() {
        byte[] bad = {'Z', 0, 0, 0, 2};
        assertThatThrownBy(() -> scanner.scan(bad, 0, bad.length))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("invalid length 2");
    }
}
