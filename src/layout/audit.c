/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>
#include "layout/audit.h"
#include "lustre/uapi.h"

#define GIB (1ULL << 30)
#define MIB (1ULL << 20)

static const char *const rule_names[AUDIT_NRULES] = {
	[AUDIT_LARGE_FEW_STRIPES] = "large-file-few-stripes",
	[AUDIT_SMALL_STRIPED] = "small-file-striped",
	[AUDIT_DIR_SMALL_STRIPED] = "dir-small-files-striped",
	[AUDIT_DEFAULT_SMALL_STRIPED] = "dir-default-stripes-small-files",
	[AUDIT_DEFAULT_LARGE_FEW] = "dir-default-few-stripes-for-large-files",
	[AUDIT_STRIPE_SIZE] = "stripe-size",
	[AUDIT_OST_BALANCE] = "ost-balance",
};

void audit_cfg_init(struct audit_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->large = GIB;
	c->small = 100 * MIB;
	c->large_stripes = 8;
	c->stripe_size = MIB;
	c->dir_files = 16;
	c->balance = 20;
	c->def_count = 1;
}

const char *audit_rule_name(enum audit_rule r)
{
	return r < AUDIT_NRULES ? rule_names[r] : "?";
}

unsigned audit_want_large(const struct audit_cfg *c)
{
	return c->nost && c->nost < c->large_stripes ? c->nost : c->large_stripes;
}

struct comp {
	uint64_t start, end, stripe_size;
	unsigned count;
	uint32_t pattern, flags;
};

/* Calls fn for each component (a plain layout is one over [0, EOF)). */
static void each_comp(const void *blob, size_t len,
		      int (*fn)(void *arg, const struct comp *c), void *arg)
{
	const struct lov_user_md_v1 *v1 = blob;
	const struct lov_comp_md_v1 *h = blob;
	struct comp c;

	if (len < sizeof(*v1))
		return;
	if (v1->lmm_magic != LOV_MAGIC_COMP_V1) {
		c = (struct comp){ 0, LUSTRE_EOF, v1->lmm_stripe_size, v1->lmm_stripe_count,
				   v1->lmm_pattern, 0 };
		fn(arg, &c);
		return;
	}
	for (unsigned i = 0; i < h->lcm_entry_count; i++) {
		const struct lov_comp_md_entry_v1 *e = &h->lcm_entries[i];
		const struct lov_user_md_v1 *s;

		if (sizeof(*h) + (i + 1) * sizeof(*e) > len || e->lcme_offset > len ||
		    len - e->lcme_offset < sizeof(*s))
			return;
		s = (const void *)((const uint8_t *)blob + e->lcme_offset);
		c = (struct comp){ e->lcme_extent.e_start, e->lcme_extent.e_end,
				   s->lmm_stripe_size, s->lmm_stripe_count, s->lmm_pattern,
				   e->lcme_flags };
		if (fn(arg, &c))
			return;
	}
}

static unsigned count_of(const struct audit_cfg *cfg, const struct comp *c)
{
	if (c->pattern & LOV_PATTERN_MDT)
		return 0; /* data on the MDT: no OST */
	if (c->count == LOV_ALL_STRIPES || (c->count == 0 && cfg->def_count == (unsigned)-1))
		return cfg->nost ? cfg->nost : LOV_ALL_STRIPES;
	return c->count ? c->count : cfg->def_count;
}

struct probe {
	const struct audit_cfg *cfg;
	uint64_t off, end;
	unsigned count;
	bool found;
};

static int at(void *arg, const struct comp *c)
{
	struct probe *p = arg;

	if (p->off >= c->start && p->off < c->end && !(c->flags & LCME_FL_EXTENSION)) {
		p->count = count_of(p->cfg, c);
		p->found = true;
		return 1;
	}
	return 0;
}

unsigned audit_count_at(const struct audit_cfg *c, const void *blob,
			size_t len, uint64_t off)
{
	struct probe p = { .cfg = c, .off = off };

	each_comp(blob, len, at, &p);
	return p.found ? p.count : 0;
}

static int below(void *arg, const struct comp *c)
{
	struct probe *p = arg;
	unsigned n;

	if (c->start >= p->end || c->start == c->end)
		return 1;
	n = count_of(p->cfg, c);
	if (n > p->count)
		p->count = n;
	return 0;
}

unsigned audit_max_count_below(const struct audit_cfg *c, const void *blob,
			       size_t len, uint64_t end)
{
	struct probe p = { .cfg = c, .end = end ? end : 1 };

	each_comp(blob, len, below, &p);
	return p.count;
}

static int odd_size(void *arg, const struct comp *c)
{
	struct probe *p = arg;

	if (c->pattern & LOV_PATTERN_MDT || c->flags & LCME_FL_EXTENSION || !c->stripe_size)
		return 0;
	if (c->stripe_size != p->cfg->stripe_size) {
		p->off = c->stripe_size;
		p->found = true;
		return 1;
	}
	return 0;
}

static void human(char *buf, size_t len, uint64_t v)
{
	if (v >= GIB)
		snprintf(buf, len, "%.1f GiB", (double)v / GIB);
	else if (v >= MIB)
		snprintf(buf, len, "%.1f MiB", (double)v / MIB);
	else if (v >= 1024)
		snprintf(buf, len, "%.1f KiB", v / 1024.0);
	else
		snprintf(buf, len, "%llu bytes", (unsigned long long)v);
}

