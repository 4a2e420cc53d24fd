/* SPDX-License-Identifier: MIT */
/*
 * The SDKs' standard retry mode (aws-fsx-api.md §6.2), as pure functions:
 * which failures are retried, the jittered backoff, the retry quota; and
 * service errors parsed into one struct (§1.4, §1.5).
 */
#ifndef FSX_AWS_RETRY_H
#define FSX_AWS_RETRY_H

#include <stddef.h>

enum aws_retry_kind {
	AWS_RETRY_NO = 0,
	AWS_RETRY_TRANSIENT, /* 500/502/503/504, connection errors */
	AWS_RETRY_TIMEOUT,   /* connect or read timeout: costs more quota */
	AWS_RETRY_THROTTLE,  /* Throttling, ThrottlingException, ... */
	AWS_RETRY_SKEW,	     /* clock skew: re-sign with the server's time */
};

/* transport_rc: 0 when a response came, else the -errno of aws_http_send. */
enum aws_retry_kind aws_retry_classify(int transport_rc, long status,
				       const char *code);
int aws_retry_is_skew_code(const char *code);

/*
 * Delay before retry number attempt (1 = the first retry), r in [0, 1):
 * r * min(2^(attempt-1), 20) s (classic standard mode); with new2026 set,
 * non-throttling errors start at 50 ms and x-amz-retry-after is honoured.
 */
long aws_retry_delay_ms(enum aws_retry_kind kind, int attempt, double r,
			int new2026, const char *retry_after);

struct aws_retry_quota {
	int tokens; /* starts at 500 */
	int last_cost;
};
#define AWS_RETRY_QUOTA_INIT \
	{                    \
		500, 0       \
	}
/* Takes the cost of one retry; 0, or -1 when the quota is spent. */
int aws_retry_quota_take(struct aws_retry_quota *q, enum aws_retry_kind kind,
			 int new2026);
/* A success: refunds the last retry's cost, or 1 when none was needed. */
void aws_retry_quota_success(struct aws_retry_quota *q, int retried);

struct aws_error {
	long status;	/* HTTP status, 0 for transport failures */
	char code[128]; /* sanitised: namespace and :suffix cut */
	char message[512];
	char parameter[64]; /* IncompatibleParameterError's Parameter */
	int attempts;	    /* attempts made before giving up */
	int config;	    /* credentials or configuration, not the call */
};

/*
 * Fills err from a failed response: code from x-amzn-ErrorType, else body
 * __type, else body code, else the status number; message from message or
 * Message. Handles JSON bodies and the XML ErrorResponse of STS and moto.
 */
void aws_error_parse(long status, const char *error_type, const char *body,
		     size_t len, struct aws_error *err);
/* A one-line hint for common causes, or NULL. */
const char *aws_error_hint(const struct aws_error *err);

#endif
