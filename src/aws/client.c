/* SPDX-License-Identifier: MIT */
/*
 * One API call: sign, send, retry in standard mode, correct clock skew
 * from the server's Date (aws-fsx-api.md §6), log with --debug with every
 * secret redacted (§7.3). The FSx body, with its ClientRequestToken, is
 * resent unchanged on every attempt, so a retry never creates twice.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "aws/session.h"

#define FSX_PREFIX "AWSSimbaAPIService_v20180301."
#define SKEW_LIMIT 300

struct call {
	const char *url, *host, *service, *region;
	const char *content_type, *target; /* target NULL: STS form */
	const struct aws_creds *creds;	   /* NULL: unsigned */
	const char *body;
	size_t len;
	int log_bodies;	  /* 0: bodies hold secrets (STS) */
	const char *what; /* operation name for messages */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static const char *user_agent(void)
{
	static char ua[160];
	struct utsname u;

	if (!ua[0]) {
		if (uname(&u))
			snprintf(u.release, sizeof(u.release), "unknown");
		snprintf(
			ua, sizeof(ua),
			"fsxctl/%s ua/2.1 os/linux#%s lang/c cfg/retry-mode#standard",
			FSX_VERSION, u.release);
	}
	return ua;
}

static void debug_headers(FILE *d, const struct aws_header *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = h[i].value, *sig;

		if (!strcasecmp(h[i].name, "X-Amz-Security-Token")) {
			fprintf(d, "fsxctl: debug:   %s: [redacted]\n",
				h[i].name);
		} else if (!strcasecmp(h[i].name, "Authorization") &&
			   (sig = strstr(v, "Signature="))) {
			fprintf(d,
				"fsxctl: debug:   %s: %.*sSignature=[redacted]\n",
				h[i].name, (int)(sig - v), v);
		} else {
			fprintf(d, "fsxctl: debug:   %s: %s\n", h[i].name, v);
		}
	}
}

static void debug_body(FILE *d, const char *dir, const char *b, size_t len,
		       int show)
{
	if (!show) {
		fprintf(d, "fsxctl: debug:   %s body: [redacted, %zu bytes]\n",
			dir, len);
		return;
	}
	fprintf(d, "fsxctl: debug:   %s body: %.*s%s\n", dir,
		(int)(len > 2048 ? 2048 : len), b, len > 2048 ? "..." : "");
}

/* Learns the server's clock; 1 when the offset changed. */
static int skew_learn(struct aws_session *s, time_t server)
{
	long diff;

	if (!server)
		return 0;
	diff = (long)(server - aws_session_now(s));
	if (diff < SKEW_LIMIT && diff > -SKEW_LIMIT)
		return 0;
	s->clock_offset = (long)(server - time(NULL));
	if (s->debug)
		fprintf(s->debug,
			"fsxctl: debug: clock skew: the server is %+lds from this clock; signing with its time\n",
			s->clock_offset);
	return 1;
}

static int attempt_once(struct aws_session *s, const struct call *c,
			const char *invocation, int attempt,
			struct aws_http_resp *resp, struct fsx_why *why)
{
	struct aws_header h[10];
	struct aws_signature sig;
	char reqhdr[96];
	size_t n = 0, nsigned;
	int rc;

	h[n++] = (struct aws_header){ "Content-Type", c->content_type };
	h[n++] = (struct aws_header){ "Host", c->host };
	if (c->target)
		h[n++] = (struct aws_header){ "X-Amz-Target", c->target };
	if (c->creds && c->creds->session_token)
		h[n++] = (struct aws_header){ "X-Amz-Security-Token",
					      c->creds->session_token };
	nsigned = n;
	if (c->creds) {
		struct aws_sign_input in = {
			.method = "POST",
			.path = "/",
			.query = "",
			.region = c->region,
			.service = c->service,
			.when = aws_session_now(s),
			.headers = h,
			.nheaders = nsigned,
			.body = c->body,
			.body_len = c->len,
		};

		rc = aws_sign(c->creds, &in, &sig, why);
		if (rc)
			return rc;
		h[n++] = (struct aws_header){ "X-Amz-Date", sig.amz_date };
		h[n++] = (struct aws_header){ "Authorization",
					      sig.authorization };
	}
	snprintf(reqhdr, sizeof(reqhdr), "attempt=%d; max=%d", attempt,
		 s->max_attempts);
	h[n++] = (struct aws_header){ "User-Agent", user_agent() };
	h[n++] = (struct aws_header){ "amz-sdk-invocation-id", invocation };
	h[n++] = (struct aws_header){ "amz-sdk-request", reqhdr };
	if (s->debug) {
		fprintf(s->debug,
			"fsxctl: debug: > POST %s %s (attempt %d/%d)\n", c->url,
			c->what, attempt, s->max_attempts);
		debug_headers(s->debug, h, n);
		debug_body(s->debug, "request", c->body, c->len, c->log_bodies);
	}
	struct aws_http_req r = { .method = "POST",
				  .url = c->url,
				  .headers = h,
				  .nheaders = n,
				  .body = c->body,
				  .body_len = c->len };
	rc = aws_http_send(s->http, &r, resp, why);
	explicit_bzero(&sig, sizeof(sig));
	return rc;
}

static int send_call(struct aws_session *s, const struct call *c,
		     struct aws_http_resp *ret, struct aws_error *err,
		     struct fsx_why *why)
{
	char inv[37];
	int skew_retried = 0, retried = 0;

