package dev.unbindlab.scenario.mtdconformance;

import dev.unbindlab.linux.mtd.MtdInfo;

/**
 * What the Java side says about one MTD: {@code MEMGETINFO} and {@code MEMGETREGIONCOUNT}
 * through {@code MtdDevice}, the name {@code MtdDirectory} found it by, and the device node's
 * own major:minor.
 *
 * @param node the device node's file name, e.g. {@code mtd1}
 */
public record JavaView(String node, String name, MtdInfo info, DeviceNumber deviceNumber, int regionCount) {
}
