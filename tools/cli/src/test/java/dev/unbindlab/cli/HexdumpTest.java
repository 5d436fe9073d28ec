package dev.unbindlab.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HexdumpTest {

    @Test
    void layoutMatchesHexdumpC() {
        StringWriter out = new StringWriter();
        Hexdump.print(new PrintWriter(out), "unbindlab\n0123456789".getBytes(StandardCharsets.US_ASCII), 0x40);
        // What `printf 'unbindlab\n0123456789' | hexdump -C` prints, offsets moved by 0x40.
        assertEquals("00000040  75 6e 62 69 6e 64 6c 61  62 0a 30 31 32 33 34 35  |unbindlab.012345|\n"
                + "00000050  36 37 38 39                                       |6789|\n", out.toString());
    }
}
