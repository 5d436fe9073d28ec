package dev.unbindlab.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A disk a scenario's guest gets: a sparse image file with a file system made on the host, fresh
 * in every run directory (a card the previous run broke never carries over), attached to QEMU as
 * {@code -drive if=none,id=ID}; the scenario's own devices refer to it ({@code sd-card,drive=ID}).
 *
 * @param id         the QEMU drive id and the file name ({@code ID.img})
 * @param sizeBytes  a power of two of at least 1 MiB (QEMU's sd-card refuses other sizes)
 * @param filesystem only {@code ext4} for now
 * @param label      the file system label
 */
public record DiskImage(String id, long sizeBytes, String filesystem, String label) {

    private static final List<Path> MKFS_EXT4 = List.of(Path.of("/usr/sbin/mkfs.ext4"), Path.of("/sbin/mkfs.ext4"));

    public DiskImage {
        if (!id.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("disk id must match [a-z0-9-]+: " + id);
        }
        if (sizeBytes < (1 << 20) || Long.bitCount(sizeBytes) != 1) {
            throw new IllegalArgumentException("disk " + id + ": size must be a power of two >= 1 MiB, got " + sizeBytes);
        }
        if (!filesystem.equals("ext4")) {
            throw new IllegalArgumentException("disk " + id + ": unsupported file system " + filesystem + " (ext4 only)");
        }
        if (label.length() > 16) {
            throw new IllegalArgumentException("disk " + id + ": an ext4 label has at most 16 bytes: " + label);
        }
    }

    public Path file(Path runDirectory) {
        return runDirectory.resolve(id + ".img");
    }

    /** The QEMU arguments that attach the image as a drive without a device (the scenario adds the device). */
    public List<String> qemuArguments(Path runDirectory) {
        return List.of("-drive", "if=none,id=" + id + ",file=" + file(runDirectory) + ",format=raw");
    }

    /** Creates the sparse image and its file system in {@code runDirectory}. */
    public Path create(Path runDirectory) throws IOException, InterruptedException {
        Path image = file(runDirectory);
        Files.createDirectories(runDirectory);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(sizeBytes);
        }
        Path mkfs = mkfs().orElseThrow(() -> new IOException("mkfs.ext4 not found in " + MKFS_EXT4
                + " (Debian package e2fsprogs): needed for the disk image " + id));
        Process process = new ProcessBuilder(mkfs.toString(), "-q", "-F", "-L", label, image.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(mkfs + " did not finish within 60 s for " + image);
        }
        if (process.exitValue() != 0) {
            throw new IOException(mkfs + " " + image + " failed with exit status " + process.exitValue() + ": " + output);
        }
        return image;
    }

    private static Optional<Path> mkfs() {
        return MKFS_EXT4.stream().filter(Files::isExecutable).findFirst();
    }
}
