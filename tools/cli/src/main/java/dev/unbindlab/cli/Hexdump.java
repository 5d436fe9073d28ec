package dev.unbindlab.cli;

import java.io.PrintWriter;

/** {@code hexdump -C} layout: offset, 16 hex bytes, printable ASCII. */
final class Hexdump {

    private Hexdump() {
    }

    static void print(PrintWriter out, byte[] data, long baseOffset) {
        for (int line = 0; line < data.length; line += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            for (int i = line; i < line + 16; i++) {
                if (i < data.length) {
                    hex.append(String.format("%02x ", data[i] & 0xff));
                    ascii.append(data[i] >= 0x20 && data[i] < 0x7f ? (char) data[i] : '.');
                } else {
                    hex.append("   ");
                }
                if (i == line + 7) {
                    hex.append(' ');
                }
            }
            out.printf("%08x  %s |%s|%n", baseOffset + line, hex, ascii);
        }
    }
}
