package dev.bulwark.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;

/** The archive store on its own: publish, idempotence, refusals, checksums, invisibility of uploads. */
class WalArchiveTest {
    @TempDir
    Path dir;

    /** A segment-like file: a long page header naming the system, then data. */
    private Path segment(String name, long sysid, long seed) throws Exception {
        byte[] content = new byte[256 * 1024];
        new Random(seed).nextBytes(content);
        ByteBuffer b = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 0xD110).putShort(2, (short) 0x0002).putLong(24, sysid).putInt(32, 1024 * 1024);
        Path f = Files.createDirectories(dir.resolve("src-" + seed)).resolve(name);
        Files.write(f, content);
        return f;
    }

    @Test
    void pushPublishesOnlyWholeFilesAndFetchReturnsTheSameBytes() throws Exception {
        WalArchive archive = new WalArchive(dir.resolve("wal"));
        Path seg = segment("000000010000000000000003", 7, 1);
        WalArchive.Pushed pushed = archive.push(seg);
        assertThat(pushed.outcome()).isEqualTo(WalArchive.PushOutcome.ARCHIVED);
        try (var tmp = Files.list(archive.dir().resolve(WalArchive.TEMP_DIR))) {
            assertThat(tmp).as("no upload left behind").isEmpty();
        }
        assertThat(archive.list()).singleElement().extracting(e -> e.name().name()).isEqualTo("000000010000000000000003");
        assertThat(archive.identity()).contains(new ArchiveIdentity("7", 1024 * 1024));

        Path dest = dir.resolve("RECOVERYXLOG");
        assertThat(archive.fetch("000000010000000000000003", dest)).isEqualTo(WalArchive.FetchOutcome.RESTORED);
        assertThat(Files.readAllBytes(dest)).isEqualTo(Files.readAllBytes(seg));
        assertThat(archive.fetch("000000010000000000000004", dir.resolve("x"))).isEqualTo(WalArchive.FetchOutcome.NOT_ARCHIVED);

        assertThat(archive.push(seg).outcome()).isEqualTo(WalArchive.PushOutcome.ALREADY_ARCHIVED);
    }

    @Test
    void differentContentUnderAnArchivedNameIsRefusedAndNothingIsOverwritten() throws Exception {
        WalArchive archive = new WalArchive(dir.resolve("wal"));
        archive.push(segment("000000010000000000000003", 7, 1));
        byte[] before = Files.readAllBytes(archive.dir().resolve("000000010000000000000003.gz"));
        BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> archive.push(segment("000000010000000000000003", 7, 2)));
        assertThat(e.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(e.getMessage()).contains("REFUSED").contains("DIFFERENT");
        assertThat(Files.readAllBytes(archive.dir().resolve("000000010000000000000003.gz"))).isEqualTo(before);

        BulwarkException foreign = catchThrowableOfType(BulwarkException.class,
                () -> archive.push(segment("000000010000000000000009", 8, 3)));
        assertThat(foreign.getMessage()).contains("written by PostgreSQL system 8").contains("belongs to system 7");
        assertThat(archive.list()).hasSize(1);
    }

    @Test
    void aDamagedArchivedFileNeverReachesTheDestination() throws Exception {
        WalArchive archive = new WalArchive(dir.resolve("wal"));
        archive.push(segment("000000010000000000000003", 7, 1));
        Path stored = archive.dir().resolve("000000010000000000000003.gz");
        byte[] gz = Files.readAllBytes(stored);
        gz[gz.length / 2] ^= 0x10;
        Files.write(stored, gz);
        Path dest = dir.resolve("RECOVERYXLOG");
        assertThat(catchThrowableOfType(ArchivedWalFile.CorruptArchiveException.class, () -> archive.fetch("000000010000000000000003", dest)))
                .hasMessageContaining("damaged");
        assertThat(Files.exists(dest)).isFalse();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("RECOVERYXLOG"));
        }
    }

    @Test
    void historyFilesAreArchivedWithoutAnIdentityCheck() throws Exception {
        WalArchive archive = new WalArchive(dir.resolve("wal"));
        Path history = dir.resolve("00000002.history");
        Files.writeString(history, "1\t0/A00100\tno recovery target specified\n");
        archive.push(history);
        assertThat(archive.newestTimeline().timeline()).isEqualTo(1);
        assertThat(archive.readText("00000002.history")).contains("1\t0/A00100\tno recovery target specified\n");
    }
}
