package dev.bulwark.rehearse.template;

/** A template cluster that is running, with what its marker says; closing it stops the server (the files stay). */
public final class PreparedTemplate implements AutoCloseable {
    private final TemplateCluster cluster;
    private final TemplateManifest manifest;
    private final boolean reused;
    private final long prepareMs;

    PreparedTemplate(TemplateCluster cluster, TemplateManifest manifest, boolean reused, long prepareMs) {
        this.cluster = cluster;
        this.manifest = manifest;
        this.reused = reused;
        this.prepareMs = prepareMs;
    }

    public CloneDatabase cloneDatabase() {
        return CloneDatabase.of(cluster);
    }

    public TemplateManifest manifest() {
        return manifest;
    }

    /** True when it was kept from an earlier rehearsal, false when it was restored just now. */
    public boolean reused() {
        return reused;
    }

    /** How long getting it running took (with the restore, when there was one). */
    public long prepareMs() {
        return prepareMs;
    }

    public String location() {
        return cluster.dir().toString();
    }

    public String serverVersion() {
        return cluster.server().version();
    }

    @Override
    public void close() {
        cluster.stop();
    }
}
