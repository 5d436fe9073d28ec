package dev.unbindlab.kernel;

import dev.unbindlab.vm.Arch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks, before an 8-minute build starts, that every program it needs is installed. */
final class Toolchain {

    private Toolchain() {
    }

    /** Program → the Debian package that provides it. */
    static Map<String, String> required(Arch arch) {
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("make", "make");
        tools.put(arch.crossCompile() + "gcc", arch.crossCompile().isEmpty() ? "gcc" : "gcc-" + arch.crossCompile().replaceAll("-$", ""));
        tools.put("flex", "flex");
        tools.put("bison", "bison");
        tools.put("bc", "bc");
        tools.put("perl", "perl");
        tools.put("tar", "tar");
        tools.put("xz", "xz-utils");
        tools.put("git", "git");
        tools.put("depmod", "kmod");
        return tools;
    }

    static void check(Arch arch) throws BuildFailedException {
        List<String> missing = new ArrayList<>();
        required(arch).forEach((program, pkg) -> {
            if (find(program).isEmpty()) {
                missing.add(program + " (" + pkg + ")");
            }
        });
        // objtool (x86) and resolve_btfids link against libelf.
        if (!Files.exists(Path.of("/usr/include/gelf.h"))) {
            missing.add("gelf.h (libelf-dev)");
        }
        if (!missing.isEmpty()) {
            throw new BuildFailedException("cannot build kernels, missing: " + String.join(", ", missing)
                    + "; run 'sudo vm-images/host/setup-apt.sh'");
        }
    }

    /** Looks in $PATH, then in the sbin directories a non-root PATH may lack (depmod lives there). */
    static Optional<Path> find(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream().map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }
}
