// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of unbindlab's MTD benchmarks: what the JMH benchmarks are compared with.
 *
 *   mtd-read-loop DEVICE SIZE SECONDS        pread(2) of SIZE bytes, sequential, wrapping
 *   mtd-read-loop DEVICE memgetinfo SECONDS  ioctl(MEMGETINFO)
 *
 * Prints one line: "<what> <size> <operations> <nanoseconds>".
 */
#include <fcntl.h>
#include <mtd/mtd-user.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct mtd_info_user info;
	int64_t start, end, ops = 0;
	char *buf = NULL;
	long size = 0;
	off_t offset = 0;
	int fd, memgetinfo;

	if (argc != 4) {
		fprintf(stderr, "usage: %s DEVICE SIZE|memgetinfo SECONDS\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || ioctl(fd, MEMGETINFO, &info) < 0) {
		perror(argv[1]);
		return 2;
	}
	memgetinfo = strcmp(argv[2], "memgetinfo") == 0;
	if (!memgetinfo) {
		size = atol(argv[2]);
		if (size <= 0 || info.size % size != 0 || posix_memalign((void **)&buf, 4096, size)) {
			fprintf(stderr, "%s: bad size %s for %u bytes\n", argv[1], argv[2], info.size);
			return 2;
		}
	}
	start = now_ns();
	end = start + (int64_t)(atof(argv[3]) * 1e9);
	for (;;) {
		if (memgetinfo) {
			if (ioctl(fd, MEMGETINFO, &info) < 0) {
				perror("MEMGETINFO");
				return 1;
			}
		} else {
			if (pread(fd, buf, size, offset) != size) {
				perror("pread");
				return 1;
			}
			offset = (offset + size) % info.size;
		}
		ops++;
		if ((ops & 15) == 0 && now_ns() >= end)
			break;
	}
	printf("%s %ld %lld %lld\n", memgetinfo ? "memgetinfo" : "pread", size, (long long)ops,
	       (long long)(now_ns() - start));
	return 0;
}
