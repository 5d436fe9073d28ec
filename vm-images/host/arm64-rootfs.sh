#!/usr/bin/env bash
# Build the arm64 guest root file system for the unbindlab xlnx-versal-virt lane.
#
#   vm-images/host/arm64-rootfs.sh CACHE_DIR
#
# Result: CACHE_DIR/rootfs-<key>/ (and the symlink CACHE_DIR/rootfs -> it), a directory
# that QEMU shares read-only over virtio-9p as the guest's /. It holds the Debian trixie
# arm64 packages below plus their Depends/Pre-Depends closure, unpacked with dpkg-deb (no
# chroot, no maintainer scripts: the few postinst effects that matter are redone below),
# and vm-images/guest/init.sh plus a tiny semihosting exit helper.
#
# The host's apt state is not touched: apt runs with its own configuration, sources,
# lists, status file and archive cache under CACHE_DIR/apt (APT_CONFIG), for arm64 only,
# against the Debian mirror the host's own sources already use. Needs apt, dpkg-deb,
# tar and, for the exit helper, binutils-aarch64-linux-gnu (pulled in by
# gcc-aarch64-linux-gnu). Runs as any user that can write CACHE_DIR.
#
# Idempotent: the key is a hash of the package list, the suite, this script (and its mirror
# helper), the guest
# init and the exit helper source; a complete rootfs for the same key is reused as is.
# Older rootfs-* directories are left alone (delete them by hand).
set -euo pipefail
# shellcheck source=lib/debian-mirror.sh
source "$(dirname "$(readlink -f "$0")")/lib/debian-mirror.sh"

suite="${UNBINDLAB_ARM64_SUITE:-trixie}"
# What the guest needs: the JRE for the Java tool, dash as /bin/sh, busybox for the usual
# tools no package here ships, the MTD tools, and kmod for modprobe -d (the busybox applet
# cannot take -d). /bin/sh must not be busybox: Debian's busybox-static runs its own
# applets before searching PATH, so init.sh's modprobe wrapper (and util-linux, kmod,
# mtd-utils) would be bypassed.
packages=(openjdk-25-jre-headless busybox-static dash mtd-utils kmod)

