package dev.unbindlab.scenario.mtdconformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One page of a {@code nanddump --oob} image, where each page's data is followed by its OOB. */
public record NanddumpPage(long offset, byte[] data, byte[] oob) {

    /** Splits an image dumped from page-aligned {@code start}; a partial trailing page is an error. */
    public static List<NanddumpPage> split(byte[] image, long start, int pageSize, int oobSize) {
        int stride = pageSize + oobSize;
        if (stride <= 0 || image.length % stride != 0) {
            throw new IllegalArgumentException("nanddump image of " + image.length + " bytes is not whole pages of "
                    + pageSize + "+" + oobSize + " bytes");
        }
        List<NanddumpPage> pages = new ArrayList<>();
        for (int at = 0; at < image.length; at += stride) {
            pages.add(new NanddumpPage(start + (long) (at / stride) * pageSize,
                    Arrays.copyOfRange(image, at, at + pageSize), Arrays.copyOfRange(image, at + pageSize, at + stride)));
        }
        return pages;
    }
}
