package dev.bulwark.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class SessionThreadsTest {
    @Test
    void parsesTheSetting() {
        assertThat(SessionThreads.parse(null)).isEqualTo(SessionThreads.PLATFORM);
        assertThat(SessionThreads.parse(" Virtual ")).isEqualTo(SessionThreads.VIRTUAL);
        assertThat(SessionThreads.parse("platform")).isEqualTo(SessionThreads.PLATFORM);
        assertThatThrownBy(() -> SessionThreads.parse("green")).hasMessageContaining("platform or virtual, not 'green'");
    }

    @Test
    void startsThreadsOfTheKindAsked() throws Exception {
        AtomicBoolean virtual = new AtomicBoolean();
        SessionThreads.VIRTUAL.start("t", () -> virtual.set(Thread.currentThread().isVirtual())).join();
        assertThat(virtual).isTrue();
        Thread platform = SessionThreads.PLATFORM.factory("p").newThread(() -> { });
        assertThat(platform.isVirtual()).isFalse();
        assertThat(platform.isDaemon()).isTrue();
        assertThat(platform.getState()).isEqualTo(Thread.State.NEW);
    }
}
