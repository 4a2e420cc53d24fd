/* SPDX-License-Identifier: MIT */
/*
 * Quota parsers and lfs quota's table, without a mount: the recorded lfs
 * output and the examples of lustre-abi.md §8.3, byte for byte.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "lustre/quota.h"
#include "quota/quota.h"

#define NOW 1700000000

static void expect_text(const char *got, const char *want, const char *what)
{
	int eq = got && want && !strcmp(got, want);

	T_OK(eq, "%s", what);
	if (!eq)
		printf("# want:\n%s# got:\n%s", want ? want : "(null)\n",
		       got ? got : "(null)\n");
}

static char *render(const struct quota_report *r, bool human)
{
	char *s = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&s, &len);

	quota_print_lfs(out, r, human, true, NOW);
	fclose(out);
	return s;
}

static void test_quota_parse_blocks_table(void)
{
	static const struct {
		const char *in;
		int rc;
		uint64_t kib;
	} cases[] = {
		{ "1000", 0, 1000 },	     { "0", 0, 0 },
		{ "1k", 0, 1 },		     { "1K", 0, 1 },
		{ "1m", 0, 1024 },	     { "1G", 0, 1048576 },
		{ "1.5G", 0, 1572864 },	     { "2T", 0, 2147483648ULL },
		{ "1p", 0, 1ULL << 40 },     { "4096b", 0, 4 },
		{ "1500b", 0, 2 },	     { "", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },	     { "10x", -EINVAL, 0 },
		{ "1GB", -EINVAL, 0 },	     { "G", -EINVAL, 0 },
		{ "99999999999999999999999", -ERANGE, 0 },
		{ "20000e", -ERANGE, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t got = 12345;
		struct fsx_why why = { "" };
		int rc = quota_parse_blocks(cases[i].in, &got, &why);

		T_OK(rc == cases[i].rc && (rc || got == cases[i].kib),
		     "blocks '%s' -> rc %d, %llu KiB", cases[i].in, rc,
		     (unsigned long long)got);
		if (rc)
			T_OK(got == 12345 && why.msg[0], "blocks '%s': ret untouched, reason given",
			     cases[i].in);
	}
}

static void test_quota_parse_inodes_and_ids(void)
{
	uint64_t v = 0;
	uint32_t id = 7;

	T_EXPECT_INT(quota_parse_inodes("1k", &v, NULL), 0);
	T_EXPECT_INT(v, 1024);
	T_EXPECT_INT(quota_parse_inodes("250", &v, NULL), 0);
	T_EXPECT_INT(v, 250);
	T_EXPECT_INT(quota_parse_inodes("1.5k", &v, NULL), 0);
	T_EXPECT_INT(v, 1536);
	T_EXPECT_INT(quota_parse_inodes("ten", &v, NULL), -EINVAL);
	T_EXPECT_INT(quota_parse_id(QUOTA_USR, "root", &id, NULL), 0);
	T_EXPECT_INT(id, 0);
	T_EXPECT_INT(quota_parse_id(QUOTA_USR, "1234", &id, NULL), 0);
	T_EXPECT_INT(id, 1234);
	T_EXPECT_INT(quota_parse_id(QUOTA_USR, "no-such-user-xyz", &id, NULL), -ENOENT);
	T_EXPECT_INT(quota_parse_id(QUOTA_GRP, "no-such-group-xyz", &id, NULL), -ENOENT);
	T_EXPECT_INT(quota_parse_id(QUOTA_PRJ, "root", &id, NULL), -ENOENT);
	T_EXPECT_INT(quota_parse_id(QUOTA_PRJ, "4294967295", &id, NULL), -ERANGE);
}

static void test_quota_parse_grace_table(void)
{
	static const struct {
		const char *in;
		int rc;
		uint64_t secs;
	} cases[] = {
		{ "0", 0, 0 },		{ "604800", 0, 604800 },
		{ "1w", 0, 604800 },	{ "1w2d3h4m5s", 0, 788645 },
		{ "90m", 0, 5400 },	{ "notify", 0, LQUOTA_NOTIFY_GRACE },
		{ "", -EINVAL, 0 },	{ "1h30", -EINVAL, 0 },
		{ "1s1m", -EINVAL, 0 }, { "1y", -EINVAL, 0 },
		{ "w", -EINVAL, 0 },	{ "281474976710655", -ERANGE, 0 },
		{ "999999999999w", -ERANGE, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t got = 0;
		int rc = quota_parse_grace(cases[i].in, &got, NULL);

		T_OK(rc == cases[i].rc && (rc || got == cases[i].secs),
		     "grace '%s' -> rc %d, %llu s", cases[i].in, rc,
		     (unsigned long long)got);
	}
}

static void test_quota_sec2str(void)
{
	char b[48];

	quota_sec2str(0, b, sizeof(b));
	T_EXPECT_STR(b, "0s");
	quota_sec2str(604799, b, sizeof(b));
	T_EXPECT_STR(b, "6d23h59m59s");
	quota_sec2str(788645, b, sizeof(b));
	T_EXPECT_STR(b, "1w2d3h4m5s");
	quota_sec2str(3600, b, sizeof(b));
	T_EXPECT_STR(b, "1h");
}

static void test_quota_limits_check_soft_above_hard(void)
{
	struct quota_limits l = { .bsoft = 2048, .bhard = 1024 };

	T_EXPECT_INT(quota_limits_check(&l, NULL), -EINVAL);
	l.bhard = 0; /* no hard limit: any soft limit is fine */
	T_EXPECT_INT(quota_limits_check(&l, NULL), 0);
	l.isoft = 10;
	l.ihard = 5;
	T_EXPECT_INT(quota_limits_check(&l, NULL), -EINVAL);
}

