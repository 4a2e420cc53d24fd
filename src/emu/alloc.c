// SPDX-License-Identifier: MIT
/*
 * What the emulated MDS does with a requested layout: validate it the way
 * lod does (EINVAL for what Lustre refuses), fill in defaults, assign
 * component ids and allocate OST objects (lustre-abi.md §3.6, §3.7).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/layout.h"

static int pattern_ok(uint32_t p)
{
	p &= ~LOV_PATTERN_F_RELEASED;
	return p == 0 || p == LOV_PATTERN_RAID0 || p == LOV_PATTERN_MDT ||
	       p == (LOV_PATTERN_RAID0 | LOV_PATTERN_OVERSTRIPING);
}

/* OSTs a component may use: its pool's, or all when the pool is unknown */
static const uint16_t *ost_set(const struct emu_mount *m, const struct emu_comp *c,
			       uint16_t *all, unsigned int *ret_n)
{
	const struct emu_pool *p = NULL;

	if (c->pool[0])
		p = emu_pool_find(&m->cfg, c->pool);
	if (p) {
		*ret_n = p->n;
		return p->idx;
	}
	for (unsigned int i = 0; i < m->cfg.osts; i++)
		all[i] = (uint16_t)i;
	*ret_n = m->cfg.osts;
	return all;
}

static int check_comp(const struct emu_mount *m, const struct emu_comp *c)
{
	const struct emu_pool *p = c->pool[0] ? emu_pool_find(&m->cfg, c->pool) : NULL;
	int specific = c->magic == LOV_MAGIC_SPECIFIC;

	if (!pattern_ok(c->pattern))
		return -EINVAL;
	if (c->stripe_size % LOV_MIN_STRIPE_SIZE)
		return -EINVAL;
	if (c->count > LOV_MAX_STRIPE_COUNT && c->count != LOV_ALL_STRIPES)
		return -EINVAL;
	if (c->off30 != LOV_OFFSET_DEFAULT && !specific) {
		if (c->off30 >= m->cfg.osts)
			return -EINVAL;
		if (p) {
			unsigned int i;

			for (i = 0; i < p->n && p->idx[i] != c->off30; i++)
				;
			if (i == p->n)
				return -EINVAL;
		}
	}
	if (!specific)
		return 0;
	if (c->nobj < c->count || c->count == LOV_ALL_STRIPES)
		return -EINVAL;
	for (unsigned int i = 0; i < c->count; i++) {
		if (c->objs[i].l_ost_idx >= m->cfg.osts)
			return -EINVAL;
		if (c->pattern & LOV_PATTERN_OVERSTRIPING)
			continue;
		for (unsigned int j = 0; j < i; j++)
			if (c->objs[j].l_ost_idx == c->objs[i].l_ost_idx)
				return -EINVAL;
	}
	return 0;
}

static int check_extents(const struct emu_layout *lo, uint64_t prev_end)
{
	for (unsigned int i = 0; i < lo->ncomp; i++) {
		const struct emu_comp *c = &lo->comps[i];

		if (c->start == 0 && i && lo->mirror_count)
			prev_end = 0; /* next mirror */
		if (c->start != prev_end)
			return -EINVAL; /* overlap or hole */
		if (c->end < c->start)
			return -EINVAL;
		if (c->end == c->start &&
		    !(i + 1 < lo->ncomp && lo->comps[i + 1].flags & LCME_FL_EXTENSION))
			return -EINVAL;
		if (c->end != LUSTRE_EOF && c->end % LOV_MIN_STRIPE_SIZE)
			return -EINVAL;
		if ((c->pattern & ~LOV_PATTERN_F_RELEASED) == LOV_PATTERN_MDT && c->start)
			return -EINVAL;
		prev_end = c->end;
	}
	return 0;
}

/* Validation shared by file layouts and directory defaults. */
int emu_layout_check_default(const struct emu_mount *m, const struct emu_layout *lo)
{
	int rc;

	if (lo->magic == LOV_MAGIC_FOREIGN)
		return 0;
	if (lo->magic == LOV_MAGIC_COMP_V1 && (rc = check_extents(lo, 0)))
		return rc;
	for (unsigned int i = 0; i < lo->ncomp; i++) {
		struct emu_comp c = lo->comps[i];

		if (lo->magic == LOV_MAGIC_COMP_V1 && c.flags & LCME_FL_EXTENSION)
			continue; /* stripe size field holds the extension size */
		if ((rc = check_comp(m, &c)))
			return rc;
	}
	return 0;
}

