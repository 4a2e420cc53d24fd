/* SPDX-License-Identifier: MIT */
/*
 * The credential chain, region and endpoint order of aws-fsx-api.md §5,
 * with temporary AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE and AWS_*
 * variables. No network: IMDS is disabled, STS is never reached.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "tap.h"
#include "aws/creds.h"

static char dir[] = "/tmp/fsx-test-creds.XXXXXX";
static char cfg[256], cred[256];

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void clean_env(void)
{
	static const char *const vars[] = {
		"AWS_ACCESS_KEY_ID",
		"AWS_SECRET_ACCESS_KEY",
		"AWS_SESSION_TOKEN",
		"AWS_SECURITY_TOKEN",
		"AWS_PROFILE",
		"AWS_DEFAULT_PROFILE",
		"AWS_REGION",
		"AWS_DEFAULT_REGION",
		"AWS_ENDPOINT_URL",
		"AWS_ENDPOINT_URL_FSX",
		"AWS_WEB_IDENTITY_TOKEN_FILE",
		"AWS_ROLE_ARN",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
		"AWS_MAX_ATTEMPTS",
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
		NULL
	};

	for (size_t i = 0; vars[i]; i++)
		unsetenv(vars[i]);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	setenv("AWS_CONFIG_FILE", cfg, 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", cred, 1);
	put(cfg, "");
	put(cred, "");
}

/* Opens a session with --profile (or NULL) and resolves credentials. */
static int resolve(const char *profile, struct aws_creds *c,
		   struct fsx_why *why)
{
	struct aws_conf conf = { .profile = profile,
				 .region = "us-east-1",
				 .connect_timeout_ms = -1,
				 .read_timeout_ms = -1 };
	struct aws_session s;
	int rc = aws_session_open(&s, &conf, why);

	if (!rc)
		rc = aws_creds_resolve(&s, c, why);
	aws_session_release(&s);
	return rc;
}

