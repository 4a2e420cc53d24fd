/* SPDX-License-Identifier: MIT */
/*
 * The lustre.lov blob reader: any bytes must be either rejected by
 * layout_check() or printed (lfs text, YAML, JSON) without reading past
 * the blob. The first byte picks the printing options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "layout/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned sels[] = { VERBOSE_DEFAULT, VERBOSE_DEFAULT | VERBOSE_DETAIL,
					 VERBOSE_STRIPE_COUNT, VERBOSE_OBJID, VERBOSE_GENERATION,
					 VERBOSE_STRIPE_OFFSET, VERBOSE_COMP_ID | VERBOSE_STRIPE_COUNT };
	struct lov_print p = { .depth = 1, .path = "f", .obd_index = -1 };
	struct fsx_why why;
	FILE *out;
	uint8_t *blob;
	uint8_t opt;

	if (size < 1)
		return 0;
	opt = data[0];
	data++, size--;
	blob = malloc(size ? size : 1); /* exact size: ASan catches any over-read */
	memcpy(blob, data, size);
	p.is_dir = opt & 1;
	p.yaml = opt & 2;
	p.raw = opt & 4;
	p.forge_composite = opt & 8;
	p.verbose = sels[(opt >> 4) % (sizeof(sels) / sizeof(sels[0]))];
	p.def_stripe_count = 1;
	p.def_stripe_size = 1048576;
	if (opt & 0x80) {
		p.check_comp_flags = true;
		p.comp_flags = LCME_FL_INIT;
	}
	out = fopen("/dev/null", "w");
	if (layout_check(blob, size, p.is_dir, &why) == 0) {
		layout_print_lfs(out, blob, size, &p);
		layout_print_json(out, blob, size, p.is_dir);
	}
	fclose(out);
	free(blob);
	return 0;
}
