package dev.unbindlab.cli;

import dev.unbindlab.kernel.BuildFailedException;
import dev.unbindlab.linux.LinuxException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Turns every failure into one line on stderr, {@code unbindlab: <what>: <why>}, and exit code 2.
 * Only a bug of ours (an unexpected runtime exception) also prints its stack trace.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("unbindlab: " + describe(ex));
        if (isBug(ex)) {
            ex.printStackTrace(err);
        }
        return ExitCodes.BAD_INPUT;
    }

    static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("unbindlab: " + ex.getMessage());
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCodes.BAD_INPUT;
    }

    static String describe(Throwable ex) {
        return switch (ex) {
            case LinuxException e -> e.getMessage();
            case UserError e -> e.getMessage();
            case BuildFailedException e -> e.getMessage();
            case NoSuchFileException e -> e.getFile() + ": no such file (ENOENT)";
            case AccessDeniedException e -> e.getFile() + ": permission denied (EACCES)";
            case FileSystemException e -> e.getFile() + ": " + e.getReason();
            case IllegalArgumentException e -> e.getMessage();
            case IllegalStateException e -> e.getMessage();
            case InterruptedException e -> "interrupted";
            default -> ex.getClass().getSimpleName() + ": " + ex.getMessage();
        };
    }

    private static boolean isBug(Throwable ex) {
        return ex instanceof RuntimeException
                && !(ex instanceof UserError || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException);
    }
}
