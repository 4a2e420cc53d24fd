/* SPDX-License-Identifier: MIT */
/* The striping audit's rules on hand-made layouts, no mount. */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "layout/audit.h"
#include "lustre/uapi.h"

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

struct got {
	unsigned n;
	enum audit_rule rule[8];
	char measured[8][192];
};

static void collect(void *arg, const struct audit_finding *f)
{
	struct got *g = arg;

	if (g->n < 8) {
		g->rule[g->n] = f->rule;
		snprintf(g->measured[g->n], sizeof(g->measured[0]), "%s", f->measured);
	}
	g->n++;
}

static struct lov_user_md_v1 plain(unsigned count, uint32_t size)
{
	struct lov_user_md_v1 v = { .lmm_magic = LOV_MAGIC_V1, .lmm_pattern = LOV_PATTERN_RAID0,
				    .lmm_stripe_size = size, .lmm_stripe_count = (uint16_t)count };
	return v;
}

/* FSx's PFL: [0,100M) c1, [100M,10G) c8, [10G,100G) c16, [100G,EOF) c32 */
static size_t fsx_pfl(uint8_t *buf, unsigned first_count)
{
	static const uint64_t ends[] = { 100 * MIB, 10 * GIB, 100 * GIB, LUSTRE_EOF };
	unsigned counts[] = { first_count, 8, 16, 32 };
	struct lov_comp_md_v1 *h = (void *)buf;
	size_t off = sizeof(*h) + 4 * sizeof(h->lcm_entries[0]);

	h->lcm_magic = LOV_MAGIC_COMP_V1;
	h->lcm_entry_count = 4;
	for (int i = 0; i < 4; i++) {
		struct lov_comp_md_entry_v1 *e = &h->lcm_entries[i];
		struct lov_user_md_v1 *s = (void *)(buf + off);

		e->lcme_extent.e_start = i ? ends[i - 1] : 0;
		e->lcme_extent.e_end = ends[i];
		e->lcme_offset = (uint32_t)off;
		e->lcme_size = 32;
		*s = plain(counts[i], 1 << 20);
		off += 32;
	}
	h->lcm_size = (uint32_t)off;
	return off;
}

static void test_audit_large_file_on_one_ost(void)
{
	struct audit_cfg c;
	struct lov_user_md_v1 v = plain(1, 1 << 20);
	struct got g = { 0 };

	audit_cfg_init(&c);
	c.nost = 16;
	T_EXPECT_INT(audit_file(&c, "/f", 2 * GIB, &v, sizeof(v), collect, &g), 1);
	T_EXPECT_INT(g.rule[0], AUDIT_LARGE_FEW_STRIPES);
	T_EXPECT_STR(g.measured[0], "2.0 GiB over 1 OST (want at least 8)");
	c.nost = 4; /* the wanted count is clamped to the OSTs there are */
	v.lmm_stripe_count = 4;
	g.n = 0;
	T_EXPECT_INT(audit_file(&c, "/f", 2 * GIB, &v, sizeof(v), collect, &g), 0);
	v.lmm_stripe_count = LOV_ALL_STRIPES; /* -1: every OST */
	T_EXPECT_INT(audit_file(&c, "/f", 2 * GIB, &v, sizeof(v), collect, &g), 0);
}

static void test_audit_small_file_striped(void)
{
	struct audit_cfg c;
	struct lov_user_md_v1 v = plain(4, 1 << 20);
	uint8_t buf[512] = { 0 };
	struct got g = { 0 };
	size_t n;

	audit_cfg_init(&c);
	T_EXPECT_INT(audit_file(&c, "/f", 10 * MIB, &v, sizeof(v), collect, &g), 1);
	T_EXPECT_INT(g.rule[0], AUDIT_SMALL_STRIPED);
	T_EXPECT_STR(g.measured[0], "10.0 MiB striped over 4 OSTs (want 1)");
	n = fsx_pfl(buf, 1); /* the FSx default: clean at every size */
	g.n = 0;
	T_EXPECT_INT(audit_file(&c, "/f", 0, buf, n, collect, &g), 0);
	T_EXPECT_INT(audit_file(&c, "/f", 50 * MIB, buf, n, collect, &g), 0);
	T_EXPECT_INT(audit_file(&c, "/f", 5 * GIB, buf, n, collect, &g), 0);
	T_EXPECT_INT(audit_file(&c, "/f", 500 * GIB, buf, n, collect, &g), 0);
	n = fsx_pfl(buf, 2);
	T_EXPECT_INT(audit_file(&c, "/f", 1, buf, n, collect, &g), 1);
}

