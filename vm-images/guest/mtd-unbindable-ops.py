#!/usr/bin/python3
# Helper of mtd-unbindable-repro.sh: open /dev/mtdN read-write, unbind the driver, then try
# every file operation mtdchar implements on the open file and print what each returned.
# usage: mtd-unbindable-ops.py /dev/mtdN UNBIND_FILE DEVICE_NAME
import errno
import fcntl
import mmap
import os
import struct
import sys

MEMGETINFO = 0x80204d01  # _IOR('M', 1, struct mtd_info_user)
MEMERASE = 0x40084d02    # _IOW('M', 2, struct erase_info_user)

node, unbind, name = sys.argv[1:4]
fd = os.open(node, os.O_RDWR)
info = fcntl.ioctl(fd, MEMGETINFO, bytes(32))
print("ops: before unbind: MEMGETINFO size %d" % struct.unpack_from("@BIII", info)[2])
with open(unbind, "w") as f:
    f.write(name)


def attempt(label, fn):
    try:
        r = fn()
        print("ops: %s: ok %r" % (label, r if not isinstance(r, bytes) else len(r)))
    except OSError as e:
        print("ops: %s: %s" % (label, errno.errorcode.get(e.errno, e.errno)))


attempt("read", lambda: os.read(fd, 4096))
attempt("pread", lambda: os.pread(fd, 4096, 65536))
attempt("write", lambda: os.pwrite(fd, b"\0" * 512, 0))
attempt("lseek", lambda: os.lseek(fd, 4096, os.SEEK_SET))
attempt("MEMGETINFO", lambda: fcntl.ioctl(fd, MEMGETINFO, bytes(32)))
attempt("MEMERASE", lambda: fcntl.ioctl(fd, MEMERASE, struct.pack("=II", 0, 65536)))
attempt("mmap", lambda: mmap.mmap(fd, 4096, mmap.MAP_SHARED, mmap.PROT_READ))
attempt("fsync", lambda: os.fsync(fd))
attempt("close", lambda: os.close(fd))