static unsigned stripe_size_rule(const struct audit_cfg *c, struct audit_finding *f,
				 const void *blob, size_t len, audit_cb cb, void *arg)
{
	struct probe p = { .cfg = c };
	char have[32], want[32];

	each_comp(blob, len, odd_size, &p);
	if (!p.found)
		return 0;
	human(have, sizeof(have), p.off);
	human(want, sizeof(want), c->stripe_size);
	f->rule = AUDIT_STRIPE_SIZE;
	f->stripe_size = p.off;
	snprintf(f->measured, sizeof(f->measured), "stripe size %s (want %s)", have, want);
	cb(arg, f);
	return 1;
}

unsigned audit_file(const struct audit_cfg *c, const char *path, uint64_t size,
		    const void *blob, size_t len, audit_cb cb, void *arg)
{
	struct audit_finding f = { .path = path, .size = size };
	unsigned n = 0, want = audit_want_large(c);
	char hs[32];

	human(hs, sizeof(hs), size);
	if (size > c->large) {
		f.have = audit_count_at(c, blob, len, size - 1);
		if (f.have < want) {
			f.rule = AUDIT_LARGE_FEW_STRIPES;
			f.want = want;
			snprintf(f.measured, sizeof(f.measured), "%s over %u OST%s (want at least %u)",
				 hs, f.have, f.have == 1 ? "" : "s", want);
			cb(arg, &f);
			n++;
		}
	} else if (size < c->small) {
		f.have = audit_max_count_below(c, blob, len, size);
		if (f.have > 1) {
			f.rule = AUDIT_SMALL_STRIPED;
			f.want = 1;
			snprintf(f.measured, sizeof(f.measured), "%s striped over %u OSTs (want 1)",
				 hs, f.have);
			cb(arg, &f);
			n++;
		}
	}
	return n + stripe_size_rule(c, &f, blob, len, cb, arg);
}

unsigned audit_dir_default(const struct audit_cfg *c, const char *path,
			   const void *blob, size_t len, audit_cb cb, void *arg)
{
	struct audit_finding f = { .path = path, .is_dir = true };
	unsigned n = 0, want = audit_want_large(c);
	char hs[32], hl[32];

	human(hs, sizeof(hs), c->small);
	human(hl, sizeof(hl), c->large);
	f.have = audit_max_count_below(c, blob, len, c->small);
	if (f.have > 1) {
		f.rule = AUDIT_DEFAULT_SMALL_STRIPED;
		f.want = 1;
		snprintf(f.measured, sizeof(f.measured), "new files under %s get %u stripes (want 1)",
			 hs, f.have);
		cb(arg, &f);
		n++;
	}
	f.have = audit_count_at(c, blob, len, c->large);
	if (f.have < want) {
		f.rule = AUDIT_DEFAULT_LARGE_FEW;
		f.want = want;
		snprintf(f.measured, sizeof(f.measured), "new files over %s get %u stripe%s (want at least %u)",
			 hl, f.have, f.have == 1 ? "" : "s", want);
		cb(arg, &f);
		n++;
	}
	return n + stripe_size_rule(c, &f, blob, len, cb, arg);
}

unsigned audit_dir_tally(const struct audit_cfg *c, const char *path,
			 unsigned nfiles, unsigned nsmall, audit_cb cb, void *arg)
{
	struct audit_finding f = { .rule = AUDIT_DIR_SMALL_STRIPED, .path = path,
				   .is_dir = true, .nfiles = nfiles, .nsmall = nsmall,
				   .want = 1 };
	char hs[32];

	if (!c->dir_files || nsmall < c->dir_files)
		return 0;
	human(hs, sizeof(hs), c->small);
	snprintf(f.measured, sizeof(f.measured), "%u of its %u files are under %s and striped over more than one OST",
		 nsmall, nfiles, hs);
	cb(arg, &f);
	return 1;
}

unsigned audit_balance(const struct audit_cfg *c, const char *mnt,
		       const uint64_t *used, const uint64_t *total, size_t n,
		       audit_cb cb, void *arg)
{
	struct audit_finding f = { .rule = AUDIT_OST_BALANCE, .path = mnt, .is_dir = true };
	double lo = 101, hi = -1;
	size_t ilo = 0, ihi = 0;

	for (size_t i = 0; i < n; i++) {
		double pct;

		if (!total[i])
			continue;
		pct = (double)used[i] * 100.0 / (double)total[i];
		if (pct < lo)
			lo = pct, ilo = i;
		if (pct > hi)
			hi = pct, ihi = i;
	}
	if (hi < 0 || hi - lo <= c->balance)
		return 0;
	f.size = (uint64_t)(hi - lo + 0.5);
	f.have = (unsigned)ihi;
	f.want = c->balance;
	snprintf(f.measured, sizeof(f.measured), "OST%04zx is %.0f%% full, OST%04zx %.0f%%: %.0f points apart (want at most %u)",
		 ihi, hi, ilo, lo, hi - lo, c->balance);
	cb(arg, &f);
	return 1;
}
