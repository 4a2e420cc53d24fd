/* SPDX-License-Identifier: MIT */
/*
 * Session set-up: profile, region, endpoint, TLS and retry settings from
 * the command line, the environment and the profile, in the order of the
 * AWS SDKs and CLI v2 (aws-fsx-api.md §5.10, §5.11, §6.1, §7.1).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "aws/creds.h"
#include "util/parse.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static int truthy(const char *v)
{
	return v && !strcasecmp(v, "true");
}

static int set(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? strdup(v) : NULL;
	return v && !*dst ? -ENOMEM : 0;
}

static const char *profile_or_services(const struct aws_session *s,
				       const char *key, const char *svc_key)
{
	const char *svc = aws_profile_get(s, s->profile, "services");
	char sec[256];

	if (svc) {
		const struct aws_ini_section *sect;

		snprintf(sec, sizeof(sec), "services %s", svc);
		sect = aws_ini_section(s->config, sec);
		if (aws_ini_get(sect, svc_key))
			return aws_ini_get(sect, svc_key);
	}
	return aws_profile_get(s, s->profile, key);
}

static int resolve_endpoint(struct aws_session *s, const struct aws_conf *c,
			    struct fsx_why *why)
{
	const char *url = c->endpoint_url, *p;
	int ignore = truthy(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ||
		     truthy(aws_profile_get(s, s->profile,
					    "ignore_configured_endpoint_urls"));
	char buf[512];

	if (!url && !ignore) {
		url = env("AWS_ENDPOINT_URL_FSX");
		if (!url)
			url = env("AWS_ENDPOINT_URL");
		if (!url)
			url = profile_or_services(s, "endpoint_url",
						  "fsx.endpoint_url");
	}
	if (!url) {
		if (!s->region)
			return why_set(
				why, -EINVAL,
				"no region: use --region, AWS_REGION or 'region' in the profile");
		snprintf(buf, sizeof(buf), "https://fsx.%s.%s", s->region,
			 !strncmp(s->region, "cn-", 3) ? "amazonaws.com.cn" :
							 "amazonaws.com");
		url = buf;
	}
	p = strstr(url, "://");
	if (!p || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) ||
	    !p[3])
		return why_set(
			why, -EINVAL,
			"endpoint URL '%s' is not http:// or https://HOST",
			url);
	if (set(&s->endpoint, url) || set(&s->host, p + 3))
		return -ENOMEM;
	s->host[strcspn(s->host, "/?#")] = 0;
	/* the default port is not part of the signed host */
	if (!strncmp(url, "https://", 8) && (p = strstr(s->host, ":443")) &&
	    !p[4])
		s->host[p - s->host] = 0;
	if (!strncmp(url, "http://", 7) && (p = strstr(s->host, ":80")) &&
	    !p[3])
		s->host[p - s->host] = 0;
	return 0;
}

static int resolve_region(struct aws_session *s, const struct aws_conf *c)
{
	const char *r = c->region, *src = "--region";

	if (!r && (r = env("AWS_REGION")))
		src = "AWS_REGION";
	if (!r && (r = env("AWS_DEFAULT_REGION")))
		src = "AWS_DEFAULT_REGION";
	if (!r && (r = aws_profile_get(s, s->profile, "region")))
		src = "profile";
	if (!r && !c->endpoint_url && !aws_imds_region(s, &s->region)) {
		s->region_source = strdup("instance metadata");
		return s->region_source ? 0 : -ENOMEM;
	}
	if (set(&s->region, r) || set(&s->region_source, r ? src : NULL))
		return -ENOMEM;
	return 0;
}

static long timeout_env(long given, const char *key, long dflt)
{
	(void)key;
	return given >= 0 ? given : dflt;
}

static int resolve_retry(struct aws_session *s, const struct aws_conf *c,
			 struct fsx_why *why)
{
	const char *v = env("AWS_MAX_ATTEMPTS");
	long long n = 3;