static uint32_t fill_size(const struct emu_mount *m, const struct emu_comp *c, int composite)
{
	uint32_t def = m->cfg.stripesize;

	if (c->stripe_size)
		return c->stripe_size;
	if (!composite || c->end == LUSTRE_EOF || c->end % def == 0)
		return def;
	return (uint32_t)(c->end & -c->end); /* lowest set bit of the end */
}

static uint16_t fill_count(const struct emu_mount *m, uint16_t count)
{
	if (count)
		return count;
	return m->cfg.stripecount < 0 ? LOV_ALL_STRIPES : (uint16_t)m->cfg.stripecount;
}

/* Allocate the objects of one component: it becomes instantiated. */
static int comp_instantiate(const struct emu_mount *m, struct emu_comp *c)
{
	uint16_t all[EMU_MAX_OSTS], exact[LOV_MAX_STRIPE_COUNT];
	struct emu_alloc a = { .start = -1 };
	unsigned int want = c->count;
	int explicit = c->nobj && c->objs[0].l_ost_idx != 0xFFFFFFFFu &&
		       (c->magic == LOV_MAGIC_SPECIFIC || !(c->flags & LCME_FL_INIT));
	int rc;

	c->magic = c->pool[0] ? LOV_MAGIC_V3 : LOV_MAGIC_V1;
	c->flags |= LCME_FL_INIT;
	if ((c->pattern & ~LOV_PATTERN_F_RELEASED) == LOV_PATTERN_MDT) {
		free(c->objs);
		c->objs = NULL;
		c->nobj = 0;
		c->count = 0;
		c->off30 = 0;
		return 0;
	}
	a.set = ost_set(m, c, all, &a.nset);
	a.overstripe = !!(c->pattern & LOV_PATTERN_OVERSTRIPING);
	if (explicit) {
		want = c->nobj < LOV_MAX_STRIPE_COUNT ? c->nobj : LOV_MAX_STRIPE_COUNT;
		for (unsigned int i = 0; i < want; i++)
			exact[i] = (uint16_t)c->objs[i].l_ost_idx;
		a.exact = exact;
	} else {
		if (want == LOV_ALL_STRIPES || (!a.overstripe && want > a.nset))
			want = a.nset;
		if (c->off30 != LOV_OFFSET_DEFAULT)
			a.start = c->off30;
	}
	a.n = want;
	free(c->objs);
	c->objs = calloc(want ? want : 1, sizeof(*c->objs));
	if (!c->objs)
		return -ENOMEM;
	rc = emu_obj_alloc(m, &a, c->objs);
	if (rc)
		return rc;
	c->nobj = want;
	c->count = (uint16_t)want;
	c->off30 = 0; /* component layout generation of a fresh file */
	return 0;
}

/* An uninstantiated component in MDT form: one placeholder object. */
static int comp_placeholder(struct emu_comp *c)
{
	if (c->magic == LOV_MAGIC_SPECIFIC && c->nobj) {
		for (unsigned int i = 0; i < c->nobj; i++)
			memset(&c->objs[i].l_ost_oi, 0, sizeof(c->objs[i].l_ost_oi));
		c->magic = LOV_MAGIC_V3;
		return 0;
	}
	free(c->objs);
	c->objs = calloc(1, sizeof(*c->objs));
	if (!c->objs)
		return -ENOMEM;
	c->objs[0].l_ost_idx = 0xFFFFFFFFu;
	c->nobj = 1;
	c->magic = c->pool[0] ? LOV_MAGIC_V3 : LOV_MAGIC_V1;
	return 0;
}

static int comp_wanted(const struct emu_comp *c, uint64_t size)
{
	if (c->flags & (LCME_FL_INIT | LCME_FL_EXTENSION))
		return 0;
	return c->start == 0 || c->start < size;
}

static int copy_layout(const struct emu_layout *src, struct emu_layout **ret)
{
	struct emu_layout *lo = calloc(1, sizeof(*lo));

	if (!lo)
		return -ENOMEM;
	*lo = *src;
	lo->raw = NULL;
	lo->comps = calloc(src->ncomp ? src->ncomp : 1, sizeof(*lo->comps));
	if (!lo->comps) {
		free(lo);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < src->ncomp; i++) {
		struct emu_comp *c = &lo->comps[i];

		*c = src->comps[i];
		c->objs = NULL;
		if (c->nobj && !(c->objs = malloc(c->nobj * sizeof(*c->objs)))) {
			emu_layout_free(lo);
			return -ENOMEM;
		}
		if (c->nobj)
			memcpy(c->objs, src->comps[i].objs, c->nobj * sizeof(*c->objs));
	}
	if (src->raw) {
		if (!(lo->raw = malloc(src->rawlen))) {
			emu_layout_free(lo);
			return -ENOMEM;
		}
		memcpy(lo->raw, src->raw, src->rawlen);
	}
	*ret = lo;
	return 0;
}

