package dev.unbindlab.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuildTreePathsTest {

    @TempDir Path tmp;

    @Test
    void repointsCmdFilesMakefileAndSourceLinkButNothingElse() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("build/x86_64-vanilla"));
        String src = "/c/src/linux-source-7.3.4";
        Files.writeString(tree.resolve("Makefile"), "export KBUILD_OUTPUT = " + tree + "\ninclude " + src + "/Makefile\n");
        Path cmd = Files.createDirectories(tree.resolve("drivers/mtd")).resolve(".mtdchar.o.cmd");
        Files.writeString(cmd, "savedcmd_drivers/mtd/mtdchar.o := gcc -I" + src + "/include -c " + src
                + "/drivers/mtd/mtdchar.c\ndeps := " + src + "/include/linux/mtd/mtd.h\n");
        Path object = tree.resolve("drivers/mtd/mtdchar.o");
        Files.writeString(object, "binary mentions " + src);
        Files.createSymbolicLink(tree.resolve("source"), Path.of(src));
        Path variantTree = tree.resolveSibling("x86_64-fix");
        String variantSrc = "/c/src/x86_64-fix";

        int changed = BuildTreePaths.rewrite(tree, Map.of(src, variantSrc, tree.toString(), variantTree.toString()));

        assertEquals(2, changed);
        assertEquals("export KBUILD_OUTPUT = " + variantTree + "\ninclude " + variantSrc + "/Makefile\n",
                Files.readString(tree.resolve("Makefile")));
        assertEquals("savedcmd_drivers/mtd/mtdchar.o := gcc -I" + variantSrc + "/include -c " + variantSrc
                + "/drivers/mtd/mtdchar.c\ndeps := " + variantSrc + "/include/linux/mtd/mtd.h\n", Files.readString(cmd));
        assertEquals("binary mentions " + src, Files.readString(object));
        assertEquals(Path.of(variantSrc), Files.readSymbolicLink(tree.resolve("source")));
    }
}
