# shellcheck shell=bash
# Sourced by the host scripts. host_debian_mirror prints the Debian mirror the host already
# uses for bookworm itself, so extra suites (and the arm64 rootfs) come from the same place
# and no mirror name is written into this repository. deb822 files first: the URIs of the
# stanza whose Suites list bookworm (not a third-party or security repo); then the first
# non-security deb line of sources.list. Prints nothing if neither has one.
host_debian_mirror() {
    local mirror
    mirror="$(awk 'BEGIN { RS = "" } /(^|\n)Suites:[^\n]*[ \t]bookworm([ \t]|\n|$)/ && !/security/ {
                     if (match($0, /(^|\n)URIs:[ \t]*[^ \t\n]+/)) { u = substr($0, RSTART, RLENGTH); sub(/.*URIs:[ \t]*/, "", u); print u; exit } }' \
               /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
    if [ -z "$mirror" ]; then
        mirror="$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list 2>/dev/null || true)"
    fi
    printf '%s' "$mirror"
}
