package dev.bulwark.gate.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class WireTest {
    private static byte[] cstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] int16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    private static byte[] startup(byte[] body) {
        return concat(int32(body.length + 4), body);
    }

    private static StartupPacket readStartup(byte[] wire) throws IOException {
        return new FrameReader(new ByteArrayInputStream(wire), 1 << 20).readStartup();
    }

    @Test
    void startupPacketWithParameters() throws IOException {
        byte[] body = concat(int32(StartupPacket.PROTOCOL_3), cstr("user"), cstr("claude"), cstr("database"), cstr("app"),
                cstr("options"), cstr("-c default_transaction_read_only=off"), cstr(""));
        StartupPacket p = readStartup(startup(body));
        assertThat(p).isInstanceOfSatisfying(StartupPacket.Startup.class, s -> {
            assertThat(s.user()).isEqualTo("claude");
            assertThat(s.database()).isEqualTo("app");
            assertThat(s.parameters()).containsEntry("options", "-c default_transaction_read_only=off");
        });
    }

    @Test
    void sslGssAndCancelRequests() throws IOException {
        assertThat(readStartup(startup(int32(StartupPacket.SSL_REQUEST)))).isInstanceOf(StartupPacket.SslRequest.class);
        assertThat(readStartup(startup(int32(StartupPacket.GSSENC_REQUEST)))).isInstanceOf(StartupPacket.GssEncRequest.class);
        assertThat(readStartup(startup(concat(int32(StartupPacket.CANCEL_REQUEST), int32(42), int32(-7)))))
                .isEqualTo(new StartupPacket.CancelRequest(42, -7));
    }

    @Test
    void badStartupPacketsAreProtocolErrors() {
        assertThatThrownBy(() -> readStartup(startup(concat(int32(2 << 16), cstr("user"), cstr("x"), cstr("")))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("protocol 2");
        assertThatThrownBy(() -> readStartup(startup(concat(int32(StartupPacket.PROTOCOL_3), cstr("database"), cstr("x"), cstr("")))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("no user");
        assertThatThrownBy(() -> readStartup(startup(concat(int32(StartupPacket.PROTOCOL_3), cstr("user"), cstr("a"), cstr("user"),
                cstr("b"), cstr(""))))).isInstanceOf(ProtocolException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> readStartup(startup(concat(int32(StartupPacket.PROTOCOL_3), cstr("user")))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not terminated");
        assertThatThrownBy(() -> readStartup(concat(int32(1_000_000), new byte[8])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("length");
        assertThatThrownBy(() -> readStartup(startup(concat(int32(StartupPacket.SSL_REQUEST), int32(1)))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("trailing");
    }

    @Test
    void framesAreBoundedAndTruncationIsAnError() throws IOException {
        Frame q = new Frame((byte) 'Q', cstr("SELECT 1"));
        FrameReader ok = new FrameReader(new ByteArrayInputStream(q.encode()), 100);
        assertThat(ok.read()).isEqualTo(q);
        assertThat(ok.read()).isNull();

        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(q.encode()), 4).read())
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds");
        byte[] cut = java.util.Arrays.copyOf(q.encode(), 7);
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(cut), 100).read())
                .isInstanceOf(ProtocolException.class).hasMessageContaining("closed inside");
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(concat(new byte[] {'Q'}, int32(3))), 100).read())
                .isInstanceOf(ProtocolException.class).hasMessageContaining("invalid length");
    }

    @Test
    void frontendMessagesParse() throws ProtocolException {
        assertThat(FrontendMessage.parse(new Frame((byte) 'Q', cstr("SELECT 1; DELETE FROM t"))))
                .isInstanceOfSatisfying(FrontendMessage.Query.class, m -> assertThat(m.sql()).isEqualTo("SELECT 1; DELETE FROM t"));
        assertThat(FrontendMessage.parse(new Frame((byte) 'P', concat(cstr("s1"), cstr("SELECT $1"), int16(1), int32(23)))))
                .isInstanceOfSatisfying(FrontendMessage.Parse.class, m -> {
                    assertThat(m.statement()).isEqualTo("s1");
                    assertThat(m.sql()).isEqualTo("SELECT $1");
                });
        assertThat(FrontendMessage.parse(new Frame((byte) 'B', concat(cstr("p1"), cstr("s1"), int16(0), int16(0), int16(0)))))
                .isEqualTo(new FrontendMessage.Bind(new Frame((byte) 'B', concat(cstr("p1"), cstr("s1"), int16(0), int16(0), int16(0))), "p1", "s1"));
        assertThat(FrontendMessage.parse(new Frame((byte) 'E', concat(cstr("p1"), int32(0)))))
                .isInstanceOf(FrontendMessage.Execute.class);
        assertThat(FrontendMessage.parse(new Frame((byte) 'D', concat(new byte[] {'S'}, cstr("s1")))))
                .isInstanceOfSatisfying(FrontendMessage.Describe.class, m -> assertThat(m.kind()).isEqualTo('S'));
        assertThat(FrontendMessage.parse(new Frame((byte) 'C', concat(new byte[] {'P'}, cstr("p1")))))
                .isInstanceOf(FrontendMessage.Close.class);
        assertThat(FrontendMessage.parse(new Frame((byte) 'F', int32(1234)))).isInstanceOf(FrontendMessage.FunctionCall.class);
        assertThat(FrontendMessage.parse(new Frame((byte) 'd', new byte[] {1}))).isInstanceOf(FrontendMessage.CopyIn.class);
        assertThat(FrontendMessage.parse(new Frame((byte) 'S', new byte[0]))).isInstanceOf(FrontendMessage.Sync.class);
        assertThat(FrontendMessage.parse(new Frame((byte) 'X', new byte[0]))).isInstanceOf(FrontendMessage.Terminate.class);
    }

    @Test
    void malformedFrontendMessagesAreProtocolErrors() {
        for (Frame bad : List.of(new Frame((byte) 'Q', "no terminator".getBytes(StandardCharsets.UTF_8)),
                new Frame((byte) 'Q', concat(cstr("a"), cstr("b"))),
                new Frame((byte) 'P', concat(cstr("s"), cstr("SELECT 1"), int16(2), int32(23))),
                new Frame((byte) 'P', concat(cstr("s"), cstr("SELECT 1"), int16(-1))),
                new Frame((byte) 'D', concat(new byte[] {'Z'}, cstr("x"))),
                new Frame((byte) 'E', cstr("p")),
                new Frame((byte) '!', new byte[0]))) {
            assertThatThrownBy(() -> FrontendMessage.parse(bad)).as(bad.toString()).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void backendMessagesEncodeAsPostgresDoes() {
        assertThat(BackendMessages.readyForQuery('I').encode()).containsExactly('Z', 0, 0, 0, 5, 'I');
        assertThat(BackendMessages.authenticationOk().encode()).containsExactly('R', 0, 0, 0, 8, 0, 0, 0, 0);
        Frame err = BackendMessages.error("ERROR", "42501", "bulwark: held", null, "approve it");
        String body = new String(err.body(), StandardCharsets.UTF_8);
        assertThat(err.typeChar()).isEqualTo('E');
        assertThat(body).contains("SERROR\0").contains("C42501\0").contains("Mbulwark: held\0").contains("Happrove it\0").endsWith("\0\0");
        assertThat(BackendMessages.authenticationSasl(List.of("SCRAM-SHA-256")).body())
                .isEqualTo(concat(int32(10), cstr("SCRAM-SHA-256"), cstr("")));
    }
}
