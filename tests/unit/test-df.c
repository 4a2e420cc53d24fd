/* SPDX-License-Identifier: MIT */
/*
 * The df model and printer without a mount: targets filled by hand, the
 * summary computed as lfs does, and the text compared byte for byte with
 * what the real lfs df 2.15 printed (tests/golden/lfs-examples/misc).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "quota/df.h"

#define GOLDEN "tests/golden/lfs-examples/misc"
#define KIB    1024ULL

/* Compares whole outputs; on a mismatch shows both as TAP comments. */
static void expect_text(const char *got, const char *want, const char *what)
{
	int eq = got && want && !strcmp(got, want);

	T_OK(eq, "%s", what);
	if (!eq) {
		printf("# want:\n%s# got:\n%s", want ? want : "(null)\n",
		       got ? got : "(null)\n");
	}
}

static char *render(const struct df_fs *fs, unsigned flags, bool json)
{
	char *s = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&s, &len);

	if (json)
		df_print_json(out, fs);
	else
		df_print_lfs(out, fs, flags);
	fclose(out);
	return s;
}

static void set_kib(struct obd_statfs *st, uint64_t total, uint64_t used,
		    uint64_t avail)
{
	st->os_bsize = 4096;
	st->os_blocks = total * KIB / 4096;
	st->os_bfree = (total - used) * KIB / 4096;
	st->os_bavail = avail * KIB / 4096;
}

/* The recorded filesystem: 1 MDT and 16 OSTs, OST i holding i+1 GiB. */
static void golden_fs(struct df_fs *fs)
{
	memset(fs, 0, sizeof(*fs));
	strcpy(fs->mnt, "/tmp/lfsgolden/mnt");
	strcpy(fs->fsname, "abcdefgh");
	fs->n = 17;
	fs->t = calloc(fs->n, sizeof(*fs->t));
	fs->t[0].is_mdt = true;
	strcpy(fs->t[0].uuid, "abcdefgh-MDT0000_UUID");
	set_kib(&fs->t[0].st, 143630336, 20480, 142561280);
	for (unsigned i = 0; i < 16; i++) {
		struct df_target *t = &fs->t[i + 1];
		uint64_t used = (i + 1) * 1048576ULL;

		t->index = i;
		snprintf(t->uuid, sizeof(t->uuid), "abcdefgh-OST%04x_UUID", i);
		set_kib(&t->st, 1169935104, used, 1169935104 - used - 65536);
	}
	df_sum(fs);
}

static void test_df_print_matches_lfs(void)
{
	struct df_fs fs;
	char *want = t_slurp(GOLDEN "/df/run.stdout", 0, NULL), *got;

	golden_fs(&fs);
	got = render(&fs, 0, false);
	expect_text(got, want, "lfs df golden output");
	free(got);
	free(want);
	want = t_slurp(GOLDEN "/df_h/run.stdout", 0, NULL);
	got = render(&fs, DF_HUMAN, false);
	expect_text(got, want, "lfs df -h golden output");
	free(got);
	free(want);
	df_release(&fs);
}

static void test_df_sum_uses_osts_only(void)
{
	struct df_fs fs;

	golden_fs(&fs);
	T_EXPECT_INT(fs.sum.os_blocks, 18718961664ULL * KIB);
	T_EXPECT_INT(fs.sum.os_bsize, 1);
	fs.n = 1; /* MDT only: its space is the summary */
	df_sum(&fs);
	T_EXPECT_INT(fs.sum.os_blocks, 143630336ULL * KIB);
	df_release(&fs);
}

static void test_df_sum_clamps_inodes_to_ost_objects(void)
{
	struct df_target t[2] = { { .is_mdt = true }, { .index = 0 } };
	struct df_fs fs = { .n = 2, .t = t };

	t[0].st.os_files = 5000000;
	t[0].st.os_ffree = 4990000;
	t[1].st.os_files = 3000000;
	t[1].st.os_ffree = 1000000;
	df_sum(&fs);
	T_EXPECT_INT(fs.sum.os_ffree, 1000000);
	T_EXPECT_INT(fs.sum.os_files, 10000 + 1000000);
}

