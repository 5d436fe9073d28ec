package dev.unbindlab.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SizeConverterTest {

    @ParameterizedTest
    @CsvSource({"4096,4096", "0x1000,4096", "0X10,16", "4k,4096", "64K,65536", "1M,1048576", "2g,2147483648", "0,0"})
    void parsesKernelStyleSizes(String text, long expected) {
        assertEquals(expected, SizeConverter.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "k", "-4", "1.5M", "0xZZ", "99999999999999999999", "9000000000000G"})
    void rejectsWhatIsNotASize(String text) {
        assertThrows(CommandLine.TypeConversionException.class, () -> SizeConverter.parse(text));
    }
}
