/*
 * jextract input: the kernel's MTD user ABI and the libc calls unbindlab makes.
 * Only what regen's --include-* filters name is generated from it.
 */
#define _GNU_SOURCE /* strerrorname_np */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>
#include <mtd/mtd-user.h>
