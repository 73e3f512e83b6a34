package dev.bulwark.verify;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * An order-independent fingerprint of a table's rows in COPY text form: the row count and the sum
 * (mod 2^128) of a 128-bit hash of every row. Two tables with the same multiset of rows have the
 * same fingerprint whatever order the rows come in; a changed, missing or extra row changes it.
 * The hash is MurmurHash3 x64/128: fast, well mixed, and not meant to resist a forger (nobody
 * forges a table to fool their own backup check; the SHA-256 of the files guards the bytes).
 */
public final class RowFingerprint {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private long rows;
    private long sumHigh;
    private long sumLow;

    public void add(byte[] buf, int off, int len) {
        long h1 = 0;
        long h2 = 0;
        int blocks = len >>> 4;
        for (int i = 0; i < blocks; i++) {
            int p = off + (i << 4);
            long k1 = (long) LONG_LE.get(buf, p);
            long k2 = (long) LONG_LE.get(buf, p + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = off + (blocks << 4);
        int rest = len & 15;
        long k1 = 0;
        long k2 = 0;
        for (int i = rest - 1; i >= 8; i--) k2 = (k2 << 8) | (buf[tail + i] & 0xffL);
        for (int i = Math.min(rest, 8) - 1; i >= 0; i--) k1 = (k1 << 8) | (buf[tail + i] & 0xffL);
        if (rest > 8) h2 ^= mixK2(k2);
        if (rest > 0) h1 ^= mixK1(k1);
        h1 ^= len;
        h2 ^= len;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        long low = sumLow + h1;
        sumHigh += h2 + (Long.compareUnsigned(low, sumLow) < 0 ? 1 : 0);
        sumLow = low;
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** The fingerprint as hex text, the form reports and records keep. */
    public String value() {
        return String.format("%016x%016x", sumHigh, sumLow);
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
