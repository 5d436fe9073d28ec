// unbindlab: end QEMU with an exit status on arm64 guests.
//
//   semihost-exit STATUS        (decimal 0..255; anything else counts its digits only)
//
// Issues the Arm semihosting call SYS_EXIT (0x18) with reason ADP_Stopped_ApplicationExit
// (0x20026) and STATUS as subcode, which makes QEMU exit at once with STATUS as its own
// exit status. QEMU honours it only with -semihosting-config enable=on,target=native,
// userspace=on (the call comes from EL0). Without that, HLT #0xf000 is an undefined
// instruction at EL0 and the kernel kills this process with SIGILL (shell status 132), so
// the caller can fall back to another way out. Static, no libc.
//
// Build: aarch64-linux-gnu-as -o x.o arm64-semihost-exit.S && aarch64-linux-gnu-ld -static -o semihost-exit x.o

	.text
	.globl	_start
_start:
	ldr	x9, [sp]		// argc
	mov	x2, #0			// status
	cmp	x9, #2
	b.lt	2f
	ldr	x3, [sp, #16]		// argv[1]
1:	ldrb	w4, [x3], #1
	sub	w4, w4, #'0'
	cmp	w4, #9
	b.hi	2f			// NUL or non-digit ends the number
	mov	x5, #10
	madd	x2, x2, x5, x4
	b	1b
2:	and	x2, x2, #0xff
	adr	x1, block
	mov	x6, #0x0026
	movk	x6, #0x2, lsl #16	// ADP_Stopped_ApplicationExit
	stp	x6, x2, [x1]
	mov	w0, #0x18		// SYS_EXIT
	hlt	#0xf000
	// Semihosting call returned (should not happen): exit(125).
	mov	x0, #125
	mov	x8, #93			// __NR_exit
	svc	#0

	.data
	.balign	8
block:	.quad	0, 0
