/* SPDX-License-Identifier: MIT */
/*
 * Layouts built from setstripe's options (or a YAML template): the option
 * values with lfs's rules, a check of the whole spec, and the blob lfs
 * would hand to the kernel (lustre-abi.md §12, "what the setstripe blobs
 * contain"), with lmm_oi zeroed where lfs leaves it uninitialised.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "layout/layout.h"
#include "util/parse.h"

void layout_spec_release(struct layout_spec *s)
{
	for (unsigned i = 0; i < LAYOUT_MAX_COMPS; i++) {
		free(s->comps[i].osts);
		s->comps[i].osts = NULL;
	}
}

/* lfs reads a plain number below 4096 as KiB for -S and -E */
static int parse_lfs_size(const char *s, uint64_t *ret)
{
	uint64_t v;
	int rc = parse_size(s, 1, &v);

	if (rc)
		return rc;
	if (v < 4096 && strspn(s, "0123456789") == strlen(s))
		v *= 1024;
	*ret = v;
	return 0;
}

int layout_parse_stripe_size(const char *s, uint64_t *ret, struct fsx_why *why)
{
	uint64_t v;

	if (parse_lfs_size(s, &v))
		return why_set(why, -EINVAL, "not a size (N[KMG]; a bare number below 4096 is KiB)");
	if (v % LOV_MIN_STRIPE_SIZE)
		return why_set(why, -EINVAL, "stripe size must be a multiple of 64 KiB");
	if (v >= (1ULL << 32))
		return why_set(why, -ERANGE, "stripe size must be below 4 GiB");
	*ret = v;
	return 0;
}

int layout_parse_stripe_count(const char *s, int *ret, struct fsx_why *why)
{
	long long v;

	if (parse_long(s, -1, LOV_MAX_STRIPE_COUNT, &v))
		return why_set(why, -EINVAL, "stripe count must be -1 (all OSTs) or 0 to %d", LOV_MAX_STRIPE_COUNT);
	*ret = (int)v;
	return 0;
}

int layout_parse_stripe_offset(const char *s, int *ret, struct fsx_why *why)
{
	long long v;

	if (parse_long(s, -1, LOV_V1_INSANE_STRIPE_COUNT, &v))
		return why_set(why, -EINVAL, "OST index must be -1 (any) or 0 to %d", LOV_V1_INSANE_STRIPE_COUNT);
	*ret = (int)v;
	return 0;
}

int layout_parse_comp_end(const char *s, uint64_t *ret, struct fsx_why *why)
{
	uint64_t v;

	if (!strcmp(s, "-1") || !strcasecmp(s, "eof")) {
		*ret = LUSTRE_EOF;
		return 0;
	}
	if (parse_lfs_size(s, &v) || v == 0)
		return why_set(why, -EINVAL, "component end must be a size (N[KMGT]), -1 or eof");
	if (v % LOV_MIN_STRIPE_SIZE)
		return why_set(why, -EINVAL, "component end must be a multiple of 64 KiB");
	*ret = v;
	return 0;
}

int layout_parse_pool(const char *s, char *ret, struct fsx_why *why)
{
	const char *dot = strchr(s, '.');
	const char *name = dot ? dot + 1 : s;

	if (strlen(name) > LOV_MAXPOOLNAME)
		return why_set(why, -ENAMETOOLONG, "pool name longer than %d characters", LOV_MAXPOOLNAME);
	if (!*name)
		return why_set(why, -EINVAL, "empty pool name");
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '/')
			return why_set(why, -EINVAL, "pool name has a space, control character or '/'");
	if (!strcmp(name, "none") || !strcmp(name, "inherit"))
		name = "";
	strcpy(ret, name);
	return 0;
}

int layout_parse_ost_list(const char *s, uint32_t **ret, uint16_t *ret_n,
			  struct fsx_why *why)
{
	uint32_t *v = NULL;
	size_t n = 0;
	const char *p = s;

	while (*p) {
		char *end;
		unsigned long a, b;

		if (*p < '0' || *p > '9')
			goto bad;
		a = strtoul(p, &end, 10);
		b = a;
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				goto bad;
			b = strtoul(end + 1, &end, 10);
		}
		if (b < a || b > LOV_V1_INSANE_STRIPE_COUNT || n + (b - a + 1) > LAYOUT_MAX_OSTS)
			goto bad;
		v = realloc(v, sizeof(*v) * (n + (b - a + 1)));
		if (!v)
			return why_set(why, -ENOMEM, "out of memory");
		for (unsigned long i = a; i <= b; i++)
			v[n++] = (uint32_t)i;
		p = end;
		if (*p == ',')
			p++;
		else if (*p)
			goto bad;
	}
	if (!n)
		goto bad;
	free(*ret);
	*ret = v;
	*ret_n = (uint16_t)n;
	return 0;
