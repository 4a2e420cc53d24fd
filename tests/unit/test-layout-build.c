/* SPDX-License-Identifier: MIT */
/*
 * setstripe's options → the blob sent to the kernel, checked against what
 * the real lfs 2.15 sent for the same command line (tests/golden), with
 * lmm_oi masked (lfs leaves it uninitialised); and the option rules.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "cmd/setstripe.h"

#define GOLDEN "tests/golden/lfs-examples/setstripe"

static void mask_oi(uint8_t *b, size_t len)
{
	uint32_t magic;

	memcpy(&magic, b, 4);
	if (magic == LOV_MAGIC_COMP_V1) {
		uint16_t n;

		memcpy(&n, b + 14, 2);
		for (unsigned i = 0; i < n; i++) {
			uint32_t off;

			memcpy(&off, b + 32 + 48 * i + 24, 4);
			if (off + 24 <= len)
				memset(b + off + 8, 0, 16);
		}
	} else if (len >= 24) {
		memset(b + 8, 0, 16);
	}
}

static void *parse(int argc, char **argv, int *rc)
{
	struct fsx_ctx ctx = { .out = stdout, .err = fopen("/dev/null", "w") };
	void *req = calloc(1, cmd_setstripe.req_size);

	*rc = fsx_opt_parse(&ctx, &cmd_setstripe, req, argc, argv);
	fclose(ctx.err);
	return req;
}

static void free_req(void *req)
{
	cmd_setstripe.release(req);
	free(((struct fsx_args *)req)->v);
	free(req);
}

static void golden(const char *name, const char *sent, char **argv, int argc)
{
	char path[256];
	size_t want_len = 0, got_len = 0;
	uint8_t *want, *got = NULL;
	struct fsx_why why = { "" };
	int rc;
	void *req = parse(argc, argv, &rc);

	snprintf(path, sizeof(path), GOLDEN "/%s/%s", name, sent);
	want = (uint8_t *)t_slurp(path, 0, &want_len);
	T_EXPECT_INT(rc, 0);
	T_EXPECT_INT(layout_spec_validate(setstripe_spec(req), &why), 0);
	T_EXPECT_INT(layout_spec_encode(setstripe_spec(req), (void **)&got, &got_len, &why), 0);
	T_EXPECT_INT(got_len, want_len);
	if (got && want && got_len == want_len) {
		mask_oi(want, want_len);
		T_OK(!memcmp(got, want, want_len), "%s: blob identical to lfs's", name);
	}
	free(got);
	free(want);
	free_req(req);
}

static void test_layout_build_matches_lfs(void)
{
	char *a1[] = { "setstripe", "-c", "4", "-S", "4M", "file" };
	char *a2[] = { "setstripe", "-p", "slow", "dir" };
	char *a3[] = { "setstripe", "-E", "1M", "-L", "mdt", "-E", "-1", "-c", "4", "file" };
	char *a4[] = { "setstripe", "-E", "100M", "-c", "1", "-E", "10G", "-c", "8", "-E", "100G",
		       "-c", "16", "-E", "-1", "-c", "32", "file" };

	golden("ss_c4_S4M", "sent-0001-setstripe-ioctl.bin", a1, 6);
	golden("ss_dir_pool", "sent-0001-setstripe-ioctl.bin", a2, 4);
	golden("ss_dom_1M", "sent-0001-setxattr-lustre_lov.bin", a3, 10);
	golden("ss_fsx_pfl4", "sent-0001-setxattr-lustre_lov.bin", a4, 18);
}

static void test_layout_parse_stripe_size_rejects_unaligned(void)
{
	struct fsx_why why;
	uint64_t got = 0;

	T_EXPECT_INT(layout_parse_stripe_size("100K", &got, &why), -EINVAL);
	T_EXPECT_INT(got, 0);
	T_EXPECT_INT(layout_parse_stripe_size("4G", &got, &why), -ERANGE);
	T_EXPECT_INT(layout_parse_stripe_size("64", &got, &why), 0); /* KiB, as lfs */
	T_EXPECT_INT(got, 65536);
	T_EXPECT_INT(layout_parse_stripe_size("1M", &got, &why), 0);
	T_EXPECT_INT(got, 1048576);
	T_EXPECT_INT(layout_parse_stripe_size("x", &got, &why), -EINVAL);
}

static void test_layout_parse_count_and_index_ranges(void)
{
	struct fsx_why why;
	int v = 7;

	T_EXPECT_INT(layout_parse_stripe_count("-1", &v, &why), 0);
	T_EXPECT_INT(v, -1);
	T_EXPECT_INT(layout_parse_stripe_count("2001", &v, &why), -EINVAL);
	T_EXPECT_INT(layout_parse_stripe_count("-2", &v, &why), -EINVAL);
	T_EXPECT_INT(layout_parse_stripe_offset("65533", &v, &why), -EINVAL);
	T_EXPECT_INT(layout_parse_stripe_offset("3", &v, &why), 0);
	T_EXPECT_INT(v, 3);
}

static void test_layout_parse_ost_list(void)
{
	struct fsx_why why;
	uint32_t *osts = NULL;
	uint16_t n = 0;

	T_EXPECT_INT(layout_parse_ost_list("0,2,4-7", &osts, &n, &why), 0);
	T_EXPECT_INT(n, 6);
	T_EXPECT_INT(osts ? osts[5] : 0, 7);
	T_EXPECT_INT(layout_parse_ost_list("3-1", &osts, &n, &why), -EINVAL);
	T_EXPECT_INT(layout_parse_ost_list("1,,", &osts, &n, &why), -EINVAL);
	T_EXPECT_INT(n, 6); /* unchanged on failure */
	free(osts);
}

