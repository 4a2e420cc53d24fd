// SPDX-License-Identifier: MIT
/*
 * Directory default layouts (lustre-abi.md §3.7, §4, §6.4): stored as the
 * setter sent them, deleted by an all-default plain layout or an empty
 * value, validated like lod does; a pool already named by the old default
 * survives a new default that names none.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/pre.h"

static int old_pool(const char *abs, char *pool)
{
	struct emu_layout *lo;
	int found = 0;

	if (emu_lov_load(-1, abs, &lo))
		return 0;
	for (unsigned int i = 0; i < lo->ncomp && !found; i++) {
		if (lo->comps[i].pool[0]) {
			memcpy(pool, lo->comps[i].pool, 16);
			found = 1;
		}
	}
	emu_layout_free(lo);
	return found;
}

static int all_v1(const struct emu_layout *lo)
{
	for (unsigned int i = 0; i < lo->ncomp; i++)
		if (lo->comps[i].magic != LOV_MAGIC_V1)
			return 0;
	return 1;
}

/* lod_xattr_set_default_lov_on_dir: keep the old pool */
static int keep_pool(struct emu_layout *lo, const char *pool)
{
	int changed = 0;

	if (lo->magic == LOV_MAGIC_V1) {
		lo->magic = LOV_MAGIC_V3;
		lo->comps[0].magic = LOV_MAGIC_V3;
		memcpy(lo->comps[0].pool, pool, 16);
		return 1;
	}
	if (lo->magic != LOV_MAGIC_COMP_V1 || !all_v1(lo))
		return 0;
	for (unsigned int i = 0; i < lo->ncomp; i++) {
		struct emu_comp *c = &lo->comps[i];

		if ((c->pattern & ~LOV_PATTERN_F_RELEASED) == LOV_PATTERN_MDT)
			continue;
		c->magic = LOV_MAGIC_V3;
		memcpy(c->pool, pool, 16);
		changed = 1;
	}
	return changed;
}

static int is_delete(const void *buf)
{
	const struct lov_md *v1 = buf;
	const char *pool = "";

	if (v1->lmm_magic == LOV_MAGIC_COMP_V1 || v1->lmm_magic == LOV_MAGIC_SEL ||
	    v1->lmm_magic == LOV_MAGIC_SPECIFIC)
		return 0;
	if (v1->lmm_magic == LOV_MAGIC_V3)
		pool = ((const struct lov_md_v3 *)buf)->lmm_pool_name;
	return !v1->lmm_stripe_size && !v1->lmm_stripe_count &&
	       v1->lmm_stripe_offset == LOV_OFFSET_DEFAULT && !pool[0];
}

int emu_setstripe_dir(struct emu_mount *m, const char *abs, const void *buf, size_t len,
		      int via_xattr)
{
	struct emu_layout *lo;
	char pool[17] = "";
	size_t need = emu_layout_implied_size(buf, len);
	void *out = NULL;
	int rc;

	(void)via_xattr;
	if (need > len)
		return -EINVAL;
	if (is_delete(buf)) {
		rc = emu_real.lremovexattr(abs, EMU_XA_LOV);
		return rc && errno != ENODATA ? -errno : 0;
	}
	rc = emu_layout_decode(buf, need, &lo);
	if (rc)
		return rc == -ERANGE ? -EINVAL : rc;
	rc = emu_layout_check_default(m, lo);
	if (!rc && old_pool(abs, pool) && keep_pool(lo, pool)) {
		rc = emu_layout_encode(lo, EMU_FORM_MDT, &out, &need);
	} else if (!rc) {
		if (!(out = malloc(need)))
			rc = -ENOMEM;
		else
			memcpy(out, buf, need);
		if (out && *(uint32_t *)out == LOV_MAGIC_SEL)
			*(uint32_t *)out = LOV_MAGIC_COMP_V1;
	}
	emu_layout_free(lo);
	if (!rc)
		rc = emu_lov_write(-1, abs, out, need);
	free(out);
	return rc;
}
