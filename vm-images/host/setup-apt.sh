#!/usr/bin/env bash
# Host setup for the unbindlab VM pipeline on Debian 12 (bookworm), as root.
#
# Adds bookworm-backports, trixie and trixie-backports as apt sources pinned low,
# so that no package already on the host is upgraded from them, then installs the
# kernel source tarball, the kernel build dependencies, QEMU and the MTD tools.
#
# Idempotent: running it again rewrites the same two files and installs nothing new.
#
# Environment:
#   UNBINDLAB_KERNEL_SERIES   kernel source package series (default 7.3)
#   UNBINDLAB_SRC_DEB_DIR     where the linux-source .deb is kept when it has to be
#                             extracted rather than installed (default ~/.cache/unbindlab/debs)
set -euo pipefail
# shellcheck source=lib/debian-mirror.sh
source "$(dirname "$(readlink -f "$0")")/lib/debian-mirror.sh"

series="${UNBINDLAB_KERNEL_SERIES:-7.3}"
deb_dir="${UNBINDLAB_SRC_DEB_DIR:-$HOME/.cache/unbindlab/debs}"
sources_file=/etc/apt/sources.list.d/unbindlab.sources
prefs_file=/etc/apt/preferences.d/unbindlab

if [ "$(id -u)" -ne 0 ]; then
    echo "setup-apt.sh: must run as root" >&2
    exit 2
fi
if ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release; then
    echo "setup-apt.sh: expects Debian 12 (bookworm)" >&2
    exit 2
fi

# The mirror the host already uses for bookworm (vm-images/host/lib/debian-mirror.sh).
mirror="$(host_debian_mirror)"
if [ -z "$mirror" ]; then
    echo "setup-apt.sh: no Debian mirror found in /etc/apt/sources.list{,.d/*.sources}" >&2
    exit 2
fi

new_sources="$(cat <<EOF
# Written by unbindlab vm-images/host/setup-apt.sh; pinned low in $prefs_file.
Types: deb
URIs: $mirror
Suites: bookworm-backports trixie trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
)"

# Priorities below 500 never replace a version that came from bookworm. bookworm-backports (100)
# is the only suite we take whole packages from (QEMU >= 9 for the arm64 machine); trixie and
# trixie-backports stay below it, so a trixie version is only ever the candidate for a package
# no other suite has (linux-source-7.3) or a dependency bookworm cannot satisfy. With equal
# priorities apt would prefer trixie-backports' newer QEMU, which needs trixie's libc.
new_prefs="$(cat <<'EOF'
# Written by unbindlab vm-images/host/setup-apt.sh.
# Nothing from these suites upgrades a package that bookworm provides; only packages
# asked for by name (and dependencies bookworm cannot satisfy) come from them.
Package: *
Pin: release n=bookworm-backports
Pin-Priority: 100

Package: *
Pin: release n=trixie-backports
Pin-Priority: 50

Package: *
Pin: release n=trixie
Pin-Priority: 40
EOF
)"

changed=0
if [ "$(cat "$sources_file" 2>/dev/null || true)" != "$new_sources" ]; then
    printf '%s\n' "$new_sources" >"$sources_file"
    changed=1
fi
if [ "$(cat "$prefs_file" 2>/dev/null || true)" != "$new_prefs" ]; then
    printf '%s\n' "$new_prefs" >"$prefs_file"
    changed=1
fi

# Refresh the lists when the sources changed or the lists for them are missing or stale
# (more than a day old).
lists_fresh=0
if compgen -G '/var/lib/apt/lists/*_dists_trixie-backports_InRelease' >/dev/null \
    && [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*_dists_trixie-backports_InRelease' -mmin -1440)" ]; then
    lists_fresh=1
fi
if [ "$changed" -eq 1 ] || [ "$lists_fresh" -eq 0 ]; then
    apt-get update -q
fi

export DEBIAN_FRONTEND=noninteractive

# Kernel build dependencies and guest tooling, all from bookworm.
#   build-essential bc bison flex libelf-dev libssl-dev cpio kmod: kernel and module builds
#   dwarves: pahole, only needed if BTF is ever enabled; cheap to have
#   xz-utils: unpacks the linux-source tarball
#   mtd-utils: mtdinfo, mtd_debug, nanddump, flash_erase, nandwrite in the guests
#   busybox-static: devmem, and a fallback shell, for the guest init
#   git: applies the kernel variants' patch series
#   e2fsprogs: mkfs.ext4 for the MMC scenarios' card images (made on the host per run)
#   chromium: renders the matrix report headless (its screenshot, and the test of what it shows)
#   gcc-aarch64-linux-gnu: the arm64 guest kernel (and, through its binutils, the guest's
#       semihosting exit helper); device-tree-compiler: the arm64 board's device tree
apt-get install -y -q --no-install-recommends \
    build-essential bc bison flex libelf-dev libssl-dev dwarves cpio kmod xz-utils \
    mtd-utils busybox-static git e2fsprogs chromium gcc-aarch64-linux-gnu device-tree-compiler
# QEMU from bookworm-backports (10.0): the arm64 lane needs >= 9.0 (xlnx-versal-virt's OSPI);
# x86 and arm come from the same suite because they share qemu-system-common.
apt-get install -y -q --no-install-recommends -t bookworm-backports qemu-system-x86 qemu-system-arm

# The kernel source. Prefer a normal install (it lands in /usr/src/linux-source-$series.tar.xz);
# if its dependencies cannot be met on bookworm, download the .deb and extract the tarball.
pkg="linux-source-$series"
tarball="/usr/src/linux-source-$series.tar.xz"
if [ -e "$tarball" ]; then
    echo "setup-apt.sh: $tarball already present"
elif apt-get install -y -q --no-install-recommends "$pkg"; then
    echo "setup-apt.sh: installed $pkg"
else
    echo "setup-apt.sh: installing $pkg failed; extracting its .deb instead" >&2
    mkdir -p "$deb_dir"
    (cd "$deb_dir" && apt-get download "$pkg")
    deb="$(ls -t "$deb_dir"/"${pkg}"_*.deb | head -n 1)"
    dpkg-deb -x "$deb" "$deb_dir/root"
    install -D -m 0644 "$deb_dir/root/usr/src/linux-source-$series.tar.xz" "$tarball"
fi

echo "setup-apt.sh: versions"
dpkg-query -W -f='  ${Package} ${Version}\n' \
    qemu-system-x86 qemu-system-arm mtd-utils busybox-static dwarves e2fsprogs chromium "$pkg" 2>/dev/null || true
ls -l "$tarball"
