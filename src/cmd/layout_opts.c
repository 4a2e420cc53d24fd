/* SPDX-License-Identifier: MIT */
/*
 * Callbacks of the shared layout options. Options before the first -E
 * describe the first component; each -E closes the current component at
 * its value and options after it describe that component, which inherits
 * the stripe size, count and pool of the one before (lfs's rules).
 */
#include <errno.h>
#include <string.h>
#include "cmd/layout_opts.h"

static struct layout_comp_spec *cur(void *req, const struct fsx_opt *o)
{
	struct layout_spec *s = (void *)((char *)req + o->offset);

	s->any = true;
	if (!s->ncomps) {
		s->ncomps = 1;
		s->comps[0].stripe_offset = -1;
	}
	return &s->comps[s->ncomps - 1];
}

int layout_opt_count(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why)
{
	struct layout_comp_spec *c = cur(req, o);
	int rc = layout_parse_stripe_count(arg, &c->stripe_count, why);

	c->count_set = rc == 0;
	return rc;
}

int layout_opt_size(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why)
{
	struct layout_comp_spec *c = cur(req, o);
	int rc = layout_parse_stripe_size(arg, &c->stripe_size, why);

	c->size_set = rc == 0;
	return rc;
}

int layout_opt_index(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why)
{
	return layout_parse_stripe_offset(arg, &cur(req, o)->stripe_offset, why);
}

int layout_opt_osts(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why)
{
	struct layout_comp_spec *c = cur(req, o);

	return layout_parse_ost_list(arg, &c->osts, &c->nosts, why);
}

int layout_opt_pool(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why)
{
	struct layout_comp_spec *c = cur(req, o);
	int rc = layout_parse_pool(arg, c->pool, why);

	c->pool_set = rc == 0;
	return rc;
}

int layout_opt_end(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why)
{
	struct layout_spec *s = (void *)((char *)req + o->offset);
	struct layout_comp_spec *c = cur(req, o), *n;
	uint64_t end;
	int rc = layout_parse_comp_end(arg, &end, why);

	if (rc)
		return rc;
	if (s->composite) {
		if (s->ncomps == LAYOUT_MAX_COMPS)
			return why_set(why, -E2BIG, "more than %d components", LAYOUT_MAX_COMPS);
		n = &s->comps[s->ncomps++];
		memset(n, 0, sizeof(*n));
		n->stripe_offset = -1;
		n->stripe_size = c->stripe_size;
		n->stripe_count = c->pattern == LOV_PATTERN_MDT ? 0 : c->stripe_count;
		memcpy(n->pool, c->pool, sizeof(n->pool));
		c = n;
	}
	s->composite = true;
	c->end = end;
	if (c->pattern == LOV_PATTERN_MDT)
		c->stripe_size = end;
	return 0;
}

int layout_opt_pattern(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why)
{
	struct layout_comp_spec *c = cur(req, o);

	if (!strcmp(arg, "mdt")) {
		c->pattern = LOV_PATTERN_MDT;
		c->stripe_count = 0;
		if (c->end)
			c->stripe_size = c->end;
	} else if (!strcmp(arg, "raid0")) {
		c->pattern = LOV_PATTERN_RAID0;
	} else {
		return why_set(why, -EINVAL, "layout must be mdt or raid0");
	}
	return 0;
}

int layout_opt_overstripe(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why)
{
	struct layout_comp_spec *c = cur(req, o);
	int rc = layout_parse_stripe_count(arg, &c->stripe_count, why);

	if (rc == 0) {
		c->pattern = LOV_PATTERN_RAID0 | LOV_PATTERN_OVERSTRIPING;
		c->count_set = true;
	}
	return rc;
}

int layout_opt_flags(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why)
{
	struct layout_comp_spec *c = cur(req, o);
	uint32_t set, neg;

	if (layout_flags_parse(arg, &set, &neg) || neg ||
	    (set & ~(LCME_FL_PREF_RW | LCME_FL_NOSYNC)))
		return why_set(why, -EINVAL, "component flags to set are prefer and nosync");
	c->flags = set;
	return 0;
}