	aws_uuid4(inv);
	for (int attempt = 1;; attempt++) {
		struct aws_http_resp resp = { 0 };
		double t0 = now_ms();
		enum aws_retry_kind kind;
		int rc = attempt_once(s, c, inv, attempt, &resp, why),
		    changed = 0;

		if (s->debug && rc)
			fprintf(s->debug,
				"fsxctl: debug: < %s failed after %.0f ms: %s\n",
				c->what, now_ms() - t0, why ? why->msg : "");
		else if (s->debug)
			fprintf(s->debug,
				"fsxctl: debug: < %s HTTP %ld in %.0f ms\n",
				c->what, resp.status, now_ms() - t0);
		if (!rc) {
			if (s->debug)
				debug_body(s->debug, "response", resp.body,
					   resp.len, c->log_bodies);
			changed = skew_learn(s, resp.date);
			if (resp.status < 300) {
				aws_retry_quota_success(&s->quota, retried);
				*ret = resp;
				return 0;
			}
			aws_error_parse(resp.status, resp.error_type, resp.body,
					resp.len, err);
		} else {
			memset(err, 0, sizeof(*err));
			if (rc != -ETIMEDOUT && rc != -ECONNREFUSED &&
			    rc != -ECONNRESET && rc != -EHOSTUNREACH &&
			    rc != -EPROTO)
				return rc;
		}
		kind = aws_retry_classify(rc, err->status, err->code);
		if (!rc && !skew_retried &&
		    (aws_retry_is_skew_code(err->code) || err->status == 401 ||
		     err->status == 403) &&
		    changed)
			kind = AWS_RETRY_SKEW;
		aws_http_resp_release(&resp);
		if (kind == AWS_RETRY_SKEW) {
			skew_retried = 1;
			attempt--; /* free: does not count, costs no quota */
			continue;
		}
		if (kind == AWS_RETRY_NO || attempt >= s->max_attempts ||
		    aws_retry_quota_take(&s->quota, kind, s->new2026)) {
			err->attempts = attempt;
			if (rc)
				return rc;
			return -EREMOTEIO;
		}
		retried = 1;
		long ms = aws_retry_delay_ms(kind, attempt,
					     (double)random() / RAND_MAX,
					     s->new2026, NULL);
		ms = (long)(ms * s->retry_scale);
		if (s->debug)
			fprintf(s->debug,
				"fsxctl: debug: retrying %s in %ld ms (%s)\n",
				c->what, ms,
				rc ? "connection error" : err->code);
		sleep_ms(ms);
	}
}

int aws_fsx_call(struct aws_session *s, const char *op, const char *body,
		 size_t len, cJSON **ret, struct aws_error *err,
		 struct fsx_why *why)
{
	char target[128], url[1024];
	struct aws_http_resp resp;
	int rc;

	memset(err, 0, sizeof(*err));
	if (!s->region)
		return why_set(
			why, -EINVAL,
			"no region: use --region, AWS_REGION or 'region' in the profile");
	rc = aws_session_http(s, why);
	if (!rc)
		rc = aws_json_load(why);
	if (!rc)
		rc = aws_session_creds(s, why);
	if (rc) {
		err->config = 1;
		return rc;
	}
	snprintf(target, sizeof(target), FSX_PREFIX "%s", op);
	snprintf(url, sizeof(url), "%s%s", s->endpoint,
		 s->endpoint[strlen(s->endpoint) - 1] == '/' ? "" : "/");
	struct call c = {
		.url = url,
		.host = s->host,
		.service = "fsx",
		.region = s->region,
		.content_type = "application/x-amz-json-1.1",
		.target = target,
		.creds = &s->creds,
		.body = body,
		.len = len,
		.log_bodies = 1,
		.what = op,
	};
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	rc = send_call(s, &c, &resp, err, why);
	if (rc)
		return rc;
	rc = aws_json_parse(resp.body, resp.len, ret, why);
	aws_http_resp_release(&resp);
	return rc;
}

static char *sts_url(const struct aws_session *s, char *host, size_t cap)
{
	const char *v = getenv("AWS_ENDPOINT_URL_STS"), *p;
	char *url;

	if (!v || !*v)
		v = getenv("AWS_ENDPOINT_URL");
	if (v && *v) {
		url = strdup(v);
		p = strstr(v, "://");
		snprintf(host, cap, "%s", p ? p + 3 : v);
		host[strcspn(host, "/?#")] = 0;
		return url;
	}
	if (s->region)
		snprintf(host, cap, "sts.%s.%s", s->region,
			 !strncmp(s->region, "cn-", 3) ? "amazonaws.com.cn" :
							 "amazonaws.com");
	else
		snprintf(host, cap, "sts.amazonaws.com");
	if (asprintf(&url, "https://%s/", host) < 0)
		return NULL;
	return url;
}

int aws_sts_call(struct aws_session *s, const struct aws_creds *creds,
		 const char *form, char **ret_body, struct aws_error *err,
		 struct fsx_why *why)
{
	char host[512];
	struct aws_http_resp resp;
	char *url = sts_url(s, host, sizeof(host));
	int rc;

	if (!url)
		return why_set(why, -ENOMEM, "out of memory");
	rc = aws_session_http(s, why);
	if (!rc) {
		struct call c = {
			.url = url,
			.host = host,
			.service = "sts",
			.region = s->region ? s->region : "us-east-1",
			.content_type =
				"application/x-www-form-urlencoded; charset=utf-8",
			.creds = creds,
			.body = form,
			.len = strlen(form),
			.what = "STS",
			.log_bodies = 0,
		};
		rc = send_call(s, &c, &resp, err, why);
	}
	free(url);
	if (rc)
		return rc;
	*ret_body = resp.body;
	return 0;
}
