package dev.bulwark.gate.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.bulwark.gate.audit.AuditEvent;
import dev.bulwark.gate.audit.AuditLog;

/**
 * Writes audit entries off the query path: sessions enqueue, one writer appends them in batches
 * (one transaction each), in the order they were enqueued. The queue is bounded: when the log
 * cannot keep up, sessions wait rather than entries being dropped. Entries still queued when the
 * gate stops are written before it exits; a crash of the gate loses at most what was queued.
 */
final class AuditQueue implements AutoCloseable {
    private static final int CAPACITY = 65_536;
    private static final int BATCH = 2_000;
    private static final long GATHER_MILLIS = 20;

    private final AuditLog log;
    private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private volatile boolean closing;

    AuditQueue(AuditLog log) {
        this.log = log;
        this.writer = Thread.ofPlatform().daemon().name("gate-audit-writer").start(this::drain);
    }

    void add(AuditEvent event) {
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.append(event); // never lose an entry: write it directly
        }
    }

    private void drain() {
        List<AuditEvent> batch = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                log.appendAll(batch);
                if (batch.size() < BATCH && !closing) {
                    // Let entries gather: one wake-up and one transaction per interval, not per statement.
                    Thread.sleep(GATHER_MILLIS);
                }
            } catch (InterruptedException e) {
                closing = true;
            } catch (RuntimeException e) {
                // The store refused the batch (disk full, file gone): keep the entries and retry shortly.
                pause();
                continue;
            }
            batch.clear();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes everything still queued, then stops the writer. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
