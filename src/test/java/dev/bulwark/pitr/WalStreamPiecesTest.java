package dev.bulwark.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wal-stream's parts without a server: where it starts, how it writes and publishes, how a restore reads a partial segment. */
class WalStreamPiecesTest {
    private static final long SEG = 1024 * 1024;

    @TempDir
    Path dir;

    private static StreamStart.Facts facts(int timeline, long flush, TimelineHistory history, String newest, Long slot) {
        return new StreamStart.Facts(timeline, flush, history, SEG, Optional.ofNullable(newest).map(WalFileName::parse),
                Optional.ofNullable(slot));
    }

    @Test
    void startsAfterTheNewestArchivedSegmentThenTheSlotThenWhereTheServerWrites() {
        List<StreamStart> c = StreamStart.candidates(facts(1, 9 * SEG + 500, TimelineHistory.first(1), "000000010000000000000005",
                4 * SEG + 100));
        assertThat(c).extracting(StreamStart::lsn).containsExactly(6 * SEG, 4 * SEG, 9 * SEG);
        assertThat(c.get(0).why()).contains("000000010000000000000005");

        assertThat(StreamStart.candidates(facts(1, 9 * SEG + 500, TimelineHistory.first(1), null, null)))
                .singleElement().extracting(StreamStart::lsn).isEqualTo(9 * SEG);
        assertThat(StreamStart.candidates(facts(1, 6 * SEG, TimelineHistory.first(1), "000000010000000000000005", null)))
                .extracting(StreamStart::lsn).as("right after a switch, the next segment starts where the server is")
                .containsExactly(6 * SEG);
        assertThat(StreamStart.candidates(facts(1, 3 * SEG, TimelineHistory.first(1), "000000010000000000000005", null)))
                .extracting(StreamStart::lsn).as("never past what the server has written").containsExactly(3 * SEG);
    }

    @Test
    void afterAFailoverStreamingBeginsWithTheNewTimelinesFirstSegment() {
        TimelineHistory two = TimelineHistory.parse(2, "1\t0/5800000\tno recovery target specified\n");
        List<StreamStart> c = StreamStart.candidates(facts(2, 0x6000100L, two, "000000010000000000000004", null));
        assertThat(c.get(0).lsn()).isEqualTo(0x5800000L - 0x5800000L % SEG);
        assertThat(c.get(0).why()).contains("timeline 2");
    }

    /** WAL-like bytes: a long page header naming system 7 at the start of every segment, random data between. */
    private static byte[] wal(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        for (int at = 0; at + 40 <= length; at += (int) SEG) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(at + 2, (short) 0x0002).putLong(at + 24, 7)
                    .putInt(at + 32, (int) SEG);
        }
        return b;
    }

    @Test
    void receivedWalFillsThePartialAndAFinishedSegmentIsPublishedWhole() throws Exception {
        WalArchive archive = new WalArchive(dir.resolve("wal"));
        List<String> published = new ArrayList<>();
        ReceivingSegment.Publisher publisher = (file, name) -> {
            archive.push(file, name);
            published.add(name);
        };
        byte[] stream = wal((int) (2 * SEG + 300), 1);
        try (ReceivingSegment r = ReceivingSegment.begin(archive.partials(), 1, SEG, 3 * SEG)) {
            long at = 3 * SEG;
            for (int chunk : new int[] {100_000, 900_000, 48_576 + 5, 1_048_571, 300}) {
                // Each message overlaps the last by a few bytes, which must be written once.
                long from = Math.max(3 * SEG, at - 3);
                int skip = (int) (at - from);
                r.append(from, ByteBuffer.wrap(stream, (int) (from - 3 * SEG), chunk + skip), publisher);
                at += chunk;
            }
            assertThat(published).containsExactly("000000010000000000000003", "000000010000000000000004");
            assertThat(r.dirty()).isTrue();
            assertThat(r.flush()).isEqualTo(5 * SEG + 300);
            assertThat(r.segmentName()).isEqualTo("000000010000000000000005");
        }
        Path fetched = dir.resolve("fetched");
        archive.fetch("000000010000000000000004", fetched);
        assertThat(Files.readAllBytes(fetched)).isEqualTo(Arrays.copyOfRange(stream, (int) SEG, (int) (2 * SEG)));
        Path partial = archive.partials().file("000000010000000000000005");
        assertThat(Files.readAllBytes(partial)).isEqualTo(Arrays.copyOfRange(stream, (int) (2 * SEG), stream.length));
        assertThat(archive.partials().newest()).get().extracting(PartialSegments.Partial::bytes).isEqualTo(300L);
        assertThat(archive.list()).as("a partial segment is not an archived segment").hasSize(2);
    }

    @Test
    void aHoleInTheStreamIsAnError() throws Exception {
        WalArchive archive = new WalArchive(dir.resolve("wal"));
        try (ReceivingSegment r = ReceivingSegment.begin(archive.partials(), 1, SEG, 0)) {
            assertThatThrownBy(() -> r.append(10, ByteBuffer.allocate(5), (f, n) -> {})).isInstanceOf(IOException.class)
                    .hasMessageContaining("hole");
        }
    }

    @Test
    void aPartialSegmentIsFetchedPaddedWithZerosOnlyWhenAsked() throws Exception {
        WalArchive archive = new WalArchive(dir.resolve("wal"));
        Path first = Files.createDirectories(dir.resolve("src")).resolve("000000010000000000000002");
        Files.write(first, wal((int) SEG, 2));
        archive.push(first);
        Files.createDirectories(archive.partials().dir());
        byte[] arrived = wal(5000, 3);
        Files.write(archive.partials().file("000000010000000000000003"), arrived);

        Path dest = dir.resolve("RECOVERYXLOG");
        assertThat(archive.fetch("000000010000000000000003", dest)).isEqualTo(WalArchive.FetchOutcome.NOT_ARCHIVED);
        assertThat(dest).doesNotExist();
        assertThat(archive.fetch("000000010000000000000003", dest, true)).isEqualTo(WalArchive.FetchOutcome.RESTORED_PARTIAL);
        byte[] restored = Files.readAllBytes(dest);
        assertThat(restored).hasSize((int) SEG);
        assertThat(Arrays.copyOf(restored, arrived.length)).isEqualTo(arrived);
        assertThat(Arrays.copyOfRange(restored, arrived.length, restored.length)).containsOnly((byte) 0);
        assertThat(archive.fetch("000000010000000000000002", dest, true)).as("archived segments come from the archive")
                .isEqualTo(WalArchive.FetchOutcome.RESTORED);
        assertThat(archive.fetch("000000010000000000000004", dest, true)).isEqualTo(WalArchive.FetchOutcome.NOT_ARCHIVED);
    }
}