static void test_audit_stripe_size(void)
{
	struct audit_cfg c;
	struct lov_user_md_v1 v = plain(1, 4 << 20);
	struct got g = { 0 };

	audit_cfg_init(&c);
	T_EXPECT_INT(audit_file(&c, "/f", 200 * MIB, &v, sizeof(v), collect, &g), 1);
	T_EXPECT_INT(g.rule[0], AUDIT_STRIPE_SIZE);
	T_EXPECT_STR(g.measured[0], "stripe size 4.0 MiB (want 1.0 MiB)");
	v.lmm_pattern = LOV_PATTERN_MDT; /* Data-on-MDT has its reason */
	g.n = 0;
	T_EXPECT_INT(audit_file(&c, "/f", 1, &v, sizeof(v), collect, &g), 0);
}

static void test_audit_dir_defaults(void)
{
	struct audit_cfg c;
	struct lov_user_md_v1 v = plain(8, 0);
	uint8_t buf[512] = { 0 };
	struct got g = { 0 };

	audit_cfg_init(&c);
	c.nost = 16;
	T_EXPECT_INT(audit_dir_default(&c, "/d", &v, sizeof(v), collect, &g), 1);
	T_EXPECT_INT(g.rule[0], AUDIT_DEFAULT_SMALL_STRIPED);
	v.lmm_stripe_count = 1;
	g.n = 0;
	T_EXPECT_INT(audit_dir_default(&c, "/d", &v, sizeof(v), collect, &g), 1);
	T_EXPECT_INT(g.rule[0], AUDIT_DEFAULT_LARGE_FEW);
	T_EXPECT_STR(g.measured[0], "new files over 1.0 GiB get 1 stripe (want at least 8)");
	v.lmm_stripe_count = 0; /* the filesystem default (1 here) */
	T_EXPECT_INT(audit_dir_default(&c, "/d", &v, sizeof(v), collect, &g), 1);
	T_EXPECT_INT(audit_dir_default(&c, "/d", buf, fsx_pfl(buf, 1), collect, &g), 0);
}

static void test_audit_dir_tally_and_balance(void)
{
	struct audit_cfg c;
	struct got g = { 0 };
	uint64_t used[3] = { 10, 50, 12 }, total[3] = { 100, 100, 100 };

	audit_cfg_init(&c);
	T_EXPECT_INT(audit_dir_tally(&c, "/d", 40, 15, collect, &g), 0);
	T_EXPECT_INT(audit_dir_tally(&c, "/d", 40, 16, collect, &g), 1);
	T_EXPECT_INT(g.rule[0], AUDIT_DIR_SMALL_STRIPED);
	g.n = 0;
	T_EXPECT_INT(audit_balance(&c, "/mnt", used, total, 3, collect, &g), 1);
	T_EXPECT_STR(g.measured[0], "OST0001 is 50% full, OST0000 10%: 40 points apart (want at most 20)");
	used[1] = 25;
	T_EXPECT_INT(audit_balance(&c, "/mnt", used, total, 3, collect, &g), 0);
}

static void test_audit_truncated_blob_is_safe(void)
{
	struct audit_cfg c;
	uint8_t buf[512] = { 0 };
	size_t n = fsx_pfl(buf, 1);
	struct got g = { 0 };

	audit_cfg_init(&c);
	for (size_t len = 0; len < n; len += 7)
		audit_file(&c, "/f", 2 * GIB, buf, len, collect, &g);
	T_OK(1, "audit of truncated blobs stays inside them");
	T_EXPECT_INT(audit_count_at(&c, buf, n, 20 * GIB), 16);
	T_EXPECT_INT(audit_max_count_below(&c, buf, n, 200 * MIB), 8);
}

int main(void)
{
	test_audit_large_file_on_one_ost();
	test_audit_small_file_striped();
	test_audit_stripe_size();
	test_audit_dir_defaults();
	test_audit_dir_tally_and_balance();
	test_audit_truncated_blob_is_safe();
	return t_done();
}
