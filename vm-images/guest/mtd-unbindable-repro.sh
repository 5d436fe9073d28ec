#!/bin/sh
# Guest script (unbindlab.script=...): unbind the mtd-unbindable test driver while
# /dev/mtdN is open or being read, then bind it again. Needs the mtd-unbindable module
# (modprobe from unbindlab.modules, or MTDU_KO=/path/to/mtd-unbindable.ko).
#
# Kernel command line knobs (plain words, no dot, so the kernel leaves them alone):
#   repro_mode=all|held|ops|blkpg|inflight|loop   which cases to run (default all)
#                                       (ops: every file operation on an fd held across unbind;
#                                       blkpg: partitions added with mtdpart, deleted with an fd
#                                       open on them, then the master unbound)
#   repro_cycles=N                      unbind/bind cycles of the cat loop case (default 20)
#   repro_delay=MS                      read_delay_ms during the cat loop case (default 5: a
#                                       slow flash, so that reads are in flight at the unbind)
#   repro_ko=PATH                       insmod PATH instead of modprobe mtd-unbindable
#   repro_parts=N                       load with nr_parts=N: the cases use the first partition
# Per case it prints "repro: <case> ..." lines with the errno readers saw, and
# "repro: kasan-reports N" at the end (count of "BUG: KASAN" in dmesg).

drv=/sys/bus/platform/drivers/mtd-unbindable
pdev=mtd-unbindable.0
out=${UNBINDLAB_RESULTS:-/tmp}/repro.log

arg() {
    tr ' ' '\n' </proc/cmdline | sed -n "s/^$1=//p" | tail -n 1
}
mode=$(arg repro_mode); mode=${mode:-all}
cycles=$(arg repro_cycles); cycles=${cycles:-20}
delay=$(arg repro_delay); delay=${delay:-5}
ko=$(arg repro_ko); ko=${ko:-$MTDU_KO}
parts=$(arg repro_parts); parts=${parts:-0}
here=$(dirname "$0")

say() {
    echo "repro: $*"
    echo "repro: $*" >>"$out"
}

kasan() {
    dmesg | grep -c 'BUG: KASAN'
}

mtdnum() {
    sed -n 's/^mtd\([0-9]*\):.*"mtd-unbindable\(-p0\)\{0,1\}"$/\1/p' /proc/mtd | head -n 1
}

if [ -n "$ko" ]; then
    insmod "$ko" nr_parts="$parts" || exit 2
else
    modprobe mtd-unbindable nr_parts="$parts" || exit 2
fi
params=/sys/module/mtd_unbindable/parameters
n=$(mtdnum)
[ -n "$n" ] || { say "no mtd-unbindable in /proc/mtd"; exit 2; }
say "kernel $(uname -r) mode $mode cycles $cycles parts $parts: /dev/mtd$n"

unbind() { echo $pdev >$drv/unbind; }
bind() {
    echo $pdev >$drv/bind
    n=$(mtdnum)
    if [ -z "$n" ] || ! dd if=/dev/mtd$n of=/dev/null bs=64k count=16 2>/dev/null; then
        say "rebind: /dev/mtd$n not readable"
        return 1
    fi
    return 0
}

held() {
    exec 3</dev/mtd"$n"
    unbind
    dd bs=4096 count=1 of=/dev/null <&3 2>"$UNBINDLAB_RESULTS/held.err"
    say "held: read after unbind: status $? '$(head -n 1 "$UNBINDLAB_RESULTS/held.err")'"
    dd bs=1 count=1 skip=4096 of=/dev/null <&3 2>"$UNBINDLAB_RESULTS/held.err"
    say "held: seek+read after unbind: status $? '$(head -n 1 "$UNBINDLAB_RESULTS/held.err")'"
    exec 3<&-
    say "held: closed; kasan $(kasan)"
    bind && say "held: rebind ok: /dev/mtd$n readable"
}