static void test_quota_print_matches_lfs_root(void)
{
	struct quota_report r = { .type = QUOTA_USR, .id = 0, .name = "root", .path = "." };
	char *got;

	r.dqb.dqb_curspace = 5242880ULL * 1024;
	r.dqb.dqb_curinodes = 1234;
	r.dqb.dqb_valid = QIF_LIMITS | QIF_USAGE | QIF_TIMES;
	got = render(&r, false);
	expect_text(got, "Disk quotas for usr root (uid 0):\n"
			 "     Filesystem  kbytes   quota   limit   grace   files   quota   limit   grace\n"
			 "              . 5242880       0       0       -    1234       0       0       -\n",
		    "quota -u root . as lfs printed it");
	free(got);
}

static void test_quota_print_over_limits_and_grace(void)
{
	struct quota_report r = { .type = QUOTA_USR, .id = 1000, .name = "alice",
				  .path = "/mnt/a-long-mountpoint" };
	char *got;

	r.dqb.dqb_curspace = 2048000ULL * 1024;
	r.dqb.dqb_bsoftlimit = 1000000;
	r.dqb.dqb_bhardlimit = 2000000;
	r.dqb.dqb_curinodes = 12;
	r.dqb.dqb_isoftlimit = 10;
	r.dqb.dqb_itime = NOW + 6 * 86400 + 23 * 3600 + 59 * 60;
	r.dqb.dqb_valid = 0x3F;
	got = render(&r, false);
	expect_text(got, "Disk quotas for usr alice (uid 1000):\n"
			 "     Filesystem  kbytes   quota   limit   grace   files   quota   limit   grace\n"
			 "/mnt/a-long-mountpoint\n"
			 "                2048000* 1000000 2000000       -      12*     10       0 6d23h59m\n",
		    "over the hard block limit and in inode grace (lustre-abi §8.3)");
	free(got);
	r.dqb.dqb_itime = NOW - 1; /* expired */
	r.dqb.dqb_valid = QIF_USAGE | QIF_TIMES; /* limits missing */
	got = render(&r, true);
	T_OK(strstr(got, "     Filesystem    used") && strstr(got, "      12*   [10]     [0]    none\n") &&
		     strstr(got, "Some errors happened") && strstr(got, "1.953G*"),
	     "-h units, brackets for missing bits, none once expired");
	free(got);
	T_EXPECT_INT(quota_over(5, 0, 5, 0, NOW), 1);
	T_EXPECT_INT(quota_over(4, 3, 5, NOW + 10, NOW), 2);
	T_EXPECT_INT(quota_over(4, 3, 5, NOW, NOW), 3);
	T_EXPECT_INT(quota_over(2, 3, 5, 0, NOW), 0);
}

static void test_quota_print_default_and_grace(void)
{
	struct quota_report r = { .type = QUOTA_USR, .is_default = true, .path = "/fsx" };
	char *s = NULL;
	size_t len = 0;
	FILE *out;
	char *got;

	r.dqb.dqb_btime = 604800;
	r.dqb.dqb_itime = 604800;
	r.dqb.dqb_valid = QIF_LIMITS | QIF_TIMES;
	got = render(&r, false);
	expect_text(got, "Disk default usr quota:\n"
			 "     Filesystem   bquota  blimit  bgrace   iquota  ilimit  igrace\n"
			 "           /fsx      0       0  604800      0       0  604800\n",
		    "default quota form (lustre-abi §8.3)");
	free(got);
	out = open_memstream(&s, &len);
	quota_print_grace_lfs(out, 604800, LQUOTA_NOTIFY_GRACE);
	fclose(out);
	T_EXPECT_STR(s, "Block grace time: 1w; Inode grace time: notify\n");
	free(s);
}

static void test_quota_print_uses_default_line(void)
{
	struct quota_report r = { .type = QUOTA_GRP, .id = 50, .name = "staff", .path = "/fsx" };
	char *got;

	r.dqb.dqb_btime = LQUOTA_FLAG_DEFAULT << LQUOTA_GRACE_BITS;
	r.dqb.dqb_valid = 0x3F;
	got = render(&r, false);
	T_OK(strstr(got, "gid 50 is using default block quota setting\n") != NULL,
	     "an id on the default limits says so");
	T_OK(strstr(got, "   -       0       0       0       -\n") != NULL,
	     "the default flag is not a grace time");
	free(got);
}

int main(void)
{
	test_quota_parse_blocks_table();
	test_quota_parse_inodes_and_ids();
	test_quota_parse_grace_table();
	test_quota_sec2str();
	test_quota_limits_check_soft_above_hard();
	test_quota_print_matches_lfs_root();
	test_quota_print_over_limits_and_grace();
	test_quota_print_default_and_grace();
	test_quota_print_uses_default_line();
	return t_done();
}
