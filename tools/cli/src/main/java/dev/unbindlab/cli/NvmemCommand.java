package dev.unbindlab.cli;

import dev.unbindlab.linux.nvmem.Nvmem;
import dev.unbindlab.linux.nvmem.NvmemCell;
import dev.unbindlab.linux.nvmem.NvmemDevice;
import dev.unbindlab.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "nvmem", description = "nvmem providers under /sys/bus/nvmem: list them, read a device or a cell.",
        subcommands = {NvmemCommand.ListDevices.class, NvmemCommand.Read.class})
final class NvmemCommand {

    @Command(name = "list", description = "nvmem devices with type, size and cells.")
    static final class ListDevices implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--json", description = "a JSON array") boolean json;

        @Override
        public Integer call() throws IOException {
            List<NvmemDevice> devices = Nvmem.system().list();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(devices));
                return ExitCodes.OK;
            }
            for (NvmemDevice d : devices) {
                out.printf("%-24s %-14s %8d bytes%s%n", d.name(), d.type(), d.size(), d.readOnly() ? " (read-only)" : "");
                for (NvmemCell c : d.cells()) {
                    out.printf("    cell %-20s offset 0x%x bit %d, %d bytes%n", c.name(), c.offset(), c.bitOffset(), c.size());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "read", description = {"Read an nvmem device (or one --cell) and hexdump it.",
            "With --output the raw bytes go to that file instead."})
    static final class Read implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DEVICE", description = "a name from 'nvmem list', e.g. 0-00500") String device;
        @Option(names = "--cell", description = "read this cell instead of the whole device") String cell;
        @Option(names = "--offset", converter = SizeConverter.class, defaultValue = "0") long offset;
        @Option(names = "--length", converter = SizeConverter.class, description = "default: to the end") Long length;
        @Option(names = {"-o", "--output"}, description = "write raw bytes here") Path output;

        @Override
        public Integer call() throws IOException {
            Nvmem nvmem = Nvmem.system();
            byte[] data;
            long base;
            if (cell != null) {
                data = nvmem.readCell(device, cell);
                base = 0;
            } else {
                long size = nvmem.device(device).size();
                long count = length == null ? Math.max(0, size - offset) : length;
                data = nvmem.read(device, offset, Math.toIntExact(count));
                base = offset;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output != null) {
                Files.write(output, data);
                out.printf("read %d bytes of %s%s, sha256 %s%n", data.length, device, cell == null ? "" : " cell " + cell,
                        HexFormat.of().formatHex(MtdCommand.sha256().digest(data)));
            } else {
                Hexdump.print(out, data, base);
            }
            return ExitCodes.OK;
        }
    }
}