	if (!v)
		v = aws_profile_get(s, s->profile, "max_attempts");
	if (c->max_attempts > 0)
		n = c->max_attempts;
	else if (v && parse_long(v, 1, 100, &n))
		return why_set(
			why, -EINVAL,
			"max attempts '%s' is not a number from 1 to 100", v);
	s->max_attempts = (int)n;
	s->new2026 = truthy(env("AWS_NEW_RETRIES_2026"));
	s->retry_scale = 1.0;
	if ((v = env("FSXCTL_RETRY_SCALE")))
		s->retry_scale = strtod(v, NULL);
	s->quota = (struct aws_retry_quota)AWS_RETRY_QUOTA_INIT;
	return 0;
}

int aws_session_open(struct aws_session *s, const struct aws_conf *c,
		     struct fsx_why *why)
{
	const char *p = c->profile, *ca;
	int rc;

	memset(s, 0, sizeof(*s));
	s->debug = c->debug;
	s->profile_explicit = !!p;
	if (!p)
		p = env("AWS_DEFAULT_PROFILE");
	if (!p)
		p = env("AWS_PROFILE");
	s->profile_named = !!p;
	if (set(&s->profile, p ? p : "default"))
		return why_set(why, -ENOMEM, "out of memory");
	rc = aws_profiles_load(s, why);
	if (rc)
		return rc;
	if (s->profile_named && !aws_profile_exists(s, s->profile))
		return why_set(why, -ENOENT,
			       "profile '%s' not found in %s or %s", s->profile,
			       s->config_path, s->credentials_path);
	rc = resolve_region(s, c);
	if (!rc)
		rc = resolve_endpoint(s, c, why);
	if (!rc)
		rc = resolve_retry(s, c, why);
	if (rc)
		return rc == -ENOMEM ? why_set(why, rc, "out of memory") : rc;
	ca = c->ca_bundle ? c->ca_bundle : env("AWS_CA_BUNDLE");
	if (!ca)
		ca = aws_profile_get(s, s->profile, "ca_bundle");
	if (set(&s->ca_bundle, ca))
		return why_set(why, -ENOMEM, "out of memory");
	s->insecure = c->no_verify_ssl;
	s->connect_ms = timeout_env(c->connect_timeout_ms, NULL, 60000);
	s->read_ms = timeout_env(c->read_timeout_ms, NULL, 60000);
	return 0;
}

void aws_session_release(struct aws_session *s)
{
	free(s->profile);
	free(s->region);
	free(s->region_source);
	free(s->endpoint);
	free(s->host);
	free(s->ca_bundle);
	free(s->config_path);
	free(s->credentials_path);
	aws_ini_free(s->config);
	aws_ini_free(s->credentials);
	aws_creds_release(&s->creds);
	aws_http_free(s->http);
	memset(s, 0, sizeof(*s));
}

time_t aws_session_now(const struct aws_session *s)
{
	return time(NULL) + s->clock_offset;
}

int aws_session_http(struct aws_session *s, struct fsx_why *why)
{
	struct aws_http_opts o = {
		.ca_bundle = s->ca_bundle,
		.insecure = s->insecure,
		.connect_timeout_ms = s->connect_ms,
		.timeout_ms = s->read_ms,
	};

	if (s->http)
		return 0;
	return aws_http_new(&o, &s->http, why);
}

int aws_session_creds(struct aws_session *s, struct fsx_why *why)
{
	time_t now = time(NULL);
	struct aws_creds fresh = { 0 };
	int rc;

	if (s->have_creds &&
	    (!s->creds.expiration || s->creds.expiration - now > 15 * 60))
		return 0;
	rc = aws_creds_resolve(s, &fresh, why);
	if (rc) {
		/* advisory window: keep credentials valid for 10 more minutes */
		if (s->have_creds && s->creds.expiration - now > 10 * 60)
			return 0;
		return rc;
	}
	if (fresh.expiration && fresh.expiration <= now) {
		aws_creds_release(&fresh);
		return why_set(why, -EKEYEXPIRED,
			       "credentials from %s have already expired",
			       fresh.source);
	}
	aws_creds_release(&s->creds);
	s->creds = fresh;
	s->have_creds = 1;
	return 0;
}