static void comp_fill(const struct emu_mount *m, struct emu_comp *c, const struct lu_fid *fid,
		      int composite)
{
	c->pool[16] = 0;
	if (!(c->pattern & ~LOV_PATTERN_F_RELEASED))
		c->pattern |= LOV_PATTERN_RAID0;
	if ((c->pattern & ~LOV_PATTERN_F_RELEASED) != LOV_PATTERN_MDT && !(c->flags & LCME_FL_EXTENSION)) {
		c->stripe_size = fill_size(m, c, composite);
		c->count = fill_count(m, c->count);
	}
	c->oi.oi_id = fid->f_oid;
	c->oi.oi_seq = fid->f_seq;
	c->flags &= ~LCME_FL_INIT;
	if (c->magic != LOV_MAGIC_SPECIFIC) {
		free(c->objs);
		c->objs = NULL;
		c->nobj = 0;
	}
}

/*
 * The layout a file gets from a template (explicit request, directory
 * default or filesystem default): validated, filled in, ids 1..N, the
 * components covering [0, size] instantiated.
 */
int emu_layout_create(const struct emu_mount *m, const struct emu_layout *tmpl,
		      const struct lu_fid *fid, uint64_t size, struct emu_layout **ret)
{
	struct emu_layout *lo;
	int composite = tmpl->magic == LOV_MAGIC_COMP_V1, rc;
	unsigned int mirror = 0;

	if ((rc = emu_layout_check_default(m, tmpl)))
		return rc;
	if ((rc = copy_layout(tmpl, &lo)))
		return rc;
	if (lo->magic == LOV_MAGIC_FOREIGN) {
		*ret = lo;
		return 0;
	}
	lo->gen = 0;
	for (unsigned int i = 0; i < lo->ncomp; i++) {
		struct emu_comp *c = &lo->comps[i];

		comp_fill(m, c, fid, composite);
		if (!composite) {
			lo->magic = c->pool[0] ? LOV_MAGIC_V3 : LOV_MAGIC_V1;
			rc = comp_instantiate(m, c);
			if (rc)
				goto fail;
			continue;
		}
		if (i && c->start == 0 && lo->mirror_count)
			mirror++;
		c->id = (lo->mirror_count ? (mirror + 1) << 16 : 0) | (i + 1);
		lo->gen++;
		c->lcme_gen = 0;
		if (comp_wanted(c, size))
			rc = comp_instantiate(m, c);
		else
			rc = comp_placeholder(c);
		if (rc)
			goto fail;
	}
	*ret = lo;
	return 0;
fail:
	emu_layout_free(lo);
	return rc;
}

/* Instantiate what data of this size reaches; 1 if the layout changed. */
int emu_layout_instantiate(const struct emu_mount *m, struct emu_layout *lo, uint64_t size)
{
	int changed = 0, rc;

	if (lo->magic != LOV_MAGIC_COMP_V1 || emu_layout_is_released(lo))
		return 0;
	for (unsigned int i = 0; i < lo->ncomp; i++) {
		struct emu_comp *c = &lo->comps[i];

		/* data must reach the component: an empty file changes nothing */
		if (c->flags & (LCME_FL_INIT | LCME_FL_EXTENSION) || c->start >= size)
			continue;
		if ((rc = comp_instantiate(m, c)))
			return rc;
		changed = 1;
	}
	if (changed)
		lo->gen++;
	return changed;
}

/* HSM release (§3.7): released pattern everywhere, no objects, all init. */
void emu_layout_release(struct emu_layout *lo)
{
	for (unsigned int i = 0; i < lo->ncomp; i++) {
		struct emu_comp *c = &lo->comps[i];

		c->pattern |= LOV_PATTERN_F_RELEASED;
		free(c->objs);
		c->objs = NULL;
		c->nobj = 0;
		if (lo->magic == LOV_MAGIC_COMP_V1)
			c->flags |= LCME_FL_INIT;
		else
			c->off30++;
	}
	lo->gen++;
}