static void test_creds_env_beats_files(void)
{
	struct aws_creds c = { 0 };

	clean_env();
	put(cred,
	    "[default]\naws_access_key_id = AKFILE\naws_secret_access_key = s\n");
	setenv("AWS_ACCESS_KEY_ID", "AKENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "secret", 1);
	T_EXPECT_INT(resolve(NULL, &c, NULL), 0);
	T_EXPECT_STR(c.access_key_id, "AKENV");
	aws_creds_release(&c);
}

static void test_creds_profile_option_hides_env(void)
{
	struct aws_creds c = { 0 };

	clean_env();
	put(cred,
	    "[dev]\naws_access_key_id = AKDEV\naws_secret_access_key = s\n");
	setenv("AWS_ACCESS_KEY_ID", "AKENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "secret", 1);
	T_EXPECT_INT(resolve("dev", &c, NULL), 0);
	T_EXPECT_STR(c.access_key_id, "AKDEV");
	aws_creds_release(&c);
	/* AWS_PROFILE does not hide them */
	setenv("AWS_PROFILE", "dev", 1);
	T_EXPECT_INT(resolve(NULL, &c, NULL), 0);
	T_EXPECT_STR(c.access_key_id, "AKENV");
	aws_creds_release(&c);
}

static void test_creds_missing_profile_is_an_error(void)
{
	struct aws_creds c = { 0 };
	struct fsx_why why = { "" };

	clean_env();
	setenv("AWS_ACCESS_KEY_ID", "AKENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "secret", 1);
	setenv("AWS_PROFILE", "nosuch", 1);
	T_EXPECT_INT(resolve(NULL, &c, &why), -ENOENT);
	T_OK(strstr(why.msg, "profile 'nosuch' not found") != NULL, "%s",
	     why.msg);
}

static void test_creds_security_token_first(void)
{
	struct aws_creds c = { 0 };

	clean_env();
	setenv("AWS_ACCESS_KEY_ID", "AKENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "secret", 1);
	setenv("AWS_SESSION_TOKEN", "session", 1);
	setenv("AWS_SECURITY_TOKEN", "security", 1);
	T_EXPECT_INT(resolve(NULL, &c, NULL), 0);
	T_EXPECT_STR(c.session_token, "security");
	aws_creds_release(&c);
}

static void test_creds_partial_env_stops_chain(void)
{
	struct aws_creds c = { 0 };
	struct fsx_why why = { "" };

	clean_env();
	put(cred,
	    "[default]\naws_access_key_id = AKFILE\naws_secret_access_key = s\n");
	setenv("AWS_ACCESS_KEY_ID", "AKENV", 1);
	T_EXPECT_INT(resolve(NULL, &c, &why), -EINVAL);
	T_OK(strstr(why.msg, "AWS_SECRET_ACCESS_KEY") != NULL, "%s", why.msg);
}

static void test_creds_credentials_file_beats_config(void)
{
	struct aws_creds c = { 0 };

	clean_env();
	put(cfg,
	    "[profile p]\naws_access_key_id = AKCFG\naws_secret_access_key = s\n");
	put(cred,
	    "[p]\naws_access_key_id = AKCRED\naws_secret_access_key = s\n");
	T_EXPECT_INT(resolve("p", &c, NULL), 0);
	T_EXPECT_STR(c.access_key_id, "AKCRED");
	aws_creds_release(&c);
	put(cred, "");
	T_EXPECT_INT(resolve("p", &c, NULL), 0);
	T_EXPECT_STR(c.access_key_id, "AKCFG");
	aws_creds_release(&c);
}

static void test_creds_profile_word_in_credentials_file(void)
{
	struct aws_creds c = { 0 };
	struct fsx_why why = { "" };

	clean_env();
	put(cred,
	    "[profile x]\naws_access_key_id = AK\naws_secret_access_key = s\n");
	T_EXPECT_INT(resolve("x", &c, &why), -ENOENT);
	T_EXPECT_INT(resolve("profile x", &c, NULL), 0);
	aws_creds_release(&c);
	/* [x] in the config file is not a profile */
	put(cred, "");
	put(cfg, "[x]\naws_access_key_id = AK\naws_secret_access_key = s\n");
	T_EXPECT_INT(resolve("x", &c, &why), -ENOENT);
}

static void test_creds_process(void)
{
	char script[300], text[600];
	struct aws_creds c = { 0 };
	struct fsx_why why = { "" };

	clean_env();
	snprintf(script, sizeof(script), "%s/proc.sh", dir);
	put(script,
	    "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKPROC\", "
	    "\"SecretAccessKey\": \"s\", \"SessionToken\": \"t\", "
	    "\"Expiration\": \"2099-01-01T00:00:00Z\"}'\n");
	chmod(script, 0755);
	snprintf(text, sizeof(text),
		 "[profile p]\ncredential_process = %s --flag 'a b'\n", script);
	put(cfg, text);
	T_EXPECT_INT(resolve("p", &c, &why), 0);
	T_EXPECT_STR(c.access_key_id, "AKPROC");
	T_EXPECT_STR(c.session_token, "t");
	T_EXPECT_INT(c.expiration, 4070908800);
	aws_creds_release(&c);
	put(script,
	    "#!/bin/sh\necho '{\"Version\": \"1\", \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"s\"}'\n");
	T_EXPECT_INT(resolve("p", &c, &why), -EBADMSG);
	put(script, "#!/bin/sh\necho 'sso expired' >&2\nexit 3\n");
	T_EXPECT_INT(resolve("p", &c, &why), -EPERM);
	T_OK(strstr(why.msg, "exited 3: sso expired") != NULL, "%s", why.msg);
}

static void test_creds_role_without_source(void)
{
	struct aws_creds c = { 0 };
	struct fsx_why why = { "" };

	clean_env();
	put(cfg, "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/x\n"
		 "aws_access_key_id = AK\naws_secret_access_key = s\n");
	T_EXPECT_INT(resolve("r", &c, &why), -EINVAL);
	T_OK(strstr(why.msg, "neither source_profile nor credential_source") !=
		     NULL,
	     "%s", why.msg);
}

static void test_creds_none(void)
{
	struct aws_creds c = { 0 };
	struct fsx_why why = { "" };

	clean_env();
	T_EXPECT_INT(resolve(NULL, &c, &why), -ENOKEY);
	T_OK(strstr(why.msg, "no credentials") != NULL, "%s", why.msg);
}

static void test_creds_malformed_file(void)
{
	struct aws_creds c = { 0 };
	struct fsx_why why = { "" };

	clean_env();
	put(cred, "[default]\naws_access_key_id\n");
	T_EXPECT_INT(resolve(NULL, &c, &why), -EINVAL);
	T_OK(strstr(why.msg, cred) && strstr(why.msg, "line 2"), "%s", why.msg);
}

static void test_session_region_order(void)
{
	struct aws_conf conf = { .connect_timeout_ms = -1,
				 .read_timeout_ms = -1 };
	struct aws_session s;

	clean_env();
	put(cfg, "[default]\nregion = eu-west-1 # inline comments are kept\n");
	T_EXPECT_INT(aws_session_open(&s, &conf, NULL), 0);
	T_EXPECT_STR(s.region, "eu-west-1 # inline comments are kept");
	aws_session_release(&s);
	setenv("AWS_DEFAULT_REGION", "us-west-2", 1);
	T_EXPECT_INT(aws_session_open(&s, &conf, NULL), 0);
	T_EXPECT_STR(s.region, "us-west-2");
	aws_session_release(&s);
	setenv("AWS_REGION", "us-east-2", 1);
	T_EXPECT_INT(aws_session_open(&s, &conf, NULL), 0);
	T_EXPECT_STR(s.region, "us-east-2");
	T_EXPECT_STR(s.endpoint, "https://fsx.us-east-2.amazonaws.com");
	T_EXPECT_STR(s.host, "fsx.us-east-2.amazonaws.com");
	aws_session_release(&s);
	conf.region = "ap-south-1";
	T_EXPECT_INT(aws_session_open(&s, &conf, NULL), 0);
	T_EXPECT_STR(s.region, "ap-south-1");
	aws_session_release(&s);
}

static void test_session_endpoint_order(void)
{
	struct aws_conf conf = { .region = "us-east-1",
				 .connect_timeout_ms = -1,
				 .read_timeout_ms = -1 };
	struct aws_session s;

	clean_env();
	put(cfg,
	    "[default]\nservices = mine\n[services mine]\nfsx =\n  endpoint_url = http://127.0.0.1:1\n");
	T_EXPECT_INT(aws_session_open(&s, &conf, NULL), 0);
	T_EXPECT_STR(s.host, "127.0.0.1:1");
	aws_session_release(&s);
	setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:2", 1);
	T_EXPECT_INT(aws_session_open(&s, &conf, NULL), 0);
	T_EXPECT_STR(s.host, "127.0.0.1:2");
	aws_session_release(&s);
	setenv("AWS_ENDPOINT_URL_FSX", "http://127.0.0.1:3/", 1);
	T_EXPECT_INT(aws_session_open(&s, &conf, NULL), 0);
	T_EXPECT_STR(s.host, "127.0.0.1:3");
	aws_session_release(&s);
	conf.endpoint_url = "https://fsx.example:443";
	T_EXPECT_INT(aws_session_open(&s, &conf, NULL), 0);
	T_EXPECT_STR(s.host, "fsx.example");
	aws_session_release(&s);
}

/* Temporary credentials are fetched again once inside 15 min of expiry. */
static void test_creds_refresh_before_expiry(void)
{
	char script[300], count[300], text[700];
	struct aws_conf conf = { .region = "us-east-1",
				 .connect_timeout_ms = -1,
				 .read_timeout_ms = -1 };
	struct aws_session s;
	FILE *f;
	int n = 0;

	clean_env();
	snprintf(script, sizeof(script), "%s/refresh.sh", dir);
	snprintf(count, sizeof(count), "%s/count", dir);
	snprintf(
		text, sizeof(text),
		"#!/bin/sh\necho x >> %s\n"
		"echo '{\"Version\": 1, \"AccessKeyId\": \"AK\", \"SecretAccessKey\": \"s\", "
		"\"SessionToken\": \"t\", \"Expiration\": \"'$(date -u -d '+5 min' +%%Y-%%m-%%dT%%H:%%M:%%SZ)'\"}'\n",
		count);
	put(script, text);
	chmod(script, 0755);
	snprintf(text, sizeof(text), "[default]\ncredential_process = %s\n",
		 script);
	put(cfg, text);
	T_EXPECT_INT(aws_session_open(&s, &conf, NULL), 0);
	T_EXPECT_INT(aws_session_creds(&s, NULL), 0);
	T_EXPECT_INT(aws_session_creds(&s, NULL),
		     0); /* 5 min left: fetched again */
	aws_session_release(&s);
	f = fopen(count, "r");
	while (f && fgets(text, sizeof(text), f))
		n++;
	if (f)
		fclose(f);
	T_EXPECT_INT(n, 2);
}

static void test_iso8601(void)
{
	T_EXPECT_INT(aws_iso8601_parse("2026-11-25T11:57:32.424506Z"),
		     1795607852);
	T_EXPECT_INT(aws_iso8601_parse("2026-11-25T12:57:32+01:00"),
		     1795607852);
	T_EXPECT_INT(aws_iso8601_parse("yesterday"), 0);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(cfg, sizeof(cfg), "%s/config", dir);
	snprintf(cred, sizeof(cred), "%s/credentials", dir);
	test_creds_env_beats_files();
	test_creds_profile_option_hides_env();
	test_creds_missing_profile_is_an_error();
	test_creds_security_token_first();
	test_creds_partial_env_stops_chain();
	test_creds_credentials_file_beats_config();
	test_creds_profile_word_in_credentials_file();
	test_creds_process();
	test_creds_role_without_source();
	test_creds_none();
	test_creds_malformed_file();
	test_session_region_order();
	test_session_endpoint_order();
	test_creds_refresh_before_expiry();
	test_iso8601();
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd))
			return 1;
	}
	return t_done();
}
