#!/bin/sh
# unbindlab guest init (PID 1), POSIX sh. Runs straight from the host's root file system,
# which QEMU shares read-only over virtio-9p (virtme-ng style):
#
#   qemu-system-x86_64 -M pc -accel tcg -m 2G -smp 2 -nodefaults -display none -no-reboot
#     -kernel bzImage
#     -append "console=ttyS0 root=/dev/root rootfstype=9p
#              rootflags=trans=virtio,version=9p2000.L,cache=loose,msize=262144 ro
#              panic=-1 acpi=noirq init=/work/main/vm-images/guest/init.sh
#              unbindlab.modules=DIR unbindlab.results=results unbindlab.cmd=\"...\""
#     -fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
#     -device virtio-9p-pci,fsdev=root,mount_tag=/dev/root
#     -fsdev local,id=results,path=RESULTS_DIR,security_model=none
#     -device virtio-9p-pci,fsdev=results,mount_tag=results
#     -device isa-debug-exit,iobase=0xf4,iosize=0x04
#     -serial file:console.log
#
# arm64 (QEMU xlnx-versal-virt, see vm-images/kernel/arm64.config): the root is the
# arm64 Debian directory from vm-images/host/arm64-rootfs.sh, where this script is
# /unbindlab/init.sh next to the semihost-exit helper:
#
#   qemu-system-aarch64 -M xlnx-versal-virt,ospi-flash=n25q128 -accel tcg -m 2G
#     -nodefaults -display none -no-reboot
#     -semihosting-config enable=on,target=native,userspace=on
#     -kernel Image -dtb versal-virt-ospi.dtb
#     -drive if=mtd,index=0,format=raw,file=flash.img
#     -append "console=ttyAMA0 root=/dev/root rootfstype=9p
#              rootflags=trans=virtio,version=9p2000.L,cache=loose,msize=262144 ro
#              panic=-1 init=/unbindlab/init.sh unbindlab.mounts=kernel:/run/kernel,tool:/run/tool
#              unbindlab.modules=/run/kernel/modules unbindlab.cmd=\"...\""
#     -fsdev local,id=root,path=ROOTFS,security_model=none,readonly=on
#     -device virtio-9p-device,fsdev=root,mount_tag=/dev/root
#     -fsdev local,id=results,path=RESULTS_DIR,security_model=none
#     -device virtio-9p-device,fsdev=results,mount_tag=results
#     -serial file:console.log
#
# multidevs=remap is required: the host's /proc, /sys and /dev are separate file systems
# inside the exported /, and without remapping their inode numbers collide in 9p (the
# guest then finds its fresh /proc mount gone as soon as /sys is mounted).
# acpi=noirq: with ACPI PCI interrupt routing, each virtio-pci probe took about 7 s under TCG
# (in the ACPI interrupt-link setup); routing from the BIOS PIRQ table takes milliseconds.
# ACPI itself stays on (it describes the second CPU, the HPET and the PCI host bridge windows;
# pci=noacpi, used before, also dropped the windows, and 32-bit BARs were then reassigned
# over the IO-APIC).
#
# Kernel command line parameters read from /proc/cmdline (values may be double-quoted;
# a value cannot itself contain a double quote, use unbindlab.script for such commands):
#
#   unbindlab.cmd="..."      command run with sh -c (default: none, just power off)
#   unbindlab.script=PATH    script run with sh, after unbindlab.cmd if both are given
#   unbindlab.modules=DIR    a `make modules_install INSTALL_MOD_PATH=DIR` staging directory;
#                            plain modprobe/modinfo (wrappers in /run/unbindlab/bin, first on
#                            PATH) and the kernel's own module requests load from it
#   unbindlab.mounts=TAG:DIR,...  extra read-only virtio-9p shares, each mounted on DIR (under
#                            /run); the arm64 lane brings the kernel's modules and the CLI jar so
#   unbindlab.results=TAG    mount tag of a writable virtio-9p share, mounted on /run/results
#                            (default: /run/results on tmpfs); exported as UNBINDLAB_RESULTS
#   unbindlab.timeout=SECS   kill the command after SECS seconds (exit status 124)
#
# A command may end early by writing its exit status to $UNBINDLAB_RESULTS/done: init then
# waits at most 5 s for it to exit and powers off regardless (see supervise below).
#
# Arguments the kernel hands to init (words after `--`, and unknown bare words) are ignored:
# only unbindlab.cmd and unbindlab.script name what runs.
#
# Console protocol (lines on ttyS0, interleaved with kernel messages):
#   unbindlab-init: up <uptime> s
#   unbindlab-init: run: <command>
#   unbindlab-init: exit <status> after <seconds> s
#
# Ending the guest: the command's exit status is written to /run/results/exit-status, then
# (clamped to 0..127) to QEMU's isa-debug-exit port (0xf4) through /dev/port, which makes
# QEMU exit at once with status (status << 1) | 1: 1 means the command succeeded, 3 that it
# exited 1, 255 that it exited 127 or more (e.g. 139 after a segfault, as when the kernel
# oopses in the command's system call). This needs no ACPI and carries the status
# even without a results share. If that port is absent, the fallback is an immediate
# kernel restart (sysrq 'b'), which QEMU turns into a clean exit 0 under -no-reboot.
# A kernel panic (panic=-1) also ends QEMU through the same restart path.
#
# Ending the guest on arm64: after /run/results/exit-status, the semihost-exit helper next
# to this script makes the Arm semihosting call SYS_EXIT with (status << 1) | 1, status
# clamped to 0..127 as below, so QEMU's exit status means the same as on x86 (needs
# -semihosting-config enable=on,target=native,userspace=on; without it the helper dies of
# SIGILL and the restart fallback below ends QEMU with status 0).
#

PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HOME=/tmp
LANG=C.UTF-8
export PATH HOME LANG

log() {
    echo "unbindlab-init: $*"
}

# Mounts. The 9p root is read-only; everything written goes to tmpfs or the results share.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
# devtmpfs is normally already on /dev (CONFIG_DEVTMPFS_MOUNT); mount it if not.
grep -q ' /dev devtmpfs ' /proc/mounts || mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o mode=0755 tmpfs /run
# The host's /tmp stays reachable at /run/host/tmp (a CI checkout may live there; the host side
# maps such paths, see GuestPaths) before the guest's own tmpfs covers /tmp.
mkdir -p /run/host/tmp
mount --bind /tmp /run/host/tmp
mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p /dev/shm /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true

read -r uptime _ </proc/uptime
log "up $uptime s"

# Kernel command line: prints the value of parameter $1, quotes removed; fails if absent.
param() {
    awk -v key="$1" '
    {
        line = $0; n = length(line); tok = ""; inq = 0
        for (i = 1; i <= n + 1; i++) {
            c = (i <= n) ? substr(line, i, 1) : " "
            if (c == "\"") { inq = !inq; continue }
            if (c == " " && !inq) {
                if (tok == "--") exit
                eq = index(tok, "=")
                if (eq > 0 && substr(tok, 1, eq - 1) == key) { print substr(tok, eq + 1); found = 1; exit 0 }
                tok = ""
                continue
            }
            tok = tok c
        }
    }
    END { exit !found }' /proc/cmdline
}

