/* SPDX-License-Identifier: MIT */
/* FSx pre-flight rules and value parsers (aws-fsx-api.md §3), no network. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "aws/fsx.h"

static cJSON *json(const char *s)
{
	cJSON *j = NULL;

	if (aws_json_parse(s, strlen(s), &j, NULL))
		abort();
	return j;
}

static void test_fsx_events_parse(void)
{
	unsigned m = 99;
	struct fsx_why why;

	T_EXPECT_INT(fsx_events_parse("new,changed,deleted", &m, NULL), 0);
	T_EXPECT_INT(m, FSX_EV_NEW | FSX_EV_CHANGED | FSX_EV_DELETED);
	T_EXPECT_INT(fsx_events_parse("DELETED", &m, NULL), 0);
	T_EXPECT_INT(m, FSX_EV_DELETED);
	T_EXPECT_INT(fsx_events_parse("none", &m, NULL), 0);
	T_EXPECT_INT(m, 0);
	m = 7;
	T_EXPECT_INT(fsx_events_parse("new,modified", &m, &why), -EINVAL);
	T_EXPECT_INT(m, 7); /* untouched on failure */
	T_OK(strstr(why.msg, "'modified'") != NULL, "%s", why.msg);
}

static void test_fsx_s3_path(void)
{
	T_EXPECT_INT(fsx_s3_path_check("s3://bucket/", NULL), 0);
	T_EXPECT_INT(fsx_s3_path_check("s3://my.bucket-1/a/b/", NULL), 0);
	T_EXPECT_INT(fsx_s3_path_check("https://bucket/", NULL), -EINVAL);
	T_EXPECT_INT(fsx_s3_path_check("s3://ab/", NULL), -EINVAL);
	T_EXPECT_INT(fsx_s3_path_check("s3://Bucket/", NULL), -EINVAL);
	T_EXPECT_INT(fsx_s3_path_check("s3://", NULL), -EINVAL);
}

static void test_fsx_durations(void)
{
	long long v = 0;

	T_EXPECT_INT(fsx_days_parse("30", &v, NULL), 0);
	T_EXPECT_INT(v, 30);
	T_EXPECT_INT(fsx_days_parse("4w", &v, NULL), 0);
	T_EXPECT_INT(v, 28);
	T_EXPECT_INT(fsx_days_parse("-1", &v, NULL), -EINVAL);
	T_EXPECT_INT(fsx_days_parse("3h", &v, NULL), -EINVAL);
	T_EXPECT_INT(fsx_duration_parse("90", &v, NULL), 0);
	T_EXPECT_INT(v, 90);
	T_EXPECT_INT(fsx_duration_parse("2h", &v, NULL), 0);
	T_EXPECT_INT(v, 7200);
	T_EXPECT_INT(fsx_duration_parse("1.5h", &v, NULL), -EINVAL);
}

static void test_fsx_dra_rules(void)
{
	cJSON *fs = json(
		"{\"FileSystemId\":\"fs-1\",\"FileSystemTypeVersion\":\"2.15\","
		"\"LustreConfiguration\":{\"DeploymentType\":\"PERSISTENT_2\"}}");
	cJSON *scratch = json(
		"{\"FileSystemId\":\"fs-2\",\"LustreConfiguration\":{\"DeploymentType\":\"SCRATCH_1\"}}");
	cJSON *none = json("[]");
	cJSON *one = json(
		"[{\"AssociationId\":\"dra-1\",\"FileSystemPath\":\"/ns1/\"}]");
	cJSON *eight = json("[{},{},{},{},{},{},{},{}]");
	struct fsx_why why;

	T_EXPECT_INT(fsx_dra_check(fs, none, "/", 0, NULL), 0);
	T_EXPECT_INT(fsx_dra_check(fs, one, "/ns2", 0, NULL), 0);
	T_EXPECT_INT(fsx_dra_check(fs, one, "/ns10", 0, NULL),
		     0); /* not a prefix at a '/' */
	T_EXPECT_INT(fsx_dra_check(fs, one, "/ns1/ns2", 0, &why), -EINVAL);
	T_OK(strstr(why.msg, "overlaps /ns1/ of dra-1") != NULL, "%s", why.msg);
	T_EXPECT_INT(fsx_dra_check(fs, one, "/ns1", 0, NULL), -EINVAL);
	T_EXPECT_INT(fsx_dra_check(fs, one, "/", 0, NULL), -EINVAL);
	T_EXPECT_INT(fsx_dra_check(fs, eight, "/x", 0, NULL), -EINVAL);
	T_EXPECT_INT(fsx_dra_check(fs, none, "ns1", 0, NULL), -EINVAL);
	T_EXPECT_INT(fsx_dra_check(scratch, none, "/x", 0, NULL), -EINVAL);
	aws_json_free(fs);
	aws_json_free(scratch);
	aws_json_free(none);
	aws_json_free(one);
	aws_json_free(eight);
}

