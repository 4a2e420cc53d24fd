/* SPDX-License-Identifier: MIT */
/* Retry classification, backoff, quota; error bodies parsed into aws_error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/json.h"
#include "aws/retry.h"

static const char *const throttle_codes[] = {
	"Throttling",
	"ThrottlingException",
	"ThrottledException",
	"RequestThrottledException",
	"TooManyRequestsException",
	"ProvisionedThroughputExceededException",
	"TransactionInProgressException",
	"RequestLimitExceeded",
	"BandwidthLimitExceeded",
	"LimitExceededException",
	"RequestThrottled",
	"SlowDown",
	"PriorRequestNotComplete",
	"EC2ThrottledException",
	NULL
};
static const char *const transient_codes[] = { "RequestTimeout",
					       "RequestTimeoutException",
					       "PriorRequestNotComplete",
					       "IDPCommunicationError", NULL };
static const char *const skew_codes[] = { "RequestTimeTooSkewed",
					  "RequestExpired",
					  "RequestInTheFuture",
					  "InvalidSignatureException",
					  "SignatureDoesNotMatch",
					  "AuthFailure",
					  NULL };

static int in(const char *const *list, const char *code)
{
	for (size_t i = 0; code && list[i]; i++)
		if (!strcmp(list[i], code))
			return 1;
	return 0;
}

int aws_retry_is_skew_code(const char *code)
{
	return in(skew_codes, code);
}

enum aws_retry_kind aws_retry_classify(int transport_rc, long status,
				       const char *code)
{
	switch (transport_rc) {
	case 0:
		break;
	case -ETIMEDOUT:
		return AWS_RETRY_TIMEOUT;
	case -ECONNREFUSED:
	case -ECONNRESET:
	case -EHOSTUNREACH:
	case -EPROTO:
		return AWS_RETRY_TRANSIENT;
	default:
		return AWS_RETRY_NO;
	}
	if (in(throttle_codes, code))
		return AWS_RETRY_THROTTLE;
	if (in(transient_codes, code))
		return AWS_RETRY_TRANSIENT;
	if (status == 500 || status == 502 || status == 503 || status == 504)
		return AWS_RETRY_TRANSIENT;
	return AWS_RETRY_NO;
}

long aws_retry_delay_ms(enum aws_retry_kind kind, int attempt, double r,
			int new2026, const char *retry_after)
{
	double base = (new2026 && kind != AWS_RETRY_THROTTLE) ? 0.05 : 1.0;
	double cap = base, t;

	for (int i = 1; i < attempt && cap < 20; i++)
		cap *= 2;
	if (cap > 20)
		cap = 20;
	t = r * cap * 1000;
	if (new2026 && retry_after && *retry_after) {
		char *end;
		double h = strtod(retry_after, &end);

		if (end != retry_after && h >= 0) {
			if (h > t + 5000)
				h = t + 5000;
			if (h > t)
				t = h;
		}
	}
	return (long)t;
}

int aws_retry_quota_take(struct aws_retry_quota *q, enum aws_retry_kind kind,
			 int new2026)
{
	int cost = 5;

	if (kind == AWS_RETRY_TIMEOUT)
		cost = 10;
	if (new2026 && kind != AWS_RETRY_THROTTLE)
		cost = 14;
	if (q->tokens < cost)
		return -1;
	q->tokens -= cost;
	q->last_cost = cost;
	return 0;
}

void aws_retry_quota_success(struct aws_retry_quota *q, int retried)
{
	q->tokens += retried ? q->last_cost : 1;
	if (q->tokens > 500)
		q->tokens = 500;
	q->last_cost = 0;
}

static void copy(char *dst, size_t cap, const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < cap; i++)
		dst[k++] = ((unsigned char)s[i] < 0x20) ? ' ' : s[i];
	dst[k] = 0;
}

/* "ns#Code:http://..." -> "Code" */
static void sanitise(char *code)
{
	char *p = strchr(code, ':'), *h;

	if (p)
		*p = 0;
	h = strrchr(code, '#');
	if (h)
		memmove(code, h + 1, strlen(h + 1) + 1);
	for (p = code; *p; p++)
		if (*p == ' ' || *p == '\t')
			*p = 0;
}

static int xml_tag(const char *body, size_t len, const char *tag, char *dst,
		   size_t cap)
{
	char open[64], close[64];
	const char *a, *b;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	a = memmem(body, len, open, strlen(open));
	if (!a)
		return -1;
	a += strlen(open);
	b = memmem(a, len - (size_t)(a - body), close, strlen(close));
	if (!b)
		return -1;
	copy(dst, cap, a, (size_t)(b - a));
	return 0;
}

static void parse_json_error(const char *body, size_t len, struct aws_error *e)
{
	cJSON *j = NULL;
	const char *s;

	if (aws_json_parse(body, len, &j, NULL))
		return;
	if (!e->code[0] &&
	    ((s = aws_json_str(j, "__type")) || (s = aws_json_str(j, "code"))))
		copy(e->code, sizeof(e->code), s, strlen(s));
	if ((s = aws_json_str(j, "message")) ||
	    (s = aws_json_str(j, "Message")))
		copy(e->message, sizeof(e->message), s, strlen(s));
	if ((s = aws_json_str(j, "Parameter")))
		copy(e->parameter, sizeof(e->parameter), s, strlen(s));
	aws_json_free(j);
}

static const char *reason(long status)
{
	switch (status) {
	case 500:
		return "Internal Server Error";
	case 502:
		return "Bad Gateway";
	case 503:
		return "Service Unavailable";
	case 504:
		return "Gateway Timeout";
	default:
		return "";
	}
}

void aws_error_parse(long status, const char *error_type, const char *body,
		     size_t len, struct aws_error *e)
{
	size_t skip = 0;

	memset(e, 0, sizeof(*e));
	e->status = status;
	if (error_type && *error_type)
		copy(e->code, sizeof(e->code), error_type, strlen(error_type));
	while (body && skip < len && strchr(" \t\r\n", body[skip]))
		skip++;
	if (body && skip < len && body[skip] == '{') {
		parse_json_error(body, len, e);
	} else if (body && skip < len && body[skip] == '<') {
		if (!e->code[0])
			xml_tag(body, len, "Code", e->code, sizeof(e->code));
		xml_tag(body, len, "Message", e->message, sizeof(e->message));
	}
	sanitise(e->code);
	if (!e->code[0])
		snprintf(e->code, sizeof(e->code), "%ld", status);
	if (!e->message[0])
		snprintf(e->message, sizeof(e->message), "%s", reason(status));
}

const char *aws_error_hint(const struct aws_error *e)
{
	const char *c = e->code;

	if (!strcmp(c, "ExpiredTokenException") || !strcmp(c, "ExpiredToken") ||
	    !strcmp(c, "RequestExpired"))
		return "the session token has expired: refresh your credentials (aws sso login, or a new role session)";
	if (!strcmp(c, "UnrecognizedClientException") ||
	    !strcmp(c, "InvalidClientTokenId"))
		return "the access key is unknown to this endpoint: check the profile and the region";
	if (!strcmp(c, "InvalidSignatureException") ||
	    !strcmp(c, "SignatureDoesNotMatch"))
		return "the signature was refused: the secret access key is probably wrong";
	if (!strcmp(c, "AccessDeniedException") || !strcmp(c, "AccessDenied"))
		return "IAM denies this action to the caller: check the role's policy";
	if (!strcmp(c, "DataRepositoryTaskExecuting"))
		return "FSx runs one task at a time per file system: wait for it, or use --queue";
	return NULL;
}
