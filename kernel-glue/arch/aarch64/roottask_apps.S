// The apps archive (CPIO newc: one ELF per app plus the init list) linked into the root task. Built by buildsys,
// which assembles this file with -I out/image after writing out/image/apps.cpio.
	.section .smos_apps, "a"
	// A page boundary: buildsys page-aligns each app's ELF inside the archive, so its pages are page-aligned in memory.
	.balign 4096
	.globl __apps_start
	.globl __apps_end
__apps_start:
	.incbin "apps.cpio"
__apps_end:

	.text
// void smos_apps_bounds(byte** start, byte** end)
	.globl smos_apps_bounds
smos_apps_bounds:
	adrp	x2, __apps_start
	add	x2, x2, :lo12:__apps_start
	str	x2, [x0]
	adrp	x2, __apps_end
	add	x2, x2, :lo12:__apps_end
	str	x2, [x1]
	ret

// byte* smos_image_start(void): the root task's first page (roottask.ld), where the kernel's userImageFrames begin
	.globl smos_image_start
smos_image_start:
	adrp	x0, __image_start
	add	x0, x0, :lo12:__image_start
	ret
