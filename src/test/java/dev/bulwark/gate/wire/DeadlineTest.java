package dev.bulwark.gate.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

class DeadlineTest {
    @Test
    void aPassedDeadlineEndsABlockedReadWithEndOfStream() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept();
             Deadline deadline = Deadline.after(200, accepted)) {
            long start = System.nanoTime();
            assertThat(accepted.getInputStream().read()).isEqualTo(-1);
            assertThat(deadline.expired()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
            client.getOutputStream().write(1); // the other direction still works
            accepted.getOutputStream().write(2);
            assertThat(client.getInputStream().read()).isEqualTo(2);
        }
    }

    @Test
    void aDeadlineMetInTimeLeavesTheSocketAlone() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            Deadline deadline = Deadline.after(100, accepted);
            deadline.close();
            Thread.sleep(300);
            assertThat(deadline.expired()).isFalse();
            client.getOutputStream().write(7);
            assertThat(accepted.getInputStream().read()).isEqualTo(7);
        }
    }
}
