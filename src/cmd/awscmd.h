/* SPDX-License-Identifier: MIT */
/*
 * What every control-plane command shares: the AWS option rows (one
 * macro, STYLE.md §2), opening the session, one-line error reports, the
 * table / text / json printers and the --wait loops.
 */
#ifndef FSX_CMD_AWSCMD_H
#define FSX_CMD_AWSCMD_H

#include "cmd/cmd.h"
#include "aws/fsx.h"

struct aws_opts {
	const char *profile, *region, *endpoint_url, *ca_bundle, *output;
	const char *max_attempts, *connect_timeout, *read_timeout;
	int no_verify_ssl;
};

#define AWS_OPTS(type)                                                                                \
	OPT_STR(0, "region", "REGION", FSX_FIELD(type, aws.region),                                   \
		"AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile, IMDS)"),               \
		OPT_STR(0, "profile", "NAME", FSX_FIELD(type, aws.profile),                           \
			"profile of ~/.aws/config and ~/.aws/credentials (hides AWS_ACCESS_KEY_ID)"), \
		OPT_STR(0, "endpoint-url", "URL",                                                     \
			FSX_FIELD(type, aws.endpoint_url),                                            \
			"FSx endpoint (else AWS_ENDPOINT_URL_FSX, AWS_ENDPOINT_URL)"),                \
		OPT_STR(0, "output", "FORMAT", FSX_FIELD(type, aws.output),                           \
			"table (default), text (tab-separated) or json (the API's shape)",            \
			.complete = COMPLETE_WORDS,                                                   \
			.words = "table text json"),                                                  \
		OPT_STR(0, "ca-bundle", "FILE",                                                       \
			FSX_FIELD(type, aws.ca_bundle),                                               \
			"CA certificates to verify TLS with (else AWS_CA_BUNDLE)",                    \
			.complete = COMPLETE_FILE),                                                   \
		OPT_FLAG(                                                                             \
			0, "no-verify-ssl",                                                           \
			FSX_FIELD(type, aws.no_verify_ssl), 1,                                        \
			"do not verify the endpoint's TLS certificate (unsafe)"),                     \
		OPT_STR(0, "max-attempts", "N",                                                       \
			FSX_FIELD(type, aws.max_attempts),                                            \
			"attempts per call, retries included (else AWS_MAX_ATTEMPTS, 3)"),            \
		OPT_STR(0, "cli-connect-timeout", "SECONDS",                                          \
			FSX_FIELD(type, aws.connect_timeout),                                         \
			"give up connecting after this long (default 60, 0 = never)"),                \
		OPT_STR(0, "cli-read-timeout", "SECONDS",                                             \
			FSX_FIELD(type, aws.read_timeout),                                            \
			"give up on a response after this long (default 60, 0 = never)")

/* The version member of every control-plane --json document (docs/json.md). */
#define AWSCMD_JSON_VERSION 1

enum awscmd_fmt { FMT_TABLE, FMT_TEXT, FMT_JSON };

struct awscmd {
	struct fsx_ctx *ctx;
	struct aws_session s;
	enum awscmd_fmt fmt;
	struct aws_error err;
	struct fsx_why why;
};

/* Opens the session; 0, or an exit code after printing the error. */
int awscmd_open(struct awscmd *a, struct fsx_ctx *ctx,
		const struct aws_opts *o);
void awscmd_close(struct awscmd *a);
/* Prints the failure of op (service error or local) once; returns 1. */
int awscmd_fail(struct awscmd *a, const char *subject, int rc);
/* Resolves --fs / a path to a file system; 0 or an exit code. */
int awscmd_target(struct awscmd *a, const char *fs_opt, const char *path,
		  struct fsx_target *t);
/* Parses a count option value; 0 or prints a usage error (exit 2). */
int awscmd_count(struct awscmd *a, const char *opt, const char *v,
		 long long min, long long max, long long *ret);

struct awscmd_col {
	const char *header;
	const char *path; /* dotted JSON path in each item */
	int kind;	  /* 0 text, 1 epoch time, 2 list joined by ',' */
};
/* Prints doc (API shape) as json, or its list under key as table/text. */
void awscmd_print_list(struct awscmd *a, const cJSON *doc, const char *key,
		       const struct awscmd_col *cols);
/* Prints one item as json ({key: item} or doc), or KEY VALUE rows. */
void awscmd_print_item(struct awscmd *a, const cJSON *doc, const cJSON *item,
		       const struct awscmd_col *cols);

/* A ClientRequestToken: the user's, or a fresh UUID4 into buf. */
const char *awscmd_token(const char *given, char buf[37]);

/* Sleeps for the next poll of a --wait loop; 0, or 3 when past deadline. */
/*
 * One id's answer in a bulk call (backup delete, task cancel): the API's
 * JSON, or "ID<TAB>Lifecycle" (fallback when the answer lacks id_key).
 */
void awscmd_print_result(struct awscmd *a, const cJSON *resp,
			 const char *id_key, const char *fallback);
/* After a bulk call with failures: "fsxctl: CMD: N done, M failed". */
void awscmd_bulk_summary(struct awscmd *a, const char *done_word, size_t n,
			 int failed);
int awscmd_poll_sleep(struct awscmd *a, int round, double deadline);
double awscmd_now(void);
int awscmd_is_tty(struct awscmd *a);

#endif