ops() {
    python3 "$here/mtd-unbindable-ops.py" /dev/mtd"$n" $drv/unbind $pdev >"$UNBINDLAB_RESULTS/ops.out" 2>&1
    st=$?
    while read -r line; do say "$line"; done <"$UNBINDLAB_RESULTS/ops.out"
    say "ops: status $st; kasan $(kasan)"
    bind && say "ops: rebind ok: /dev/mtd$n readable"
}

partnum() {
    sed -n "s/^mtd\\([0-9]*\\):.*\"$1\"\$/\\1/p" /proc/mtd | head -n 1
}

blkpg() {
    mtdpart add /dev/mtd"$n" blkpg-a 0 262144 || { say "blkpg: mtdpart add failed"; return; }
    a=$(partnum blkpg-a)
    exec 4</dev/mtd"$a"
    mtdpart del /dev/mtd"$n" "$a"
    say "blkpg: mtdpart del mtd$a with an fd open: status $?"
    dd bs=4096 count=1 of=/dev/null <&4 2>"$UNBINDLAB_RESULTS/blkpg.err"
    say "blkpg: read on deleted partition: status $? '$(head -n 1 "$UNBINDLAB_RESULTS/blkpg.err")'"
    exec 4<&-
    mtdpart add /dev/mtd"$n" blkpg-b 262144 262144 || { say "blkpg: mtdpart add failed"; return; }
    b=$(partnum blkpg-b)
    exec 4</dev/mtd"$b"
    unbind
    dd bs=4096 count=1 of=/dev/null <&4 2>"$UNBINDLAB_RESULTS/blkpg.err"
    say "blkpg: read on partition mtd$b after master unbind: status $? '$(head -n 1 "$UNBINDLAB_RESULTS/blkpg.err")'"
    exec 4<&-
    say "blkpg: closed; kasan $(kasan)"
    bind && say "blkpg: rebind ok: /dev/mtd$n readable"
}

inflight() {
    echo 300 >$params/read_delay_ms
    dd if=/dev/mtd"$n" of=/dev/null bs=64k count=16 2>"$UNBINDLAB_RESULTS/inflight.err" &
    pid=$!
    sleep 1
    unbind
    wait $pid
    st=$?
    say "inflight: dd status $st '$(head -n 1 "$UNBINDLAB_RESULTS/inflight.err")'; kasan $(kasan)"
    echo 0 >$params/read_delay_ms
    bind && say "inflight: rebind ok: /dev/mtd$n readable"
}

loop() {
    i=0
    ok=0
    : >"$UNBINDLAB_RESULTS/loop.err"
    echo "$delay" >$params/read_delay_ms
    while [ $i -lt "$cycles" ]; do
        i=$((i + 1))
        pids=
        for r in 1 2; do
            (while :; do cat /dev/mtd"$n" >/dev/null 2>>"$UNBINDLAB_RESULTS/loop.err"; done) &
            pids="$pids $!"
        done
        sleep 0.3
        unbind
        sleep 0.2
        # shellcheck disable=SC2086
        kill $pids
        # shellcheck disable=SC2086
        wait $pids 2>/dev/null
        bind || break
        ok=$i
        echo "$delay" >$params/read_delay_ms
        k=$(kasan)
        [ "$k" -gt 0 ] && { say "loop: KASAN after cycle $i"; break; }
    done
    echo 0 >$params/read_delay_ms
    say "loop: $ok of $cycles cycles (read_delay_ms $delay) done; reader errors: $(grep -o '[A-Z][a-z][a-z ]*$' "$UNBINDLAB_RESULTS/loop.err" | sort | uniq -c | sed 's/^ *//' | tr '\n' ';')"
}

case $mode in
all) held; ops; blkpg; inflight; loop ;;
*) $mode ;;
esac
say "kasan-reports $(kasan)"
rmmod mtd_unbindable && say "rmmod ok"
exit 0
