/* SPDX-License-Identifier: MIT */
/*
 * Structural checks of a lustre.lov blob before anything reads it: every
 * header, entry, sub-layout and object that will be read lies inside the
 * buffer. A corrupt or truncated blob is reported, never read past.
 */
#include <errno.h>
#include <string.h>
#include "layout/layout.h"

static uint32_t rd32(const uint8_t *b, size_t o)
{
	uint32_t v;

	memcpy(&v, b + o, 4);
	return v;
}

static uint16_t rd16(const uint8_t *b, size_t o)
{
	uint16_t v;

	memcpy(&v, b + o, 2);
	return v;
}

static bool objects_needed(uint32_t pattern)
{
	return !(pattern & LOV_PATTERN_F_RELEASED) &&
	       (pattern & ~LOV_PATTERN_F_MASK) != LOV_PATTERN_MDT;
}

static int check_plain(const uint8_t *b, size_t len, bool need_objs,
		       const char *what, struct fsx_why *why)
{
	uint32_t magic;
	size_t hdr;
	uint16_t count;

	if (len < 32)
		return why_set(why, -EBADMSG, "corrupt layout: %s of %zu bytes is shorter than a 32-byte header", what, len);
	magic = rd32(b, 0);
	if (magic != LOV_MAGIC_V1 && magic != LOV_MAGIC_V3 && magic != LOV_MAGIC_SPECIFIC)
		return why_set(why, -EBADMSG, "corrupt layout: %s has unknown magic 0x%08X", what, magic);
	hdr = magic == LOV_MAGIC_V1 ? 32 : 48;
	if (len < hdr)
		return why_set(why, -EBADMSG, "corrupt layout: %s is a V3 layout of %zu bytes, shorter than 48", what, len);
	count = rd16(b, 28);
	if (need_objs && objects_needed(rd32(b, 4)) && count != 0xFFFF &&
	    hdr + 24 * (size_t)count > len)
		return why_set(why, -EBADMSG, "corrupt layout: %s has %u stripes, blob ends at byte %zu", what, count, len);
	return 0;
}

static int check_comp(const uint8_t *b, size_t len, bool is_dir,
		      struct fsx_why *why)
{
	uint32_t size;
	uint16_t n;
	char what[48];

	if (len < 32)
		return why_set(why, -EBADMSG, "corrupt layout: composite header truncated at byte %zu", len);
	size = rd32(b, 4);
	n = rd16(b, 14);
	if (size > len)
		return why_set(why, -EBADMSG, "corrupt layout: lcm_size %u, blob ends at byte %zu", size, len);
	if (32 + 48 * (size_t)n > len)
		return why_set(why, -EBADMSG, "corrupt layout: %u components, blob ends at byte %zu", n, len);
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *e = b + 32 + 48 * (size_t)i;
		uint32_t off = rd32(e, 24), sz = rd32(e, 28), flags = rd32(e, 4);
		uint64_t start, end;
		int rc;

		memcpy(&start, e + 8, 8);
		memcpy(&end, e + 16, 8);
		snprintf(what, sizeof(what), "component %u", i + 1);
		if (off < 32 + 48 * (size_t)n || (size_t)off + sz > len || off % 8)
			return why_set(why, -EBADMSG, "corrupt layout: %s sub-layout at byte %u (%u bytes) lies outside the %zu-byte blob", what, off, sz, len);
		if (start > end)
			return why_set(why, -EBADMSG, "corrupt layout: %s extent [%llu, %llu) is inverted", what, (unsigned long long)start, (unsigned long long)end);
		rc = check_plain(b + off, sz, !is_dir && (flags & LCME_FL_INIT), what, why);
		if (rc)
			return rc;
	}
	return 0;
}

int layout_check(const void *blob, size_t len, bool is_dir, struct fsx_why *why)
{
	const uint8_t *b = blob;

	if (len < 4)
		return why_set(why, -EBADMSG, "corrupt layout: %zu bytes, too short for a magic", len);
	switch (rd32(b, 0)) {
	case LOV_MAGIC_COMP_V1:
		return check_comp(b, len, is_dir, why);
	case LOV_MAGIC_V1:
	case LOV_MAGIC_V3:
	case LOV_MAGIC_SPECIFIC:
		return check_plain(b, len, !is_dir, "layout", why);
	case LOV_MAGIC_FOREIGN:
		return why_set(why, -EOPNOTSUPP, "foreign layout (not printed)");
	default:
		return why_set(why, -EBADMSG, "corrupt layout: unknown magic 0x%08X", rd32(b, 0));
	}
}
