/* SPDX-License-Identifier: MIT */
/*
 * src/hsm/ without a filesystem: the record reader, --shard, the FID
 * parser, the FID set, the verbs' state rules and lfs's hsm_state /
 * hsm_action lines (checked against tests/golden/lfs-examples/misc).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "tap.h"
#include "hsm/fidset.h"
#include "hsm/hsm.h"

static int memfd_with(const char *data, size_t len)
{
	int fd = memfd_create("t", 0);

	if (write(fd, data, len) != (ssize_t)len)
		abort();
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* Reads everything: records joined by '|', refused ones as '!'. */
static void read_all(const char *data, size_t len, char sep, size_t maxrec, char *out)
{
	struct hsm_reader r;
	struct fsx_why why;
	char *rec;
	int fd = memfd_with(data, len), rc;

	out[0] = 0;
	hsm_reader_init(&r, fd, sep, maxrec);
	while ((rc = hsm_reader_next(&r, &rec, &why)) != 0) {
		strcat(out, rc == 1 ? rec : "!");
		strcat(out, "|");
	}
	hsm_reader_release(&r);
	close(fd);
}

static void test_hsm_reader_lines(void)
{
	char out[256];

	read_all("a\nb/c\n\nd", 8, '\n', 4095, out);
	T_EXPECT_STR(out, "a|b/c|d|");
	read_all("", 0, '\n', 4095, out);
	T_EXPECT_STR(out, "");
	read_all("x\0y\nz\n", 6, '\n', 4095, out);
	T_EXPECT_STR(out, "!|z|");
}

static void test_hsm_reader_null(void)
{
	char out[256];

	read_all("a b\0c\nd\0", 8, 0, 4095, out);
	T_EXPECT_STR(out, "a b|c\nd|");
	/* an unterminated last record with -0 is refused, not guessed */
	read_all("a\0trunc", 7, 0, 4095, out);
	T_EXPECT_STR(out, "a|!|");
	read_all("\0\0a\0", 4, 0, 4095, out);
	T_EXPECT_STR(out, "a|");
}

static void test_hsm_reader_too_long(void)
{
	char *big = malloc(200000), out[256];

	memset(big, 'x', 200000);
	big[5000] = '\n';
	memcpy(big + 5001, "ok\n", 3);
	read_all(big, 5004, '\n', 4095, out);
	T_EXPECT_STR(out, "!|ok|");
	/* a record longer than the whole buffer, then a good one */
	memset(big, 'x', 200000);
	big[150000] = '\n';
	memcpy(big + 150001, "ok", 2);
	read_all(big, 150003, '\n', 4095, out);
	T_EXPECT_STR(out, "!|ok|");
	/* too long and unterminated at the end */
	read_all(big, 10000, 0, 4095, out);
	T_EXPECT_STR(out, "!|");
	free(big);
}

static void test_hsm_shard_parse(void)
{
	struct hsm_shard sh = { 0 };
	struct fsx_why why;

	T_EXPECT_INT(hsm_shard_parse("2/5", NULL, NULL, &sh, &why), 0);
	T_EXPECT_INT(sh.index, 2);
	T_EXPECT_INT(sh.count, 5);
	T_EXPECT_INT(hsm_shard_parse("0/0", NULL, NULL, &sh, &why), -EINVAL);
	T_EXPECT_STR(why.msg, "the shard count must be at least 1");
	T_EXPECT_INT(hsm_shard_parse("3/2", NULL, NULL, &sh, &why), -EINVAL);
	T_EXPECT_STR(why.msg, "the shard index must be below the count (0 to 1)");
	T_EXPECT_INT(hsm_shard_parse("junk", NULL, NULL, &sh, &why), -EINVAL);
	T_EXPECT_INT(hsm_shard_parse("1/", NULL, NULL, &sh, &why), -EINVAL);
	T_EXPECT_INT(hsm_shard_parse("-1/2", NULL, NULL, &sh, &why), -EINVAL);
	T_EXPECT_INT(hsm_shard_parse("auto", "3", "8", &sh, &why), 0);
	T_EXPECT_INT(sh.index, 3);
	T_EXPECT_INT(sh.count, 8);
	T_EXPECT_INT(hsm_shard_parse("auto", NULL, "8", &sh, &why), -EINVAL);
	T_EXPECT_INT(hsm_shard_parse("auto", "1", NULL, &sh, &why), -EINVAL);
	T_EXPECT_INT(hsm_shard_parse("auto", "8", "8", &sh, &why), -EINVAL);
}

