/* SPDX-License-Identifier: MIT */
/*
 * One control-plane session: the resolved profile, region, endpoint,
 * credentials (refreshed before they expire), one keep-alive connection,
 * the clock offset learnt from the server and the retry quota. Built from
 * the shared AWS options (struct aws_conf) and the environment, in the
 * SDKs' order (aws-fsx-api.md §5).
 */
#ifndef FSX_AWS_SESSION_H
#define FSX_AWS_SESSION_H

#include <stdio.h>
#include <time.h>
#include "aws/http.h"
#include "aws/ini.h"
#include "aws/json.h"
#include "aws/retry.h"
#include "aws/sigv4.h"
#include "util/why.h"

/* What the command line gave; NULL / 0 / -1 = not given. */
struct aws_conf {
	const char *profile;
	const char *region;
	const char *endpoint_url;
	const char *ca_bundle;
	int no_verify_ssl;
	int max_attempts;	 /* 0: not given */
	long connect_timeout_ms; /* -1: not given; 0: none */
	long read_timeout_ms;
	FILE *debug; /* --debug log, or NULL */
};

struct aws_session {
	char *profile; /* the profile in use ("default" when none named) */
	int profile_explicit; /* --profile: env keys hidden */
	int profile_named; /* --profile, AWS_DEFAULT_PROFILE or AWS_PROFILE */
	char *region;
	char *region_source;
	char *endpoint; /* scheme://host[:port] */
	char *host;	/* host[:port] as signed */
	char *ca_bundle;
	int insecure;
	int max_attempts;
	int new2026;
	double retry_scale; /* FSXCTL_RETRY_SCALE: tests shorten the backoff */
	long connect_ms, read_ms;
	struct aws_ini *config, *credentials;
	char *config_path, *credentials_path;
	struct aws_creds creds;
	int have_creds;
	FILE *debug;
	struct aws_http *http;
	long clock_offset; /* server - local, seconds */
	struct aws_retry_quota quota;
};

/* Resolves profile, region and endpoint (no network, no credentials yet). */
int aws_session_open(struct aws_session *s, const struct aws_conf *conf,
		     struct fsx_why *why);
void aws_session_release(struct aws_session *s);

/* A profile key: credentials file first, then config ([profile x]). */
const char *aws_profile_get(const struct aws_session *s, const char *profile,
			    const char *key);
int aws_profile_exists(const struct aws_session *s, const char *profile);
/* Reads and parses the shared files (creds.c: the credential-file door). */
int aws_profiles_load(struct aws_session *s, struct fsx_why *why);

/* Valid credentials for signing, resolved or refreshed as needed. */
int aws_session_creds(struct aws_session *s, struct fsx_why *why);
/* The credential chain, once (creds.c). */
int aws_creds_resolve(struct aws_session *s, struct aws_creds *ret,
		      struct fsx_why *why);
/* ISO 8601 (2026-11-25T11:57:32.424506Z, +00:00 offsets) to time_t; 0 bad. */
time_t aws_iso8601_parse(const char *s);

/* Current time as the server sees it (local clock + learnt offset). */
time_t aws_session_now(const struct aws_session *s);

/* Makes sure s->http exists (loads libcurl). */
int aws_session_http(struct aws_session *s, struct fsx_why *why);

/*
 * One FSx operation: signs, sends, retries (standard mode), corrects clock
 * skew. 0 and the parsed response; -EREMOTEIO with err filled for a
 * service error; another -errno with why for transport or local failures.
 */
int aws_fsx_call(struct aws_session *s, const char *op, const char *body,
		 size_t len, cJSON **ret, struct aws_error *err,
		 struct fsx_why *why);

/* A signed (or unsigned: creds NULL) form POST to STS; ret_body malloc'd. */
int aws_sts_call(struct aws_session *s, const struct aws_creds *creds,
		 const char *form, char **ret_body, struct aws_error *err,
		 struct fsx_why *why);

#endif
