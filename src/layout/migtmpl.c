/* SPDX-License-Identifier: MIT */
/* A file's own layout turned back into a layout to create a file with. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "layout/layout.h"
#include "layout/migrate.h"

#define KEEP_COMP_FLAGS (LCME_FL_PREF_RW | LCME_FL_NOSYNC)

static const struct lov_user_md_v1 *sub_of(const void *blob, size_t len,
					   const struct lov_comp_md_entry_v1 *e)
{
	if (e->lcme_offset > len || len - e->lcme_offset < sizeof(struct lov_user_md_v1))
		return NULL;
	return (const void *)((const uint8_t *)blob + e->lcme_offset);
}

bool layout_is_released(const void *blob, size_t len)
{
	const struct lov_user_md_v1 *v1 = blob;
	const struct lov_comp_md_v1 *c = blob;

	if (len < sizeof(*v1))
		return false;
	if (v1->lmm_magic != LOV_MAGIC_COMP_V1)
		return (v1->lmm_pattern & LOV_PATTERN_F_RELEASED) != 0;
	for (unsigned i = 0; i < c->lcm_entry_count; i++) {
		const struct lov_user_md_v1 *s;

		if (sizeof(*c) + (i + 1) * sizeof(c->lcm_entries[0]) > len)
			break;
		s = sub_of(blob, len, &c->lcm_entries[i]);
		if (s && (s->lmm_pattern & LOV_PATTERN_F_RELEASED))
			return true;
	}
	return false;
}

/* One plain layout without objects: 32 bytes (V1) or 48 (V3, a pool). */
static size_t plain(const struct lov_user_md_v1 *in, uint8_t *out)
{
	struct lov_user_md_v3 *o = (void *)out;
	size_t n = in->lmm_magic == LOV_MAGIC_V3 ? sizeof(struct lov_user_md_v3) :
						  sizeof(struct lov_user_md_v1);

	memset(out, 0, n);
	o->lmm_magic = in->lmm_magic == LOV_MAGIC_V3 ? LOV_MAGIC_V3 : LOV_MAGIC_V1;
	o->lmm_pattern = in->lmm_pattern & ~LOV_PATTERN_F_MASK;
	if (!o->lmm_pattern)
		o->lmm_pattern = LOV_PATTERN_RAID0;
	o->lmm_stripe_size = in->lmm_stripe_size;
	o->lmm_stripe_count = in->lmm_stripe_count;
	o->lmm_stripe_offset = LOV_OFFSET_DEFAULT;
	if (o->lmm_magic == LOV_MAGIC_V3)
		memcpy(o->lmm_pool_name, ((const struct lov_user_md_v3 *)in)->lmm_pool_name,
		       LOV_MAXPOOLNAME);
	return n;
}

static int composite(const void *blob, size_t len, uint8_t **ret, size_t *ret_len,
		     struct fsx_why *why)
{
	const struct lov_comp_md_v1 *c = blob;
	size_t n = c->lcm_entry_count, off = sizeof(*c) + n * sizeof(c->lcm_entries[0]);
	struct lov_comp_md_v1 *h;
	uint8_t *out = calloc(1, off + n * sizeof(struct lov_user_md_v3));

	if (!out)
		return -ENOMEM;
	h = (void *)out;
	h->lcm_magic = LOV_MAGIC_COMP_V1;
	h->lcm_entry_count = (uint16_t)n;
	for (size_t i = 0; i < n; i++) {
		const struct lov_comp_md_entry_v1 *e = &c->lcm_entries[i];
		struct lov_comp_md_entry_v1 *d = &h->lcm_entries[i];
		const struct lov_user_md_v1 *s = sub_of(blob, len, e);

		if (!s || (i && e->lcme_extent.e_start != c->lcm_entries[i - 1].lcme_extent.e_end)) {
			free(out);
			return why_set(why, -EOPNOTSUPP, "the layout has mirrors or gaps: give the new layout");
		}
		d->lcme_flags = e->lcme_flags & KEEP_COMP_FLAGS;
		d->lcme_extent = e->lcme_extent;
		d->lcme_offset = (uint32_t)off;
		d->lcme_size = (uint32_t)plain(s, out + off);
		off += d->lcme_size;
	}
	h->lcm_size = (uint32_t)off;
	*ret = out;
	*ret_len = off;
	return 0;
}

int layout_migrate_template(const void *blob, size_t len, void **ret,
			    size_t *ret_len, bool *ret_composite,
			    struct fsx_why *why)
{
	const struct lov_user_md_v1 *v1 = blob;
	uint8_t *out = NULL;
	int rc = layout_check(blob, len, false, why);

	if (rc)
		return rc;
	if (v1->lmm_magic == LOV_MAGIC_COMP_V1) {
		rc = composite(blob, len, &out, ret_len, why);
		if (rc)
			return rc;
		*ret = out;
		*ret_composite = true;
		return 0;
	}
	if (v1->lmm_magic != LOV_MAGIC_V1 && v1->lmm_magic != LOV_MAGIC_V3)
		return why_set(why, -EOPNOTSUPP, "cannot copy this kind of layout: give the new layout");
	out = malloc(sizeof(struct lov_user_md_v3));
	if (!out)
		return -ENOMEM;
	*ret_len = plain(v1, out);
	*ret = out;
	*ret_composite = false;
	return 0;
}
