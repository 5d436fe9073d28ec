package dev.unbindlab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the CLI with its output captured. */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(exit, out.toString(), err.toString());
    }
}
