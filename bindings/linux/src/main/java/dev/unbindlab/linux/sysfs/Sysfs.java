package dev.unbindlab.linux.sysfs;

import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A sysfs tree: {@code /sys} on a real system, another root in tests of path logic.
 * Attribute writes go through {@code write(2)} so a refusal carries its errno (unbind of a busy
 * device answers EBUSY, bind of a missing one ENODEV), which {@code Files.write} would hide.
 */
public record Sysfs(Path root) {

    public static Sysfs system() {
        return new Sysfs(Path.of("/sys"));
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    /** An attribute's text without its trailing newline; empty if the attribute does not exist. */
    public Optional<String> readAttribute(Path attribute) throws IOException {
        try {
            String text = Files.readString(attribute);
            return Optional.of(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** One {@code write(2)} of {@code value} to an attribute, as {@code echo -n value > attribute} does. */
    public void writeAttribute(Path attribute, String value) throws LinuxException {
        try (NativeFile file = NativeFile.openWriteOnly(attribute.toString());
             Arena arena = Arena.ofConfined()) {
            // allocateFrom adds a NUL; sysfs must not see it.
            var bytes = arena.allocateFrom(value);
            file.writeFully(bytes.asSlice(0, bytes.byteSize() - 1));
        }
    }

    /** The last path component a symlink points to ({@code driver -> ../../bus/platform/drivers/X} gives X). */
    public Optional<String> linkTargetName(Path link) throws IOException {
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
        } catch (NoSuchFileException e) {
            // Gone between the two calls: a driver link while the device is being unbound (seen in a CI run).
            return Optional.empty();
        }
    }
}
