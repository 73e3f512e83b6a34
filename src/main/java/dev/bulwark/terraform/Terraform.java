package dev.bulwark.terraform;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.bulwark.BulwarkException;

/**
 * The terraform program and the three commands Bulwark runs with it: plan, show -json, apply.
 * Always non-interactive ({@code -input=false}, {@code TF_IN_AUTOMATION}) and without colour codes.
 * {@code TF_CLI_ARGS} and {@code TF_CLI_ARGS_*} are not passed on: they would add arguments (a second
 * plan file, {@code -destroy}) behind Bulwark's back; plan options go after {@code --} instead.
 */
public final class Terraform {
    /** Long enough for any real plan or apply (databases take tens of minutes), still bounded. */
    static final Duration RUN_TIMEOUT = Duration.ofHours(6);
    static final Duration SHOW_TIMEOUT = Duration.ofMinutes(30);

    private final Path explicit;
    private final Map<String, String> env;
    private Path binary;

    private Terraform(Path explicit, Map<String, String> env) {
        this.explicit = explicit;
        this.env = childEnvironment(env);
    }

    /**
     * The terraform to run: {@code explicit} (a --terraform option) if given, else
     * {@code BULWARK_TERRAFORM}, else {@code terraform} on PATH. It is looked for when first needed,
     * so that what needs no terraform (refusing arguments, deciding by an approval) works without it.
     */
    public static Terraform of(Path explicit, Map<String, String> env) {
        return new Terraform(explicit, env);
    }

    /** The program; not found is an environment error that says what to install. */
    public synchronized Path binary() {
        if (binary == null) {
            String fromEnv = env.get("BULWARK_TERRAFORM");
            Path chosen = explicit != null ? explicit : fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : onPath(env);
            if (chosen == null || !Files.isRegularFile(chosen) || !Files.isExecutable(chosen)) {
                String what = chosen == null ? "terraform is not on PATH" : chosen + " is not an executable file";
                throw BulwarkException.environment(what
                        + ": install Terraform 1.0 or newer (1.7 or newer for removed blocks), or point BULWARK_TERRAFORM"
                        + " or --terraform at it");
            }
            binary = chosen;
        }
        return binary;
    }

    /** {@code terraform plan -out=PLANFILE [args]} in {@code workDir}, every line to {@code listener}. */
    TerraformRun plan(Path workDir, Path planFile, List<String> args, Consumer<String> listener) {
        List<String> command = command("plan", "-input=false", "-no-color", "-out=" + planFile.toAbsolutePath());
        command.addAll(args);
        return TerraformProcess.run(command, workDir, env, RUN_TIMEOUT, listener, TerraformProcess.KEEP_LINES);
    }

    /** {@code terraform apply [args] PLANFILE} in {@code workDir}: a saved plan applies without asking. */
    TerraformRun apply(Path workDir, Path planFile, List<String> args, Consumer<String> listener) {
        List<String> command = command("apply", "-input=false", "-no-color");
        command.addAll(args);
        command.add(planFile.toAbsolutePath().toString());
        return TerraformProcess.run(command, workDir, env, RUN_TIMEOUT, listener, TerraformProcess.KEEP_LINES);
    }

    /** The JSON of {@code terraform show -json PLANFILE}; failure is an environment error quoting terraform. */
    String showJson(Path workDir, Path planFile) {
        TerraformRun run = TerraformProcess.run(command("show", "-json", "-no-color", planFile.toAbsolutePath().toString()),
                workDir, env, SHOW_TIMEOUT, line -> { }, Integer.MAX_VALUE);
        if (!run.ok()) {
            throw BulwarkException.environment("terraform show -json " + planFile + " failed (exit " + run.exitCode()
                    + ") in " + workDir + ":\n" + run.tail(20));
        }
        return String.join("\n", run.stdout());
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        return command;
    }

    private static Map<String, String> childEnvironment(Map<String, String> env) {
        Map<String, String> child = new HashMap<>(env);
        child.keySet().removeIf(k -> k.equals("TF_CLI_ARGS") || k.startsWith("TF_CLI_ARGS_"));
        child.put("TF_IN_AUTOMATION", "1");
        child.put("TF_INPUT", "0");
        child.putIfAbsent("CHECKPOINT_DISABLE", "1"); // no version check calls home from a gate
        return child;
    }

    private static Path onPath(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, "terraform");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