# Extra read-only shares (the arm64 root is a Debian directory, not the host's root).
if mounts=$(param unbindlab.mounts); then
    for spec in $(echo "$mounts" | tr ',' ' '); do
        tag=${spec%%:*}
        dir=${spec#*:}
        mkdir -p "$dir"
        if mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro "$tag" "$dir"; then
            log "share $tag on $dir"
        else
            log "cannot mount share $tag on $dir"
        fi
    done
fi

# Writable results directory: a virtio-9p share if one is named, else tmpfs (under /run).
results=/run/results
mkdir -p "$results"
if tag=$(param unbindlab.results); then
    if mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=none "$tag" "$results"; then
        log "results share $tag on $results"
    else
        log "cannot mount results share $tag; results stay in tmpfs"
    fi
fi
export UNBINDLAB_RESULTS="$results"

# Guest kernel modules. The host may have no /lib/modules (and the root is read-only), so
# modprobe and modinfo are wrapped to read DIR/lib/modules/$(uname -r), and the kernel's own
# module requests go through the same wrapper.
if mods=$(param unbindlab.modules); then
    if [ -d "$mods/lib/modules/$(uname -r)" ]; then
        mkdir -p /run/unbindlab/bin
        printf '#!/bin/sh\nexec /sbin/modprobe -d "%s" "$@"\n' "$mods" >/run/unbindlab/bin/modprobe
        printf '#!/bin/sh\nexec /sbin/modinfo -b "%s" "$@"\n' "$mods" >/run/unbindlab/bin/modinfo
        chmod 0755 /run/unbindlab/bin/modprobe /run/unbindlab/bin/modinfo
        echo /run/unbindlab/bin/modprobe >/proc/sys/kernel/modprobe
        PATH=/run/unbindlab/bin:$PATH
    else
        log "no $mods/lib/modules/$(uname -r); modules not available"
    fi
fi

# The command.
cmd=$(param unbindlab.cmd) || cmd=""
script=$(param unbindlab.script) || script=""
timeout=$(param unbindlab.timeout) || timeout=""

run() {
    if [ -n "$timeout" ]; then
        timeout -k 5 "$timeout" "$@"
    else
        "$@"
    fi
}

# Runs "$@" in the background and waits for it, or for $results/done: a command that has
# declared itself done is given DONE_GRACE seconds to exit and is then left behind. After an
# oops, tasks of the command can sleep in D state forever, and neither exit nor the timeout's
# SIGKILL can reap them; the blocked tasks are dumped (sysrq w) so the console shows where.
# The time limit is enforced here too, for the same reason.
DONE_GRACE=5
uptime_s() {
    read -r up _ </proc/uptime
    echo "${up%.*}"
}
dump_blocked_tasks() {
    echo 1 >/proc/sys/kernel/sysrq 2>/dev/null
    echo w >/proc/sysrq-trigger
}
supervise() {
    rm -f "$results/done"
    (cd /tmp && run "$@") </dev/null &
    pid=$!
    started=$(uptime_s)
    done_at=""
    while kill -0 "$pid" 2>/dev/null; do
        now=$(uptime_s)
        if [ -z "$done_at" ] && [ -s "$results/done" ]; then
            done_at=$now
        fi
        if [ -n "$done_at" ] && [ $((now - done_at)) -ge "$DONE_GRACE" ]; then
            read -r declared <"$results/done"
            log "command declared done (status $declared) but has not exited after $DONE_GRACE s; blocked tasks:"
            dump_blocked_tasks
            return "$declared"
        fi
        if [ -n "$timeout" ] && [ $((now - started)) -ge $((timeout + 10)) ]; then
            log "command still running $((now - started)) s after it started, past its $timeout s limit; blocked tasks:"
            dump_blocked_tasks
            return 124
        fi
        sleep 0.5
    done
    wait "$pid"
}

status=0
start=$(cut -d' ' -f1 /proc/uptime)
if [ -n "$cmd" ]; then
    log "run: $cmd"
    supervise sh -c "$cmd"
    status=$?
fi
if [ -n "$script" ] && [ "$status" -eq 0 ]; then
    log "run: sh $script"
    supervise sh "$script"
    status=$?
fi
end=$(cut -d' ' -f1 /proc/uptime)
log "exit $status after $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s"

# Power off.
echo "$status" >"$results/exit-status" 2>/dev/null
sync
[ "$status" -gt 127 ] && status=127
# arm64: semihosting SYS_EXIT, same exit status encoding as isa-debug-exit on x86.
helper="${0%/*}/semihost-exit"
if [ "$(uname -m)" = aarch64 ] && [ -x "$helper" ]; then
    "$helper" $(( (status << 1) | 1 )) 2>/dev/null
fi
# /dev/port only on x86: on arm64 it exists (HAS_IOPORT) but port 0xf4 is unmapped PCI I/O.
if [ "$(uname -m)" = x86_64 ] && [ -c /dev/port ]; then
    # One byte, the status, to port 0xf4 (244).
    printf "\\$(printf '%03o' "$status")" | dd of=/dev/port bs=1 seek=244 count=1 conv=notrunc 2>/dev/null
fi
# Still here: no isa-debug-exit device. Restart; QEMU exits under -no-reboot.
echo 1 >/proc/sys/kernel/sysrq 2>/dev/null
echo b >/proc/sysrq-trigger
sleep 10