if [ $# -ne 1 ]; then
    echo "usage: $0 CACHE_DIR" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
repo_vm="$(dirname "$here")"                    # .../vm-images
init_src="$repo_vm/guest/init.sh"
exit_src="$repo_vm/guest/arm64-semihost-exit.S"
cache="$(mkdir -p "$1" && cd "$1" && pwd)"

key="$( { printf '%s\n' "$suite" "${packages[@]}"; cat "$0" "$here/lib/debian-mirror.sh" "$init_src" "$exit_src"; } \
        | sha256sum | cut -c1-16)"
root="$cache/rootfs-$key"
if [ -e "$root/.unbindlab-complete" ]; then
    ln -sfn "rootfs-$key" "$cache/rootfs"
    echo "arm64-rootfs.sh: $root is up to date"
    exit 0
fi

# --- Private apt configuration ------------------------------------------------------------
# The mirror the host already uses for bookworm (vm-images/host/lib/debian-mirror.sh).
mirror="$(host_debian_mirror)"
if [ -z "$mirror" ]; then
    echo "arm64-rootfs.sh: no Debian mirror found in /etc/apt/sources.list{,.d/*.sources}" >&2
    exit 2
fi

a="$cache/apt"
mkdir -p "$a/etc/apt.conf.d" "$a/etc/sources.list.d" "$a/etc/preferences.d" \
         "$a/state/lists/partial" "$a/cache/archives/partial" "$a/log"
: >"$a/state/status"
cat >"$a/etc/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite
Components: main
Architectures: arm64
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
# Only the host's Acquire settings that decide whether a download works at all (proxy,
# date checks of a frozen mirror) are carried over; no host hooks, no host state.
{
    echo "Dir::Etc \"$a/etc\";"
    echo "Dir::Etc::Parts \"apt.conf.d\";"
    echo "Dir::Etc::SourceList \"/dev/null\";"
    echo "Dir::Etc::SourceParts \"sources.list.d\";"
    echo "Dir::Etc::PreferencesParts \"preferences.d\";"
    echo "Dir::State \"$a/state\";"
    echo "Dir::State::status \"$a/state/status\";"
    echo "Dir::Cache \"$a/cache\";"
    echo "Dir::Log \"$a/log\";"
    echo "APT::Architecture \"arm64\";"
    echo "APT::Architectures { \"arm64\"; };"
    echo "APT::Install-Recommends \"false\";"
    echo "APT::Sandbox::User \"root\";"
    apt-config dump 2>/dev/null | grep -E '^Acquire::(Check-Valid-Until|Check-Date|https?::Proxy|Retries) ' || true
} >"$a/apt.conf"
export APT_CONFIG="$a/apt.conf"

apt-get -q update
# Only this package list's closure may end up in the rootfs: start from an empty archive.
apt-get -q clean
# Download the closure: with an empty status file apt resolves every Depends/Pre-Depends.
apt-get -q -y --download-only install "${packages[@]}"

# --- Unpack ---------------------------------------------------------------------------------
tmp="$cache/rootfs-$key.tmp"
rm -rf "$tmp"
mkdir -p "$tmp/usr/bin" "$tmp/usr/sbin" "$tmp/usr/lib"
# Merged /usr, as every trixie system has (the ELF interpreter is /lib/ld-linux-aarch64.so.1).
ln -s usr/bin "$tmp/bin"
ln -s usr/sbin "$tmp/sbin"
ln -s usr/lib "$tmp/lib"
n=0
for deb in "$a"/cache/archives/*.deb; do
    # tar --keep-directory-symlink so that ./bin, ./lib in a package keep the symlinks.
    dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$tmp"
    n=$((n + 1))
done
mkdir -p "$tmp/proc" "$tmp/sys" "$tmp/dev" "$tmp/tmp" "$tmp/run" "$tmp/root" "$tmp/etc"

# --- What the maintainer scripts would have done, as far as the guest needs it ------------
# dash postinst: /bin/sh. busybox-static: any tool not shipped by a real package.
ln -sf dash "$tmp/usr/bin/sh"
for t in awk basename cat chmod cp cut date dd df dirname du echo env false find grep head \
         hexdump id kill ln ls md5sum mkdir mknod mount mv nproc od printf ps pwd readlink rm \
         rmdir sed seq sha256sum sleep sort stat sync tail tee test timeout touch tr true \
         umount uname uniq wc xargs yes; do
    [ -e "$tmp/usr/bin/$t" ] || ln -s busybox "$tmp/usr/bin/$t"
done
for t in devmem poweroff reboot halt; do
    [ -e "$tmp/usr/sbin/$t" ] || ln -s ../bin/busybox "$tmp/usr/sbin/$t"
done
# openjdk-25-jre-headless postinst: update-alternatives for java, keytool, ...
jhome="$(ls -d "$tmp"/usr/lib/jvm/java-25-openjdk-arm64)"
for t in java jpackage keytool rmiregistry; do
    if [ -e "$jhome/bin/$t" ]; then
        ln -sfn "/usr/lib/jvm/java-25-openjdk-arm64/bin/$t" "$tmp/usr/bin/$t"
    fi
done
# ... and its Preferences API system root (created in postinst).
mkdir -p "$tmp/etc/.java/.systemPrefs"
touch "$tmp/etc/.java/.systemPrefs/.system.lock" "$tmp/etc/.java/.systemPrefs/.systemRootModFile"
# Not redone: ca-certificates(-java) postinst (/etc/ssl/certs/java/cacerts is generated by
# running keytool in the target). Only TLS needs it; java -version and the tool do not.
# Minimal identity files (base-files/base-passwd are not in the closure).
[ -e "$tmp/etc/passwd" ] || printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$tmp/etc/passwd"
[ -e "$tmp/etc/group" ] || printf 'root:x:0:\nnogroup:x:65534:\n' >"$tmp/etc/group"
[ -e "$tmp/etc/hostname" ] || echo unbindlab-arm64 >"$tmp/etc/hostname"
printf '127.0.0.1 localhost unbindlab-arm64\n' >"$tmp/etc/hosts"

# --- unbindlab guest pieces -----------------------------------------------------------------
install -D -m 0755 "$init_src" "$tmp/unbindlab/init.sh"
# Semihosting exit helper: ends QEMU with a status (QEMU -semihosting-config enable=on,userspace=on).
aarch64-linux-gnu-as -o "$cache/semihost-exit.o" "$exit_src"
aarch64-linux-gnu-ld -static -o "$tmp/unbindlab/semihost-exit" "$cache/semihost-exit.o"
rm -f "$cache/semihost-exit.o"

{
    printf 'suite %s\npackages %s\nmirror-derived-from /etc/apt\ndebs %s\n' \
        "$suite" "${packages[*]}" "$n"
    for deb in "$a"/cache/archives/*.deb; do basename "$deb"; done
} >"$tmp/.unbindlab-manifest"
touch "$tmp/.unbindlab-complete"
rm -rf "$root"
mv "$tmp" "$root"
ln -sfn "rootfs-$key" "$cache/rootfs"
echo "arm64-rootfs.sh: $root ($n packages, $(du -sm "$root" | cut -f1) MiB)"
