/* SPDX-License-Identifier: MIT */
/*
 * The credential chain in botocore's order (aws-fsx-api.md §5.1): env,
 * role profiles, web identity, the credentials file, credential_process,
 * the config file, container credentials, IMDS. A provider that is
 * configured but broken stops the chain with its reason. This file and
 * credsrc.c are the only code that reads credential files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "aws/creds.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* "~/x" and "$HOME/x" style expansion of the leading ~ only. */
static char *expand(const char *path)
{
	const char *home = env("HOME");
	char *out;

	if (path[0] == '~' && (path[1] == '/' || !path[1]) && home) {
		if (asprintf(&out, "%s%s", home, path + 1) < 0)
			return NULL;
		return out;
	}
	return strdup(path);
}

int aws_read_small_file(const char *path, size_t max, char **ret,
			size_t *ret_len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	buf = malloc(max + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while ((n = read(fd, buf + len, max + 1 - len)) > 0) {
		len += (size_t)n;
		if (len > max)
			break;
	}
	close(fd);
	if (n < 0 || len > max) {
		int rc = n < 0 ? -errno : -EFBIG;

		free(buf);
		return rc;
	}
	buf[len] = 0;
	*ret = buf;
	*ret_len = len;
	return 0;
}

static int load_one(const char *var, const char *dflt, char **ret_path,
		    struct aws_ini **ret, struct fsx_why *why)
{
	char *text = NULL;
	size_t len;
	int rc;

	*ret_path = expand(env(var) ? env(var) : dflt);
	if (!*ret_path)
		return why_set(why, -ENOMEM, "out of memory");
	rc = aws_read_small_file(*ret_path, AWS_INI_MAX, &text, &len);
	if (rc == -ENOENT || rc == -ENOTDIR)
		return 0; /* a missing file is silently ignored */
	if (rc)
		return why_set(why, rc, "%s: cannot read", *ret_path);
	rc = aws_ini_parse(text, len, ret, why);
	free(text);
	if (rc) {
		char msg[sizeof(why->msg)];

		snprintf(msg, sizeof(msg), "%s", why ? why->msg : "");
		return why_set(why, rc, "%s: %s", *ret_path, msg);
	}
	return 0;
}

int aws_profiles_load(struct aws_session *s, struct fsx_why *why)
{
	int rc = load_one("AWS_CONFIG_FILE", "~/.aws/config", &s->config_path,
			  &s->config, why);

	if (!rc)
		rc = load_one("AWS_SHARED_CREDENTIALS_FILE",
			      "~/.aws/credentials", &s->credentials_path,
			      &s->credentials, why);
	return rc;
}

/* The config-file section of profile: [default] or [profile NAME]. */
static const struct aws_ini_section *config_section(const struct aws_session *s,
						    const char *profile)
{
	const struct aws_ini *ini = s->config;
	const struct aws_ini_section *def = NULL;

	for (size_t i = 0; ini && i < ini->nsec; i++) {
		const char *n = ini->sec[i].name;
		size_t len;

		if (!strcmp(profile, "default") && !strcmp(n, "default"))
			def = &ini->sec[i];
		if (strncmp(n, "profile", 7) || (n[7] != ' ' && n[7] != '\t'))
			continue;
		n += 8;
		n += strspn(n, " \t");
		len = strlen(n);
		if (len >= 2 && (n[0] == '"' || n[0] == '\'') &&
		    n[len - 1] == n[0])
			n++, len -= 2;
		if (strlen(profile) == len && !strncmp(n, profile, len))
			return &ini->sec[i];
	}
	return def;
}

const char *aws_profile_get(const struct aws_session *s, const char *profile,
			    const char *key)
{
	const char *v =
		aws_ini_get(aws_ini_section(s->credentials, profile), key);

	return v ? v : aws_ini_get(config_section(s, profile), key);
}

int aws_profile_exists(const struct aws_session *s, const char *profile)
{
	return aws_ini_section(s->credentials, profile) ||
	       config_section(s, profile);
}

int aws_creds_set(struct aws_creds *c, const char *akid, const char *secret,
		  const char *token, const char *source)
{
	memset(c, 0, sizeof(*c));
	c->access_key_id = strdup(akid);
	c->secret_access_key = strdup(secret);
	c->session_token = token && *token ? strdup(token) : NULL;
	snprintf(c->source, sizeof(c->source), "%s", source);
	if (!c->access_key_id || !c->secret_access_key ||
	    (token && *token && !c->session_token)) {
		aws_creds_release(c);
		return -ENOMEM;
	}
	return 0;
}

static int from_env(struct aws_creds *c, struct fsx_why *why)
{
	const char *akid = env("AWS_ACCESS_KEY_ID");
	const char *secret = env("AWS_SECRET_ACCESS_KEY");
	const char *tok = env("AWS_SECURITY_TOKEN"), *exp;

	if (!tok)
		tok = env("AWS_SESSION_TOKEN");
	if (!secret)
		return why_set(
			why, -EINVAL,
			"AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is empty");
	if (aws_creds_set(c, akid, secret, tok, "environment"))
		return why_set(why, -ENOMEM, "out of memory");
	if ((exp = env("AWS_CREDENTIAL_EXPIRATION")))
		c->expiration = aws_iso8601_parse(exp);
	return 0;
}

/* Static keys of profile in one file's section; 1 found, 0 none, <0 error. */
static int from_section(const struct aws_ini_section *sec, const char *what,
			struct aws_creds *c, struct fsx_why *why)
{
	const char *akid = aws_ini_get(sec, "aws_access_key_id");
	const char *secret = aws_ini_get(sec, "aws_secret_access_key");
	const char *tok = aws_ini_get(sec, "aws_security_token");
	char src[64];

	if (!akid || !*akid)
		return 0;
	if (!tok)
		tok = aws_ini_get(sec, "aws_session_token");
	if (!secret || !*secret)
		return why_set(
			why, -EINVAL,
			"%s profile '%s' has aws_access_key_id but no aws_secret_access_key",
			what, sec->name);
	snprintf(src, sizeof(src), "%s [%s]", what, sec->name);
	if (aws_creds_set(c, akid, secret, tok, src))
		return why_set(why, -ENOMEM, "out of memory");
	return 1;
}

int aws_creds_static(const struct aws_session *s, const char *profile,
		     struct aws_creds *c, struct fsx_why *why)
{
	int rc = from_section(aws_ini_section(s->credentials, profile),
			      "credentials file", c, why);

	if (rc)
		return rc;
	return from_section(config_section(s, profile), "config file", c, why);
}

/* Steps 2 to 8 for one profile (also a role's source_profile). */
int aws_creds_profile(struct aws_session *s, const char *profile, int depth,
		      int use_env, struct aws_creds *c, struct fsx_why *why)
{
	const char *role = aws_profile_get(s, profile, "role_arn");
	const char *wif =
		aws_profile_get(s, profile, "web_identity_token_file");
	const char *proc;
	int rc;

	if (depth > 8)
		return why_set(
			why, -ELOOP,
			"profile '%s': source_profile chain too long or looping",
			profile);
	if (role && !wif && depth < 8)
		return aws_creds_assume_role(s, profile, depth, c, why);
	if (use_env && env("AWS_WEB_IDENTITY_TOKEN_FILE"))
		wif = env("AWS_WEB_IDENTITY_TOKEN_FILE");
	if (wif)
		return aws_creds_web_identity(s, profile, wif, use_env, c, why);
	rc = from_section(aws_ini_section(s->credentials, profile),
			  "credentials file", c, why);
	if (rc)
		return rc < 0 ? rc : 0;
	proc = aws_profile_get(s, profile, "credential_process");
	if (proc)
		return aws_creds_process(s, profile, proc, c, why);
	rc = from_section(config_section(s, profile), "config file", c, why);
	if (rc)
		return rc < 0 ? rc : 0;
	return 1; /* nothing in this profile */
}

int aws_creds_resolve(struct aws_session *s, struct aws_creds *c,
		      struct fsx_why *why)
{
	const char *v;
	int rc;

	if (!s->profile_explicit && env("AWS_ACCESS_KEY_ID"))
		return from_env(c, why);
	rc = aws_creds_profile(s, s->profile, 0, !s->profile_explicit, c, why);
	if (rc <= 0)
		return rc;
	if (env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") ||
	    env("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
		return aws_creds_container(s, c, why);
	v = env("AWS_EC2_METADATA_DISABLED");
	if (!v || strcasecmp(v, "true")) {
		rc = aws_creds_imds(s, c, why);
		if (rc != -ENOENT)
			return rc;
	}
	return why_set(
		why, -ENOKEY,
		"no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, use --profile, or run where IRSA, Pod Identity or an instance role provides them");
}

time_t aws_iso8601_parse(const char *s)
{
	struct tm tm = { 0 };
	int n = 0, oh = 0, om = 0;
	char sign;
	time_t t;

	if (!s ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6)
		return 0;
	s += n;
	if (*s == '.')
		s += 1 + strspn(s + 1, "0123456789");
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31)
		return 0;
	t = timegm(&tm);
	if (*s == 'Z' || *s == 'z' || !*s)
		return t;
	if (sscanf(s, "%c%2d:%2d", &sign, &oh, &om) == 3 &&
	    (sign == '+' || sign == '-'))
		return sign == '+' ? t - (oh * 3600 + om * 60) :
				     t + (oh * 3600 + om * 60);
	return 0;
}