static void test_df_ratio_rounds_up(void)
{
	struct obd_statfs st = { .os_blocks = 1000, .os_bfree = 999, .os_bavail = 999 };

	T_EXPECT_INT(df_ratio(&st, false), 1);
	st.os_bfree = st.os_bavail = 500;
	T_EXPECT_INT(df_ratio(&st, false), 50);
	st.os_blocks = st.os_bfree = st.os_bavail = 0;
	T_EXPECT_INT(df_ratio(&st, false), 0);
}

static void test_df_cook_follows_lfs(void)
{
	char b[32];

	df_cook(b, sizeof(b), 1024, DF_HUMAN);
	T_EXPECT_STR(b, "       1024"); /* not > base: raw */
	df_cook(b, sizeof(b), 1025, DF_HUMAN);
	T_EXPECT_STR(b, "       1.0K");
	df_cook(b, sizeof(b), 1073741824, DF_HUMAN);
	T_EXPECT_STR(b, "    1024.0M");
	df_cook(b, sizeof(b), 1500000, DF_SI);
	T_EXPECT_STR(b, "       1.5M");
	df_cook(b, sizeof(b), 42, 0);
	T_EXPECT_STR(b, "         42");
}

static void test_df_states_inactive_and_errors(void)
{
	struct df_target t[3] = { { .is_mdt = true }, { .index = 0 }, { .index = 1 } };
	struct df_fs fs = { .mnt = "/fsx", .n = 3, .t = t };
	char *got;

	strcpy(t[0].uuid, "fsx-MDT0000_UUID");
	set_kib(&t[0].st, 1000, 8, 992);
	t[0].st.os_state = 0x200; /* NONROT: informational */
	strcpy(t[1].uuid, "OST0000");
	t[1].rc = -ENODATA;
	strcpy(t[2].uuid, "fsx-OST0001_UUID");
	set_kib(&t[2].st, 2000, 100, 1900);
	t[2].st.os_state = 0x21 | 0x300;
	df_sum(&fs);
	got = render(&fs, 0, false);
	expect_text(got,
		     "UUID                   1K-blocks        Used   Available Use% Mounted on\n"
		     "fsx-MDT0000_UUID            1000           8         992   1% /fsx[MDT:0] \n"
		     "OST0000             : inactive device\n"
		     "fsx-OST0001_UUID            2000         100        1900   5% /fsx[OST:1] DS\n"
		     "\n"
		     "filesystem_summary:         2000         100        1900   5% /fsx\n\n",
		    "informational state prints a trailing space, inactive a line");
	free(got);
	got = render(&fs, DF_VERBOSE | DF_INODES, false);
	T_OK(strstr(got, "IUse%") && strstr(got, "[OST:1] DSaf\n") &&
		     strstr(got, "[MDT:0] f\n"),
	     "-v shows a and f, -i the inode header");
	free(got);
	t[1].rc = -EIO;
	got = render(&fs, 0, false);
	T_OK(strstr(got, "OST0000             : Input/output error\n") != NULL,
	     "a failing target prints its error");
	free(got);
}

static void test_df_json_shape(void)
{
	struct df_fs fs;
	char *got;

	golden_fs(&fs);
	got = render(&fs, 0, true);
	T_OK(!strncmp(got, "{\"mount\":\"/tmp/lfsgolden/mnt\",\"fsname\":\"abcdefgh\",\"targets\":[", 60),
	     "json starts with mount, fsname, targets");
	T_OK(strstr(got, "{\"uuid\":\"abcdefgh-OST000f_UUID\",\"type\":\"OST\",\"index\":15,\"status\":\"active\",") != NULL,
	     "json target row");
	T_OK(strstr(got, "\"summary\":{\"bytes\":{\"total\":19168216743936,") != NULL,
	     "json summary in bytes");
	free(got);
	df_release(&fs);
}

int main(void)
{
	test_df_print_matches_lfs();
	test_df_sum_uses_osts_only();
	test_df_sum_clamps_inodes_to_ost_objects();
	test_df_ratio_rounds_up();
	test_df_cook_follows_lfs();
	test_df_states_inactive_and_errors();
	test_df_json_shape();
	return t_done();
}