static void test_hsm_shard_partition(void)
{
	char p[64];
	unsigned hits[5] = { 0 }, bad = 0;

	for (int i = 0; i < 5000; i++) {
		unsigned owners = 0;

		snprintf(p, sizeof(p), "/mnt/fsx/data/shard-%05d.tar", i);
		for (uint32_t s = 0; s < 5; s++) {
			struct hsm_shard sh = { s, 5 };

			if (hsm_shard_mine(&sh, p)) {
				owners++;
				hits[s]++;
			}
		}
		bad += owners != 1;
	}
	T_EXPECT_INT(bad, 0); /* disjoint and covering */
	for (int s = 0; s < 5; s++)
		T_OK(hits[s] > 800 && hits[s] < 1200, "shard %d holds %u of 5000", s, hits[s]);
	/* stable across releases: the hash is part of the interface */
	T_OK(hsm_path_hash("a", 1) == 0xaf63dc4c8601ec8cULL, "FNV-1a 64 of \"a\"");
}

static void test_hsm_fid_parse(void)
{
	static const struct {
		const char *s;
		int rc;
		uint64_t seq;
		uint32_t oid, ver;
	} cases[] = {
		{ "[0x200000401:0x1a2b:0x0]", 0, 0x200000401ULL, 0x1a2b, 0 },
		{ "0x200000401:0x1a2b:0x0", 0, 0x200000401ULL, 0x1a2b, 0 },
		{ "  [[0x1:2:010] ", 0, 1, 2, 8 },
		{ .s = "[0x1:0x2]", .rc = -EINVAL },
		{ .s = "[:0x1:0x2]", .rc = -EINVAL },
		{ .s = "[0x1:0x2:0x3]x", .rc = -EINVAL },
		{ .s = "[0x1:0x100000000:0x0]", .rc = -ERANGE },
		{ .s = "[0xffffffffffffffff:0x1:0x0]", .rc = -ERANGE },
		{ .s = "[0x1:-1:0x0]", .rc = -EINVAL },
		{ .s = "", .rc = -EINVAL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lu_fid f = { 0 };
		int rc = hsm_fid_parse(cases[i].s, &f, NULL);

		T_OK(rc == cases[i].rc, "parse \"%s\" gives %d (got %d)", cases[i].s,
		     cases[i].rc, rc);
		if (!rc)
			T_OK(f.f_seq == cases[i].seq && f.f_oid == cases[i].oid &&
				     f.f_ver == cases[i].ver,
			     "parse \"%s\" fields", cases[i].s);
	}
}

static void test_hsm_fid_format(void)
{
	struct lu_fid f = { 0x200000401ULL, 0x1a2b, 0 }, z = { 0 };
	char buf[HSM_FID_STR_MAX];

	hsm_fid_format(&f, buf, sizeof(buf));
	T_EXPECT_STR(buf, "[0x200000401:0x1a2b:0x0]");
	hsm_fid_format(&z, buf, sizeof(buf));
	T_EXPECT_STR(buf, "[0:0x0:0x0]"); /* %#llx prints 0 bare, as lfs */
}

static void test_hsm_fidset_dedup(void)
{
	struct hsm_fidset s = { 0 };
	struct lu_fid f = { 0x200000401ULL, 0, 0 };
	int added = 0, again = 0;

	for (uint32_t i = 1; i <= 200000; i++) {
		f.f_oid = i;
		added += hsm_fidset_add(&s, &f) == 1;
	}
	for (uint32_t i = 1; i <= 200000; i += 7) {
		f.f_oid = i;
		again += hsm_fidset_add(&s, &f) == 0;
	}
	T_EXPECT_INT(added, 200000);
	T_EXPECT_INT(again, 28572);
	T_OK(s.bytes < 64 * 1024, "200000 dense FIDs in %zu bytes", s.bytes);
	f.f_seq++;
	f.f_oid = 1;
	T_EXPECT_INT(hsm_fidset_add(&s, &f), 1); /* another sequence */
	hsm_fidset_release(&s);
}

static void test_hsm_verb_satisfied(void)
{
	struct hsm_user_state rel = { .hus_states = HS_EXISTS | HS_ARCHIVED | HS_RELEASED };
	struct hsm_user_state res = { .hus_states = HS_EXISTS | HS_ARCHIVED };
	struct hsm_user_state dirty = { .hus_states = HS_EXISTS | HS_ARCHIVED | HS_DIRTY };
	struct hsm_user_state none = { 0 };
	struct hsm_user_state busy = { .hus_in_progress_action = HUA_RESTORE,
				       .hus_in_progress_state = HPS_RUNNING };

	T_OK(!hsm_verb_satisfied(HSM_RESTORE, &rel), "restore wants a released file");
	T_OK(hsm_verb_satisfied(HSM_RESTORE, &res), "restore skips a resident file");
	T_OK(hsm_verb_satisfied(HSM_RELEASE, &rel), "release skips a released file");
	T_OK(!hsm_verb_satisfied(HSM_ARCHIVE, &dirty), "archive wants a dirty file");
	T_OK(hsm_verb_satisfied(HSM_ARCHIVE, &res), "archive skips an archived file");
	T_OK(hsm_verb_satisfied(HSM_REMOVE, &none), "remove skips a never archived file");
	T_OK(!hsm_verb_satisfied(HSM_CANCEL, &busy), "cancel wants a running action");
	T_OK(hsm_verb_satisfied(HSM_CANCEL, &none), "cancel skips an idle file");
	T_EXPECT_INT(hsm_class_of(rel.hus_states), HSM_C_RELEASED);
	T_EXPECT_INT(hsm_class_of(dirty.hus_states), HSM_C_DIRTY);
	T_EXPECT_INT(hsm_class_of(HS_LOST | HS_RELEASED), HSM_C_LOST);
	T_EXPECT_INT(hsm_class_of(0), HSM_C_NOARCHIVE);
	T_EXPECT_INT(hsm_class_of(res.hus_states), HSM_C_RESIDENT);
}

static char *print_to_str(void (*fn)(FILE *, const char *, const void *),
			  const void *arg)
{
	static char buf[512];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	fn(f, "file", arg);
	fclose(f);
	return buf;
}

static void state_fn(FILE *f, const char *p, const void *a)
{
	hsm_state_print_lfs(f, p, a);
}

static void action_fn(FILE *f, const char *p, const void *a)
{
	hsm_action_print_lfs(f, p, a);
}

static void test_hsm_state_print_lfs(void)
{
	/* tests/golden/lfs-examples/misc/hsm_state_{none,released} */
	struct hsm_user_state none = { 0 }, rel = { .hus_states = 13, .hus_archive_id = 2 };
	struct hsm_user_state all = { .hus_states = 0x7f };

	T_EXPECT_STR(print_to_str(state_fn, &none), "file: (0x00000000)\n");
	T_EXPECT_STR(print_to_str(state_fn, &rel),
		     "file: (0x0000000d) released exists archived, archive_id:2\n");
	T_EXPECT_STR(print_to_str(state_fn, &all),
		     "file: (0x0000007f) released exists dirty archived never_release never_archive lost_from_hsm\n");
}

static void test_hsm_action_print_lfs(void)
{
	struct hsm_current_action noop = { .hca_action = HUA_NONE };
	struct hsm_current_action wait = { HPS_WAITING, HUA_RESTORE, { 0, UINT64_MAX } };
	struct hsm_current_action run = { HPS_RUNNING, HUA_RESTORE, { 0, 4096 } };
	struct hsm_current_action rel = { HPS_RUNNING, HUA_RELEASE, { 10, 90 } };

	T_EXPECT_STR(print_to_str(action_fn, &noop), "file: NOOP\n");
	T_EXPECT_STR(print_to_str(action_fn, &wait), "file: RESTORE waiting (from 0 to EOF)\n");
	T_EXPECT_STR(print_to_str(action_fn, &run), "file: RESTORE running (4096 bytes moved)\n");
	T_EXPECT_STR(print_to_str(action_fn, &rel), "file: RELEASE running (from 10 to 100)\n");
}

int main(void)
{
	test_hsm_reader_lines();
	test_hsm_reader_null();
	test_hsm_reader_too_long();
	test_hsm_shard_parse();
	test_hsm_shard_partition();
	test_hsm_fid_parse();
	test_hsm_fid_format();
	test_hsm_fidset_dedup();
	test_hsm_verb_satisfied();
	test_hsm_state_print_lfs();
	test_hsm_action_print_lfs();
	return t_done();
}
