package dev.unbindlab.cli;

import picocli.CommandLine.Command;

@Command(name = "unbindlab",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Reproduce device-lifetime kernel bugs (driver unbound while in use) and verify their fixes.",
            "Exit codes: 0 ok, 1 a problem was found, 2 bad input or a failed system call."
        },
        subcommands = {
            MtdCommand.class,
            NvmemCommand.class,
            SysfsCommand.class,
            KmsgCommand.class,
            TriageCommand.class,
            TaintCommand.class,
            VmCommand.class,
            DemoCommand.class,
            StressCommand.class,
            MatrixCommand.class,
            GuestCommand.class
        })
public final class UnbindlabCommand {
}
