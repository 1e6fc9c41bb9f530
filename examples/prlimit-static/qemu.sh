# Sourced by test.sh and pid1.sh: `qemu_for TARGET` prints the qemu-user program that runs the
# tool built for TARGET, or nothing where it runs natively (x86_64). One line per architecture.
qemu_for() {
    case $1 in
    x86_64-*) ;;
    aarch64-*) echo qemu-aarch64 ;;
    riscv64*) echo qemu-riscv64 ;;
    armv7-*) echo qemu-arm ;;
    i686-*) echo qemu-i386 ;;
    powerpc64le-*) echo qemu-ppc64le ;;
    s390x-*) echo qemu-s390x ;;
    loongarch64-*) echo qemu-loongarch64 ;;
    mipsel-*) echo qemu-mipsel ;;
    mips64el-*) echo qemu-mips64el ;;
    *) echo "qemu.sh: no qemu-user program known for $1" >&2; return 1 ;;
    esac
}
