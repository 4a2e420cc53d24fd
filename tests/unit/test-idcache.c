/* SPDX-License-Identifier: MIT */
/* The id cache completion reads: parsing, newest-record order, appends. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "util/idcache.h"

static void test_idcache_parse_line_accepts_records(void)
{
	struct idcache_entry e;
	const char *l = "fs-0123456789abcdef0\t1700000000\tabcdefgh\n";

	T_EXPECT_INT(idcache_parse_line(l, strlen(l), &e), 0);
	T_EXPECT_STR(e.id, "fs-0123456789abcdef0");
	T_EXPECT_INT(e.when, 1700000000);
	T_EXPECT_STR(e.label, "abcdefgh");
	T_EXPECT_INT(idcache_parse_line("dra-1\t0\t", 8, &e), 0);
	T_EXPECT_STR(e.label, "");
}

static void test_idcache_parse_line_rejects_garbage(void)
{
	const char *bad[] = {
		"fs-1 1 x",	      /* spaces, not tabs */
		"xx-1\t1\tx",	      /* unknown kind */
		"fs-\t1\tx",	      /* empty id */
		"FS-1\t1\tx",	      /* uppercase */
		"fs-1\t\tx",	      /* no time */
		"fs-1\t1a\tx",	      /* bad time */
		"fs-1\t1\tx\ty\x01", /* control character in the label */
		"fs-1\t1",	      /* no label field */
	};
	struct idcache_entry e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		T_EXPECT_INT(idcache_parse_line(bad[i], strlen(bad[i]), &e), -EINVAL);
}

static int collect(void *arg, const struct idcache_entry *e)
{
	char *out = arg;

	strcat(out, e->id);
	strcat(out, "=");
	strcat(out, e->label);
	strcat(out, " ");
	return 0;
}

static void test_idcache_add_appends_and_foreach_keeps_newest(void)
{
	char dir[] = "/tmp/test-idcache-XXXXXX", path[256], got[512] = "";
	struct fsx_why why = { "" };

	T_OK(mkdtemp(dir) != NULL, "temporary directory");
	snprintf(path, sizeof(path), "%s/sub/ids", dir);
	T_EXPECT_INT(idcache_add(path, "fs-0a", "one", &why), 0);
	T_EXPECT_INT(idcache_add(path, "task-0b", "export", &why), 0);
	T_EXPECT_INT(idcache_add(path, "fs-0a", "again", &why), 0);
	T_EXPECT_INT(idcache_add(path, "bad id", "x", &why), -EINVAL);
	T_EXPECT_STR(why.msg, "bad id: not a cacheable FSx id or label");
	T_EXPECT_INT(idcache_foreach(path, collect, got), 0);
	T_EXPECT_STR(got, "task-0b=export fs-0a=again ");
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
}

static void test_idcache_missing_file_is_empty(void)
{
	char got[64] = "";

	T_EXPECT_INT(idcache_foreach("/nonexistent/ids", collect, got), 0);
	T_EXPECT_STR(got, "");
}

int main(void)
{
	test_idcache_parse_line_accepts_records();
	test_idcache_parse_line_rejects_garbage();
	test_idcache_add_appends_and_foreach_keeps_newest();
	test_idcache_missing_file_is_empty();
	return t_done();
}