static void test_fsx_update_rules(void)
{
	cJSON *p2 = json(
		"{\"Lifecycle\":\"AVAILABLE\",\"StorageCapacity\":2400,\"StorageType\":\"SSD\","
		"\"LustreConfiguration\":{\"DeploymentType\":\"PERSISTENT_2\",\"PerUnitStorageThroughput\":250,"
		"\"MetadataConfiguration\":{\"Iops\":12000,\"Mode\":\"USER_PROVISIONED\"}}}");
	cJSON *hdd = json(
		"{\"StorageCapacity\":6000,\"StorageType\":\"HDD\","
		"\"LustreConfiguration\":{\"DeploymentType\":\"PERSISTENT_1\",\"PerUnitStorageThroughput\":40}}");
	cJSON *efa = json(
		"{\"StorageCapacity\":38400,\"StorageType\":\"SSD\",\"LustreConfiguration\":"
		"{\"DeploymentType\":\"PERSISTENT_2\",\"PerUnitStorageThroughput\":125,\"EfaEnabled\":true}}");
	struct fsx_fs_update u = { .fs_id = "fs-1" };

	u.capacity = 4800;
	T_EXPECT_INT(fsx_fs_update_check(p2, &u, NULL), 0);
	u.capacity = 3600;
	T_EXPECT_INT(fsx_fs_update_check(p2, &u, NULL), -EINVAL);
	u.capacity = 2400;
	T_EXPECT_INT(fsx_fs_update_check(p2, &u, NULL),
		     -EINVAL); /* no growth */
	u.capacity = 7200;
	T_EXPECT_INT(fsx_fs_update_check(hdd, &u, NULL),
		     0); /* 1800 step at 40 */
	u.capacity = 57600;
	T_EXPECT_INT(fsx_fs_update_check(efa, &u, NULL),
		     -EINVAL); /* 38400 step */
	u.capacity = 76800;
	T_EXPECT_INT(fsx_fs_update_check(efa, &u, NULL), 0);
	u.capacity = 0;
	u.throughput = 500;
	T_EXPECT_INT(fsx_fs_update_check(p2, &u, NULL), 0);
	u.throughput = 100;
	T_EXPECT_INT(fsx_fs_update_check(p2, &u, NULL), -EINVAL);
	T_EXPECT_INT(fsx_fs_update_check(hdd, &u, NULL),
		     -EINVAL); /* HDD: fixed */
	u.throughput = 0;
	u.iops = 24000;
	u.iops_mode = "USER_PROVISIONED";
	T_EXPECT_INT(fsx_fs_update_check(p2, &u, NULL), 0);
	u.iops = 6000;
	T_EXPECT_INT(fsx_fs_update_check(p2, &u, NULL),
		     -EINVAL); /* never down */
	u.iops = 30000;
	T_EXPECT_INT(fsx_fs_update_check(p2, &u, NULL), -EINVAL);
	aws_json_free(p2);
	aws_json_free(hdd);
	aws_json_free(efa);
}

static void test_fsx_task_body(void)
{
	char *paths[] = { "ns1/a", "ns1/b" };
	struct fsx_task_spec t = { .type = "RELEASE_DATA_FROM_FILESYSTEM",
				   .fs_id = "fs-1",
				   .paths = paths,
				   .npaths = 2,
				   .older_than_days = 30,
				   .token = "tok" };
	size_t len;
	char *b = fsx_task_create_body(&t, &len);

	T_EXPECT_STR(
		b,
		"{\"Type\":\"RELEASE_DATA_FROM_FILESYSTEM\",\"FileSystemId\":\"fs-1\","
		"\"Paths\":[\"ns1/a\",\"ns1/b\"],\"Report\":{\"Enabled\":false},"
		"\"ReleaseConfiguration\":{\"DurationSinceLastAccess\":{\"Unit\":\"DAYS\",\"Value\":30}},"
		"\"ClientRequestToken\":\"tok\"}");
	T_EXPECT_INT(len, strlen(b));
	free(b);
}

int main(void)
{
	test_fsx_events_parse();
	test_fsx_s3_path();
	test_fsx_durations();
	test_fsx_dra_rules();
	test_fsx_update_rules();
	test_fsx_task_body();
	return t_done();
}