/* HSM restore: fresh objects for what the data covers, the rest pending. */
int emu_layout_restore(const struct emu_mount *m, struct emu_layout *lo, uint64_t size)
{
	int rc;

	for (unsigned int i = 0; i < lo->ncomp; i++) {
		struct emu_comp *c = &lo->comps[i];
		uint16_t gen = c->off30;

		c->pattern &= ~LOV_PATTERN_F_RELEASED;
		c->flags &= ~LCME_FL_INIT;
		c->off30 = LOV_OFFSET_DEFAULT;
		if (lo->magic != LOV_MAGIC_COMP_V1) {
			if ((rc = comp_instantiate(m, c)))
				return rc;
			c->off30 = (uint16_t)(gen + 1);
		} else if (comp_wanted(c, size)) {
			rc = comp_instantiate(m, c);
		} else {
			rc = comp_placeholder(c);
		}
		if (rc)
			return rc;
	}
	lo->gen++;
	return 0;
}

/*
 * setxattr("lustre.lov.add"): append the components of add (a COMP_V1
 * request, ids ignored) after the last one of lo, which must not end at
 * EOF; the first new one must start where it ends. New ids come from
 * the generation, as at create time; instantiated per the usual rule.
 */
int emu_layout_add(const struct emu_mount *m, struct emu_layout *lo,
		   const struct emu_layout *add, const struct lu_fid *fid, uint64_t size)
{
	struct emu_comp *grown;
	unsigned int n = lo->ncomp;
	int rc;

	if (lo->magic != LOV_MAGIC_COMP_V1 || add->magic != LOV_MAGIC_COMP_V1 || !n ||
	    lo->mirror_count || add->mirror_count || emu_layout_is_released(lo))
		return -EINVAL;
	if (lo->comps[n - 1].end == LUSTRE_EOF || (rc = check_extents(add, lo->comps[n - 1].end)))
		return -EINVAL;
	for (unsigned int i = 0; i < add->ncomp; i++)
		if (!(add->comps[i].flags & LCME_FL_EXTENSION) && (rc = check_comp(m, &add->comps[i])))
			return rc;
	grown = realloc(lo->comps, (n + add->ncomp) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	lo->comps = grown;
	for (unsigned int i = 0; i < add->ncomp; i++) {
		struct emu_comp *c = &lo->comps[n + i];

		*c = add->comps[i];
		c->objs = NULL;
		if (c->nobj && !(c->objs = malloc(c->nobj * sizeof(*c->objs))))
			return -ENOMEM;
		if (c->nobj)
			memcpy(c->objs, add->comps[i].objs, c->nobj * sizeof(*c->objs));
		lo->ncomp++;
		comp_fill(m, c, fid, 1);
		c->id = ++lo->gen & 0xFFFF;
		c->lcme_gen = 0;
		rc = comp_wanted(c, size) ? comp_instantiate(m, c) : comp_placeholder(c);
		if (rc)
			return rc;
	}
	return 0;
}

static int comp_matches(const struct emu_comp *c, uint32_t flags)
{
	int init = !!(c->flags & LCME_FL_INIT);

	return flags & LCME_FL_NEG ? !init : init;
}

/*
 * setxattr("lustre.lov.del"): delete the last component(s): the one whose
 * id is given (it must be the last), or with LCME_ID_ALL the trailing run
 * of instantiated (LCME_FL_INIT) or uninstantiated (LCME_FL_NEG |
 * LCME_FL_INIT) components, which must be all that match. At least one
 * component stays. *ret_end: where the layout ends now.
 */
int emu_layout_del(struct emu_layout *lo, uint32_t id, uint32_t flags, uint64_t *ret_end)
{
	unsigned int first = lo->ncomp;

	if (lo->magic != LOV_MAGIC_COMP_V1 || lo->mirror_count)
		return -EINVAL;
	if (id != LCME_ID_ALL) {
		while (first > 0 && lo->comps[first - 1].id != id)
			first--;
		if (!first || first != lo->ncomp)
			return -EINVAL; /* unknown, or not the last */
		first--;
	} else {
		if (!(flags & LCME_FL_INIT))
			return -EINVAL;
		while (first > 0 && comp_matches(&lo->comps[first - 1], flags))
			first--;
		for (unsigned int i = 0; i < first; i++)
			if (comp_matches(&lo->comps[i], flags))
				return -EINVAL; /* not only trailing ones */
		if (first == lo->ncomp)
			return -EINVAL;
	}
	if (!first)
		return -EINVAL;
	for (unsigned int i = first; i < lo->ncomp; i++)
		free(lo->comps[i].objs);
	lo->ncomp = first;
	lo->gen++;
	*ret_end = lo->comps[first - 1].end;
	return 0;
}