static void test_layout_pool_name_rules(void)
{
	struct fsx_why why;
	char pool[16] = "x";

	T_EXPECT_INT(layout_parse_pool("abcdefgh.fast", pool, &why), 0);
	T_EXPECT_STR(pool, "fast");
	T_EXPECT_INT(layout_parse_pool("a-very-long-pool-name", pool, &why), -ENAMETOOLONG);
	T_EXPECT_INT(layout_parse_pool("none", pool, &why), 0);
	T_EXPECT_STR(pool, "");
}

static void test_layout_extents_must_increase(void)
{
	char *argv[] = { "setstripe", "-E", "1G", "-c", "1", "-E", "512M", "f" };
	struct fsx_why why = { "" };
	int rc;
	void *req = parse(8, argv, &rc);

	T_EXPECT_INT(rc, 0);
	T_EXPECT_INT(layout_spec_validate(setstripe_spec(req), &why), -EINVAL);
	T_OK(strstr(why.msg, "-E 536870912") != NULL, "names the bad -E: %s", why.msg);
	free_req(req);
}

static void test_layout_inherits_size_count_pool(void)
{
	char *argv[] = { "setstripe", "-E", "1M", "-c", "1", "-S", "64K", "-E", "8M", "-E", "-1", "f" };
	int rc;
	void *req = parse(12, argv, &rc);
	struct layout_spec *s = setstripe_spec(req);

	T_EXPECT_INT(s->ncomps, 3);
	T_EXPECT_INT(s->comps[2].stripe_count, 1);
	T_EXPECT_INT(s->comps[2].stripe_size, 65536);
	T_EXPECT_INT(s->comps[2].end == LUSTRE_EOF, 1);
	free_req(req);
}

static void test_layout_dom_only_first(void)
{
	char *argv[] = { "setstripe", "-E", "1M", "-c", "1", "-E", "-1", "-L", "mdt", "f" };
	struct fsx_why why = { "" };
	int rc;
	void *req = parse(10, argv, &rc);

	T_EXPECT_INT(layout_spec_validate(setstripe_spec(req), &why), -EINVAL);
	free_req(req);
}

static void test_layout_yaml_roundtrip(void)
{
	const char *tpl = "  lcm_layout_gen:    4\n  lcm_mirror_count:  1\n  lcm_entry_count:   2\n"
			  "  component0:\n    lcme_id:             1\n    lcme_flags:          init\n"
			  "    lcme_extent.e_start: 0\n    lcme_extent.e_end:   4294967296\n"
			  "    sub_layout:\n      lmm_stripe_count:  1\n      lmm_stripe_size:   1048576\n"
			  "      lmm_pattern:       raid0\n      lmm_layout_gen:    0\n      lmm_stripe_offset: 0\n"
			  "      lmm_objects:\n      - l_ost_idx: 0\n        l_fid:     0x100000000:0x2:0x0\n\n"
			  "  component1:\n    lcme_id:             2\n    lcme_flags:          0\n"
			  "    lcme_extent.e_start: 4294967296\n    lcme_extent.e_end:   EOF\n"
			  "    sub_layout:\n      lmm_stripe_count:  8\n      lmm_stripe_size:   1048576\n"
			  "      lmm_pattern:       raid0\n      lmm_stripe_offset: -1\n      lmm_pool:      fast\n";
	struct layout_spec s = { 0 };
	struct fsx_why why = { "" };

	T_EXPECT_INT(layout_yaml_parse(tpl, strlen(tpl), &s, &why), 0);
	T_EXPECT_INT(s.ncomps, 2);
	T_EXPECT_INT(s.composite, 1);
	T_OK(s.comps[0].end == 4294967296ULL, "extent past 2 GiB kept: %s", why.msg);
	T_EXPECT_INT(s.comps[1].stripe_count, 8);
	T_EXPECT_STR(s.comps[1].pool, "fast");
	layout_spec_release(&s);
}

static void test_layout_yaml_rejects_non_templates(void)
{
	struct layout_spec s = { 0 };
	struct fsx_why why = { "" };

	T_EXPECT_INT(layout_yaml_parse("hello: [1, 2\n", 13, &s, &why), -EINVAL);
	T_OK(strstr(why.msg, "line") != NULL, "names the line: %s", why.msg);
	T_EXPECT_INT(layout_yaml_parse("foo: bar\n", 9, &s, &why), -EINVAL);
	T_EXPECT_INT(layout_yaml_parse("stripe_size: 100000\n", 20, &s, &why), -EINVAL);
	layout_spec_release(&s);
}

int main(void)
{
	test_layout_build_matches_lfs();
	test_layout_parse_stripe_size_rejects_unaligned();
	test_layout_parse_count_and_index_ranges();
	test_layout_parse_ost_list();
	test_layout_pool_name_rules();
	test_layout_extents_must_increase();
	test_layout_inherits_size_count_pool();
	test_layout_dom_only_first();
	test_layout_yaml_roundtrip();
	test_layout_yaml_rejects_non_templates();
	return t_done();
}
