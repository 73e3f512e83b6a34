package dev.bulwark.cli;

import java.io.PrintWriter;
import java.util.Optional;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import picocli.CommandLine;

/** Entry point: maps every outcome to the exit codes of DESIGN.md, in this one place. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Optional<WalQuickStart.Invocation> quick = WalQuickStart.parse(args);
        if (quick.isPresent()) {
            // archive_command and restore_command start one process per WAL file: no command tree for them.
            int status = WalQuickStart.run(quick.get(), out, err, BaseCommand.environment);
            out.flush();
            err.flush();
            return status;
        }
        CommandLine cli = new CommandLine(new BulwarkCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(Main::exitCodeOf);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("bulwark: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE.status();
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("bulwark: " + message(ex));
            commandLine.getErr().flush();
            return exitCodeOf(ex);
        });
        cli.getCommandSpec().usageMessage().exitCodeListHeading(null);
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof BulwarkException b) return b.exitCode().status();
        if (ex instanceof CommandLine.ParameterException) return ExitCode.USAGE.status();
        return ExitCode.ENVIRONMENT.status();
    }

    static String message(Throwable ex) {
        if (ex instanceof BulwarkException) return ex.getMessage();
        return "unexpected " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
    }
}
