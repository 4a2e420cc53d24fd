/* SPDX-License-Identifier: MIT */
/*
 * migrate without layout options: a file's own layout turned back into a
 * layout to create the volatile file with, and released-file detection.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "layout/layout.h"
#include "layout/migrate.h"

static void test_migrate_template_plain_drops_objects(void)
{
	uint8_t buf[48 + 2 * 24] = { 0 };
	struct lov_user_md_v3 *v3 = (void *)buf;
	const struct lov_user_md_v3 *t;
	void *out = NULL;
	size_t len = 0;
	bool comp = true;

	v3->lmm_magic = LOV_MAGIC_V3;
	v3->lmm_pattern = LOV_PATTERN_RAID0;
	v3->lmm_stripe_size = 4 << 20;
	v3->lmm_stripe_count = 2;
	v3->lmm_stripe_offset = 7; /* layout generation on a file */
	strcpy(v3->lmm_pool_name, "fast");
	v3->lmm_objects[0].l_ost_idx = 3;
	v3->lmm_objects[1].l_ost_idx = 4;
	T_EXPECT_INT(layout_migrate_template(buf, sizeof(buf), &out, &len, &comp, NULL), 0);
	t = out;
	T_EXPECT_INT(len, 48);
	T_EXPECT_INT(comp, false);
	T_EXPECT_INT(t->lmm_stripe_count, 2);
	T_EXPECT_INT(t->lmm_stripe_size, 4 << 20);
	T_EXPECT_INT(t->lmm_stripe_offset, LOV_OFFSET_DEFAULT);
	T_EXPECT_STR(t->lmm_pool_name, "fast");
	free(out);
}

/* A 2-component PFL as a file carries it: first component instantiated. */
static size_t pfl(uint8_t *buf, uint32_t pattern0)
{
	struct lov_comp_md_v1 *h = (void *)buf;
	size_t off = sizeof(*h) + 2 * sizeof(h->lcm_entries[0]);
	struct lov_user_md_v1 *s;

	h->lcm_magic = LOV_MAGIC_COMP_V1;
	h->lcm_entry_count = 2;
	for (int i = 0; i < 2; i++) {
		struct lov_comp_md_entry_v1 *e = &h->lcm_entries[i];

		e->lcme_id = (uint32_t)i + 1;
		e->lcme_flags = i ? 0 : LCME_FL_INIT;
		e->lcme_extent.e_start = i ? 1 << 20 : 0;
		e->lcme_extent.e_end = i ? LUSTRE_EOF : 1 << 20;
		e->lcme_offset = (uint32_t)off;
		e->lcme_size = i ? 32 : 32 + 24;
		s = (void *)(buf + off);
		s->lmm_magic = LOV_MAGIC_V1;
		s->lmm_pattern = i ? LOV_PATTERN_RAID0 : pattern0;
		s->lmm_stripe_size = 1 << 20;
		s->lmm_stripe_count = i ? 4 : 1;
		s->lmm_stripe_offset = i ? LOV_OFFSET_DEFAULT : 0;
		off += e->lcme_size;
	}
	h->lcm_size = (uint32_t)off;
	return off;
}

static void test_migrate_template_composite(void)
{
	uint8_t buf[512] = { 0 };
	size_t n = pfl(buf, LOV_PATTERN_RAID0), len = 0;
	const struct lov_comp_md_v1 *h;
	const struct lov_user_md_v1 *s;
	void *out = NULL;
	bool comp = false;

	T_EXPECT_INT(layout_migrate_template(buf, n, &out, &len, &comp, NULL), 0);
	h = out;
	T_EXPECT_INT(comp, true);
	T_EXPECT_INT(h->lcm_entry_count, 2);
	T_EXPECT_INT(h->lcm_size, len);
	T_EXPECT_INT(len, 32 + 2 * 48 + 2 * 32);
	T_EXPECT_INT(h->lcm_entries[0].lcme_flags, 0); /* not instantiated */
	T_EXPECT_INT(h->lcm_entries[1].lcme_extent.e_start, 1 << 20);
	s = (const void *)((const uint8_t *)out + h->lcm_entries[1].lcme_offset);
	T_EXPECT_INT(s->lmm_stripe_count, 4);
	T_EXPECT_INT(s->lmm_stripe_offset, LOV_OFFSET_DEFAULT);
	free(out);
	T_EXPECT_INT(layout_migrate_template(buf, 40, &out, &len, &comp, NULL), -EBADMSG);
}

static void test_migrate_released_detection(void)
{
	uint8_t buf[512] = { 0 };
	struct lov_user_md_v1 v1 = { .lmm_magic = LOV_MAGIC_V1,
				     .lmm_pattern = LOV_PATTERN_RAID0 | LOV_PATTERN_F_RELEASED };
	size_t n;

	T_EXPECT_INT(layout_is_released(&v1, sizeof(v1)), true);
	v1.lmm_pattern = LOV_PATTERN_RAID0;
	T_EXPECT_INT(layout_is_released(&v1, sizeof(v1)), false);
	n = pfl(buf, LOV_PATTERN_RAID0 | LOV_PATTERN_F_RELEASED);
	T_EXPECT_INT(layout_is_released(buf, n), true);
	n = pfl(buf, LOV_PATTERN_RAID0);
	T_EXPECT_INT(layout_is_released(buf, n), false);
	T_EXPECT_INT(layout_is_released(buf, 8), false);
}

int main(void)
{
	test_migrate_template_plain_drops_objects();
	test_migrate_template_composite();
	test_migrate_released_detection();
	return t_done();
}
