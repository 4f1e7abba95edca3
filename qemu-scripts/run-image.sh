#!/usr/bin/env bash
# Boots an already built SmosSharp image in QEMU with the machine the seL4 configuration needs (no rebuild).
#   qemu-scripts/run-image.sh [IMAGE] [--el2] [--gdb] [--icount]
# IMAGE defaults to out/smos-image.elf. --el2 starts the CPU at EL2 (the loader drops to EL1), --gdb waits for
# gdb-multiarch on tcp::1234, --icount makes instruction counts deterministic (docs/performance.md).
set -euo pipefail
image=out/smos-image.elf
virt=off
extra=()
for arg in "$@"; do
    case "$arg" in
        --el2) virt=on ;;
        --gdb) extra+=(-S -gdb tcp::1234) ;;
        --icount) extra+=(-icount shift=0,sleep=off) ;;
        -*) echo "run-image.sh: unknown option $arg" >&2; exit 2 ;;
        *) image=$arg ;;
    esac
done
[ -f "$image" ] || { echo "run-image.sh: $image not found: build it with ./smos image" >&2; exit 2; }
echo "run-image.sh: Ctrl-A X quits QEMU" >&2
exec qemu-system-aarch64 -machine "virt,virtualization=$virt,secure=off,gic-version=2" -cpu cortex-a53 -m 1024 \
    -nographic -serial mon:stdio -kernel "$image" "${extra[@]}"
