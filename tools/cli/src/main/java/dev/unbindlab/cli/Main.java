package dev.unbindlab.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point: {@code java -jar unbindlab.jar ...}; the root {@code ./unbindlab} script runs this. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int exit = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(exit);
    }

    /**
     * Runs one command line. Exit codes: {@link ExitCodes#OK}, {@link ExitCodes#PROBLEM_FOUND}
     * (a kernel report, a taint flag, a data mismatch) and {@link ExitCodes#BAD_INPUT} (usage,
     * missing device, refused operation, failed system call).
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // The guest's init runs "guest run" at every boot, under TCG, where building the whole command tree (every
        // subcommand's options, by reflection) is seconds of the JVM's start: it gets a command line of its own.
        boolean guest = args.length > 0 && args[0].equals("guest");
        CommandLine commandLine = new CommandLine(guest ? new GuestCommand.Root() : new UnbindlabCommand())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ErrorReporter())
                .setParameterExceptionHandler(ErrorReporter::usageError);
        commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.BAD_INPUT);
        commandLine.getCommandSpec().exitCodeOnExecutionException(ExitCodes.BAD_INPUT);
        int exit = commandLine.execute(args);
        out.flush();
        err.flush();
        return exit;
    }
}
