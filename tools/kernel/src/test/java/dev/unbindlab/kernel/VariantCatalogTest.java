package dev.unbindlab.kernel;

import dev.unbindlab.vm.Arch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariantCatalogTest {

    @TempDir Path tmp;

    private VmImages images(String variants) throws IOException {
        Files.createDirectories(tmp.resolve("vm-images/kernel"));
        Files.createDirectories(tmp.resolve("vm-images/patches/fix-a"));
        Files.createDirectories(tmp.resolve("vm-images/patches/fix-b"));
        Files.writeString(tmp.resolve("vm-images/kernel/variants"), variants);
        return new VmImages(tmp.resolve("vm-images"));
    }

    @Test
    void readsVariantsWithTheirSeriesInOrder() throws IOException {
        VariantCatalog catalog = VariantCatalog.load(images("""
                # comment
                x86_64 vanilla
                x86_64 both fix-b fix-a   # order matters
                arm64  vanilla
                """));
        assertEquals(List.of("fix-b", "fix-a"), catalog.get(Arch.X86_64, "both").series());
        assertEquals("arm64-vanilla", catalog.vanilla(Arch.ARM64).id());
        var unknown = assertThrows(IllegalArgumentException.class, () -> catalog.get(Arch.X86_64, "nope"));
        assertTrue(unknown.getMessage().contains("known: vanilla, both"), unknown.getMessage());
    }

    @Test
    void rejectsMissingSeriesDuplicatesAndPatchedVanilla() throws IOException {
        assertTrue(assertThrows(IOException.class, () -> VariantCatalog.load(images("x86_64 v fix-missing\n")))
                .getMessage().contains("no patch series"));
        assertTrue(assertThrows(IOException.class, () -> VariantCatalog.load(images("x86_64 vanilla\nx86_64 vanilla\n")))
                .getMessage().contains("duplicate"));
        assertTrue(assertThrows(IOException.class, () -> VariantCatalog.load(images("x86_64 vanilla fix-a\n")))
                .getMessage().contains("no patch series"));
        assertTrue(assertThrows(IOException.class, () -> VariantCatalog.load(images("sparc vanilla\n")))
                .getMessage().contains("unknown architecture"));
    }

    @Test
    void theShippedCatalogLoads() throws IOException {
        VariantCatalog catalog = VariantCatalog.load(VmImages.locate(Path.of("")).orElseThrow());
        assertEquals(KernelVariant.VANILLA, catalog.vanilla(Arch.X86_64).name());
    }
}
