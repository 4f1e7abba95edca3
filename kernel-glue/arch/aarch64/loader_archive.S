// The boot archive (CPIO newc: kernel, DTB, root task) linked into the loader image. Built by buildsys.
	.section .smos_archive, "a"
	.balign 16
	.globl __archive_start
	.globl __archive_end
__archive_start:
	.incbin "smos-boot.cpio"
__archive_end:
