// SPDX-License-Identifier: MIT
/*
 * Layout blobs: decode and encode (lustre-abi.md §3.3-3.5, §4 client form,
 * §3.7 MDT form). Everything is little-endian on the wire and we only run
 * on little-endian hosts, so the packed structs are read in place.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/layout.h"

static int plain_hdr(uint32_t magic)
{
	switch (magic) {
	case LOV_MAGIC_V1:
		return 32;
	case LOV_MAGIC_V3:
	case LOV_MAGIC_SPECIFIC:
		return 48;
	}
	return 0;
}

/* The size a blob claims for itself (setxattr's ERANGE rule, §4). */
size_t emu_layout_implied_size(const void *buf, size_t len)
{
	const struct lov_md *v1 = buf;
	uint32_t magic;

	if (len < 4)
		return SIZE_MAX;
	magic = v1->lmm_magic;
	switch (magic) {
	case LOV_MAGIC_V1:
		return 32;
	case LOV_MAGIC_V3:
		return 48;
	case LOV_MAGIC_SPECIFIC:
		if (len < 32)
			return SIZE_MAX;
		return 48 + 24 * (size_t)(v1->lmm_stripe_count == 0xFFFF ? 0 :
						       v1->lmm_stripe_count);
	case LOV_MAGIC_COMP_V1:
	case LOV_MAGIC_SEL:
		return len < 8 ? SIZE_MAX : ((const struct lov_comp_md *)buf)->lcm_size;
	case LOV_MAGIC_FOREIGN:
		return len < 8 ? SIZE_MAX : 16 + (size_t)((const struct lov_foreign_md *)buf)->lfm_length;
	}
	return SIZE_MAX;
}

struct emu_layout *emu_layout_free(struct emu_layout *lo)
{
	if (!lo)
		return NULL;
	for (unsigned int i = 0; i < lo->ncomp; i++)
		free(lo->comps[i].objs);
	free(lo->comps);
	free(lo->raw);
	free(lo);
	return NULL;
}

/*
 * One plain (sub-)layout at p. room = bytes available for it; in a
 * composite the object count comes from the sub-layout size, in a plain
 * layout from lmm_stripe_count (tolerating missing objects: released files).
 */
static int decode_plain(const void *p, size_t room, int in_comp, struct emu_comp *c)
{
	const struct lov_md *v1 = p;
	size_t hdr, nfit;

	if (room < 32)
		return -ERANGE;
	hdr = (size_t)plain_hdr(v1->lmm_magic);
	if (!hdr)
		return -EINVAL;
	if (room < hdr)
		return -ERANGE;
	c->magic = v1->lmm_magic;
	c->pattern = v1->lmm_pattern;
	c->oi = v1->lmm_oi;
	c->stripe_size = v1->lmm_stripe_size;
	c->count = v1->lmm_stripe_count;
	c->off30 = v1->lmm_stripe_offset;
	memset(c->pool, 0, sizeof(c->pool));
	if (hdr == 48)
		memcpy(c->pool, ((const struct lov_md_v3 *)p)->lmm_pool_name, 16);
	nfit = (room - hdr) / 24;
	if (in_comp)
		c->nobj = (unsigned int)nfit;
	else
		c->nobj = c->count == 0xFFFF ? 0 : (c->count < nfit ? c->count : (unsigned int)nfit);
	if (c->nobj) {
		c->objs = malloc(c->nobj * sizeof(*c->objs));
		if (!c->objs)
			return -ENOMEM;
		memcpy(c->objs, (const char *)p + hdr, c->nobj * sizeof(*c->objs));
	}
	return 0;
}

static int decode_comp(const void *buf, size_t len, struct emu_layout *lo)
{
	const struct lov_comp_md *h = buf;
	const struct lov_comp_md_entry *e;

	if (len < sizeof(*h))
		return -ERANGE;
	if (h->lcm_size > len)
		return -ERANGE;
	len = h->lcm_size;
	if (!h->lcm_entry_count || sizeof(*h) + h->lcm_entry_count * sizeof(*e) > len)
		return -EINVAL;
	lo->magic = LOV_MAGIC_COMP_V1; /* SEL is stored as COMP_V1 */
	lo->gen = h->lcm_layout_gen;
	lo->flags = h->lcm_flags;
	lo->mirror_count = h->lcm_mirror_count;
	lo->ncomp = h->lcm_entry_count;
	lo->comps = calloc(lo->ncomp, sizeof(*lo->comps));
	if (!lo->comps)
		return -ENOMEM;
	e = (const void *)(h + 1);
	for (unsigned int i = 0; i < lo->ncomp; i++, e++) {
		struct emu_comp *c = &lo->comps[i];
		int rc;

		if ((uint64_t)e->lcme_offset + e->lcme_size > len || e->lcme_offset % 8 ||
		    e->lcme_offset < sizeof(*h) + lo->ncomp * sizeof(*e))
			return -EINVAL;
		c->id = e->lcme_id;
		c->flags = e->lcme_flags;
		c->start = e->lcme_start;
		c->end = e->lcme_end;
		c->lcme_gen = e->lcme_layout_gen;
		c->timestamp = e->lcme_timestamp;
		rc = decode_plain((const char *)buf + e->lcme_offset, e->lcme_size, 1, c);
		if (rc)
			return rc == -ERANGE ? -EINVAL : rc;
	}
	return 0;
}

/* -ERANGE: shorter than it says; -EINVAL: not a layout we know */
int emu_layout_decode(const void *buf, size_t len, struct emu_layout **ret)
{
	struct emu_layout *lo;
	uint32_t magic;
	int rc;

	if (len < 4)
		return -ERANGE;
	magic = *(const uint32_t *)buf;
	lo = calloc(1, sizeof(*lo));
	if (!lo)
		return -ENOMEM;
	if (magic == LOV_MAGIC_COMP_V1 || magic == LOV_MAGIC_SEL) {
		rc = decode_comp(buf, len, lo);
	} else if (magic == LOV_MAGIC_FOREIGN) {
		size_t need = emu_layout_implied_size(buf, len);

		rc = need > len || len < 16 ? -ERANGE : 0;
		lo->magic = magic;
		lo->rawlen = need;
		if (!rc && !(lo->raw = malloc(need)))
			rc = -ENOMEM;
		if (!rc)
			memcpy(lo->raw, buf, need);
	} else if (plain_hdr(magic)) {
		lo->magic = magic;
		lo->ncomp = 1;
		lo->comps = calloc(1, sizeof(*lo->comps));
		rc = lo->comps ? decode_plain(buf, len, 0, &lo->comps[0]) : -ENOMEM;
		if (!rc) {
			lo->comps[0].start = 0;
			lo->comps[0].end = LUSTRE_EOF;
		}
	} else {
		rc = -EINVAL;
	}
	if (rc) {
		emu_layout_free(lo);
		return rc;
	}
	*ret = lo;
	return 0;
}

static int comp_released(const struct emu_comp *c)
{
	return !!(c->pattern & LOV_PATTERN_F_RELEASED);
}

/* objects written for component c in the given form */
static unsigned int form_nobj(const struct emu_layout *lo, const struct emu_comp *c,
			      enum emu_form form)
{
	if (form == EMU_FORM_MDT || lo->magic != LOV_MAGIC_COMP_V1)
		return c->nobj;
	if (!(c->flags & LCME_FL_INIT) || comp_released(c))
		return 0;
	return c->nobj;
}

static size_t sub_size(const struct emu_comp *c, unsigned int nobj)
{
	uint32_t magic = c->magic == LOV_MAGIC_SPECIFIC ? LOV_MAGIC_V3 : c->magic;

	return (size_t)plain_hdr(magic) + 24 * (size_t)nobj;
}

static void put_plain(char *p, const struct emu_layout *lo, const struct emu_comp *c,
		      enum emu_form form, unsigned int nobj)
{
	struct lov_md *v1 = (void *)p;
	int composite = lo->magic == LOV_MAGIC_COMP_V1;
	size_t hdr = sub_size(c, 0);

	v1->lmm_magic = c->magic == LOV_MAGIC_SPECIFIC ? LOV_MAGIC_V3 : c->magic;
	v1->lmm_pattern = c->pattern;
	v1->lmm_oi = c->oi;
	v1->lmm_stripe_size = c->stripe_size;
	v1->lmm_stripe_count = c->count;
	v1->lmm_stripe_offset = c->off30;
	if (composite && form != EMU_FORM_MDT)
		memset(&v1->lmm_oi, 0, sizeof(v1->lmm_oi));
	if (!composite && form == EMU_FORM_XATTR)
		v1->lmm_stripe_offset = 0; /* layout generation hidden (§4) */
	if (hdr == 48)
		memcpy(((struct lov_md_v3 *)p)->lmm_pool_name, c->pool, 16);
	if (nobj)
		memcpy(p + hdr, c->objs, nobj * sizeof(*c->objs));
}

int emu_layout_encode(const struct emu_layout *lo, enum emu_form form, void **ret,
		      size_t *ret_len)
{
	size_t len, off;
	char *buf;

	if (lo->magic == LOV_MAGIC_FOREIGN) {
		if (!(buf = malloc(lo->rawlen)))
			return -ENOMEM;
		memcpy(buf, lo->raw, lo->rawlen);
		*ret = buf;
		*ret_len = lo->rawlen;
		return 0;
	}
	if (lo->magic != LOV_MAGIC_COMP_V1) {
		const struct emu_comp *c = &lo->comps[0];

		len = sub_size(c, c->nobj);
		if (!(buf = calloc(1, len)))
			return -ENOMEM;
		put_plain(buf, lo, c, form, c->nobj);
		*ret = buf;
		*ret_len = len;
		return 0;
	}
	len = sizeof(struct lov_comp_md) + lo->ncomp * sizeof(struct lov_comp_md_entry);
	for (unsigned int i = 0; i < lo->ncomp; i++)
		len += sub_size(&lo->comps[i], form_nobj(lo, &lo->comps[i], form));
	if (!(buf = calloc(1, len)))
		return -ENOMEM;
	struct lov_comp_md *h = (void *)buf;
	struct lov_comp_md_entry *e = (void *)(h + 1);

	h->lcm_magic = LOV_MAGIC_COMP_V1;
	h->lcm_size = (uint32_t)len;
	h->lcm_layout_gen = lo->gen;
	h->lcm_flags = lo->flags;
	h->lcm_entry_count = (uint16_t)lo->ncomp;
	h->lcm_mirror_count = lo->mirror_count;
	off = sizeof(*h) + lo->ncomp * sizeof(*e);
	for (unsigned int i = 0; i < lo->ncomp; i++, e++) {
		const struct emu_comp *c = &lo->comps[i];
		unsigned int nobj = form_nobj(lo, c, form);

		e->lcme_id = c->id;
		e->lcme_flags = c->flags;
		e->lcme_start = c->start;
		e->lcme_end = c->end;
		e->lcme_offset = (uint32_t)off;
		e->lcme_size = (uint32_t)sub_size(c, nobj);
		e->lcme_layout_gen = c->lcme_gen;
		e->lcme_timestamp = c->timestamp;
		put_plain(buf + off, lo, c, form, nobj);
		off += e->lcme_size;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

int emu_layout_is_released(const struct emu_layout *lo)
{
	for (unsigned int i = 0; i < lo->ncomp; i++)
		if (comp_released(&lo->comps[i]))
			return 1;
	return 0;
}

/* lustre-abi.md §9.1: FSx's root default, lmm_oi zero */
int emu_layout_default_blob(void *buf, size_t len)
{
	static const struct {
		uint64_t end;
		uint16_t count;
	} c[4] = {
		{ 104857600ull, 1 },
		{ 10737418240ull, 8 },
		{ 107374182400ull, 16 },
		{ LUSTRE_EOF, 32 },
	};
	struct lov_comp_md *h = buf;
	struct lov_comp_md_entry *e = (void *)(h + 1);
	uint64_t start = 0;

	if (len < 352)
		return -ERANGE;
	memset(buf, 0, 352);
	h->lcm_magic = LOV_MAGIC_COMP_V1;
	h->lcm_size = 352;
	h->lcm_entry_count = 4;
	for (int i = 0; i < 4; i++) {
		struct lov_md *v1 = (void *)((char *)buf + 224 + 32 * i);

		e[i].lcme_start = start;
		e[i].lcme_end = c[i].end;
		e[i].lcme_offset = (uint32_t)(224 + 32 * i);
		e[i].lcme_size = 32;
		v1->lmm_magic = LOV_MAGIC_V1;
		v1->lmm_pattern = LOV_PATTERN_RAID0;
		v1->lmm_stripe_count = c[i].count;
		v1->lmm_stripe_offset = LOV_OFFSET_DEFAULT;
		start = c[i].end;
	}
	return 352;
}