bad:
	free(v);
	return why_set(why, -EINVAL, "not an OST list (like 0,2,4-7)");
}

int layout_spec_validate(const struct layout_spec *s, struct fsx_why *why)
{
	uint64_t prev = 0;

	for (unsigned i = 0; i < s->ncomps; i++) {
		const struct layout_comp_spec *c = &s->comps[i];
		bool dom = c->pattern == LOV_PATTERN_MDT;

		if (!s->composite)
			break;
		if (c->end <= prev)
			return why_set(why, -EINVAL, "-E %llu: component %u must end after the previous one (%llu)",
				       (unsigned long long)c->end, i + 1, (unsigned long long)prev);
		if (dom && i)
			return why_set(why, -EINVAL, "-L mdt: only the first component can be on the MDT");
		if (dom && c->end > (1ULL << 30))
			return why_set(why, -EFBIG, "-L mdt: a Data-on-MDT component may end at 1 GiB at most");
		if (!dom && c->stripe_size && c->end != LUSTRE_EOF && c->end % c->stripe_size)
			return why_set(why, -EINVAL, "-E %llu: component end must be a multiple of its stripe size %llu",
				       (unsigned long long)c->end, (unsigned long long)c->stripe_size);
		prev = c->end;
	}
	if (!s->composite && s->ncomps && s->comps[0].pattern == LOV_PATTERN_MDT)
		return why_set(why, -EINVAL, "-L mdt: must be given with -E (a Data-on-MDT component)");
	return 0;
}

static size_t sub_size(const struct layout_comp_spec *c)
{
	if (c->nosts)
		return 48 + 24 * (size_t)c->nosts;
	return c->pool[0] ? 48 : 32;
}

static void put_sub(uint8_t *b, const struct layout_comp_spec *c)
{
	struct lov_user_md_v3 *v3 = (void *)b;

	v3->lmm_magic = c->nosts ? LOV_MAGIC_SPECIFIC : c->pool[0] ? LOV_MAGIC_V3 : LOV_MAGIC_V1;
	v3->lmm_pattern = c->pattern ? c->pattern : LOV_PATTERN_RAID0;
	v3->lmm_stripe_size = (uint32_t)c->stripe_size;
	v3->lmm_stripe_count = c->nosts ? c->nosts :
			       c->stripe_count < 0 ? LOV_ALL_STRIPES : (uint16_t)c->stripe_count;
	v3->lmm_stripe_offset = c->nosts ? (uint16_t)c->osts[0] :
				c->stripe_offset < 0 ? LOV_OFFSET_DEFAULT : (uint16_t)c->stripe_offset;
	if (v3->lmm_magic != LOV_MAGIC_V1)
		memcpy(v3->lmm_pool_name, c->pool, sizeof(v3->lmm_pool_name));
	for (unsigned i = 0; i < c->nosts; i++)
		v3->lmm_objects[i].l_ost_idx = c->osts[i];
}

int layout_spec_encode(const struct layout_spec *s, void **ret, size_t *ret_len,
		       struct fsx_why *why)
{
	size_t len, off;
	uint8_t *b;
	struct lov_comp_md_v1 *h;
	uint64_t start = 0;

	if (!s->ncomps)
		return why_set(why, -EINVAL, "no layout given");
	if (!s->composite) {
		len = sub_size(&s->comps[0]);
		b = calloc(1, len);
		if (!b)
			return why_set(why, -ENOMEM, "out of memory");
		put_sub(b, &s->comps[0]);
		*ret = b;
		*ret_len = len;
		return 0;
	}
	len = 32 + 48 * (size_t)s->ncomps;
	for (unsigned i = 0; i < s->ncomps; i++)
		len += sub_size(&s->comps[i]);
	b = calloc(1, len);
	if (!b)
		return why_set(why, -ENOMEM, "out of memory");
	h = (void *)b;
	h->lcm_magic = LOV_MAGIC_COMP_V1;
	h->lcm_size = (uint32_t)len;
	h->lcm_entry_count = (uint16_t)s->ncomps;
	off = 32 + 48 * (size_t)s->ncomps;
	for (unsigned i = 0; i < s->ncomps; i++) {
		struct lov_comp_md_entry_v1 *e = &h->lcm_entries[i];
		const struct layout_comp_spec *c = &s->comps[i];

		e->lcme_flags = c->flags;
		e->lcme_extent.e_start = start;
		e->lcme_extent.e_end = c->end;
		e->lcme_offset = (uint32_t)off;
		e->lcme_size = (uint32_t)sub_size(c);
		put_sub(b + off, c);
		off += e->lcme_size;
		start = c->end;
	}
	*ret = b;
	*ret_len = len;
	return 0;
}
