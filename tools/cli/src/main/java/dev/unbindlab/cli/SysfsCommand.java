package dev.unbindlab.cli;

import dev.unbindlab.linux.sysfs.DeviceRef;
import dev.unbindlab.linux.sysfs.DeviceStatus;
import dev.unbindlab.linux.sysfs.DriverBinding;
import dev.unbindlab.linux.sysfs.Sysfs;
import dev.unbindlab.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "sysfs", description = {"Driver binding through sysfs.",
        "DEVICE is BUS/NAME (platform/f1010000.spi), a /sys path, a bare name, or /dev/mtdN (its parent device)."},
        subcommands = {SysfsCommand.Where.class, SysfsCommand.Unbind.class, SysfsCommand.Bind.class})
final class SysfsCommand {

    static DriverBinding binding() {
        return new DriverBinding(Sysfs.system());
    }

    @Command(name = "where", description = "Bus, sysfs path, bound driver and driver_override of a device.")
    static final class Where implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DEVICE") String device;
        @Option(names = "--json", description = "one JSON object") boolean json;

        @Override
        public Integer call() throws IOException {
            DriverBinding binding = binding();
            DeviceStatus status = binding.where(binding.resolve(device));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(status));
            } else {
                out.printf("device:          %s%n", status.device());
                out.printf("sysfs:           %s%n", status.sysfsPath());
                out.printf("driver:          %s%n", status.driver().orElse("(none)"));
                out.printf("driver_override: %s%n", status.driverOverride().orElse("(none)"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "unbind", description = "Unbind a device from its driver (prints the driver, for a later bind).")
    static final class Unbind implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DEVICE") String device;

        @Override
        public Integer call() throws IOException {
            DriverBinding binding = binding();
            DeviceRef ref = binding.resolve(device);
            String driver = binding.unbind(ref);
            spec.commandLine().getOut().printf("unbound %s from %s%n", ref, driver);
            return ExitCodes.OK;
        }
    }

    @Command(name = "bind", description = "Bind a device to --driver, or let the bus choose (drivers_probe).")
    static final class Bind implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DEVICE") String device;
        @Option(names = "--driver", description = "the driver to bind to; default: the bus picks one") String driver;

        @Override
        public Integer call() throws IOException {
            DriverBinding binding = binding();
            DeviceRef ref = binding.resolve(device);
            if (driver != null) {
                binding.bind(ref, driver);
            } else {
                binding.probe(ref);
            }
            String now = binding.driverOf(ref)
                    .orElseThrow(() -> new UserError(ref + ": still unbound; no driver took it"));
            spec.commandLine().getOut().printf("bound %s to %s%n", ref, now);
            return ExitCodes.OK;
        }
    }
}
