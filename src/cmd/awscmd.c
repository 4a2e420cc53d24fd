/* SPDX-License-Identifier: MIT */
/* Shared plumbing of the control-plane commands (see awscmd.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cmd/awscmd.h"
#include "util/parse.h"

static int seconds_ms(struct awscmd *a, const char *opt, const char *v,
		      long *ret)
{
	char *end;
	double d;

	*ret = -1;
	if (!v)
		return 0;
	d = strtod(v, &end);
	if (end == v || *end || d < 0 || d > 86400)
		return fsx_usage(
			a->ctx, opt,
			"'%s' is not a number of seconds from 0 to 86400", v);
	*ret = (long)(d * 1000);
	return 0;
}

int awscmd_count(struct awscmd *a, const char *opt, const char *v,
		 long long min, long long max, long long *ret)
{
	if (parse_long(v, min, max, ret))
		return fsx_usage(a->ctx, opt,
				 "'%s' is not a whole number from %lld to %lld",
				 v, min, max);
	return 0;
}

int awscmd_open(struct awscmd *a, struct fsx_ctx *ctx, const struct aws_opts *o)
{
	struct aws_conf c = { .profile = o->profile,
			      .region = o->region,
			      .endpoint_url = o->endpoint_url,
			      .ca_bundle = o->ca_bundle,
			      .no_verify_ssl = o->no_verify_ssl };
	long long n;
	int rc;

	memset(a, 0, sizeof(*a));
	a->ctx = ctx;
	a->fmt = FMT_TABLE;
	if (o->output && !strcmp(o->output, "json"))
		a->fmt = FMT_JSON;
	else if (o->output && !strcmp(o->output, "text"))
		a->fmt = FMT_TEXT;
	else if (o->output && strcmp(o->output, "table"))
		return fsx_usage(ctx, "--output",
				 "'%s' is not table, text or json", o->output);
	if (ctx->flags & FSX_JSON)
		a->fmt = FMT_JSON;
	if (o->max_attempts) {
		if ((rc = awscmd_count(a, "--max-attempts", o->max_attempts, 1,
				       100, &n)))
			return rc;
		c.max_attempts = (int)n;
	}
	if ((rc = seconds_ms(a, "--cli-connect-timeout", o->connect_timeout,
			     &c.connect_timeout_ms)) ||
	    (rc = seconds_ms(a, "--cli-read-timeout", o->read_timeout,
			     &c.read_timeout_ms)))
		return rc;
	if (ctx->flags & FSX_DEBUG)
		c.debug = ctx->err;
	rc = aws_session_open(&a->s, &c, &a->why);
	if (!rc && !a->s.region)
		rc = why_set(
			&a->why, -EINVAL,
			"no region: use --region, AWS_REGION or 'region' in the profile");
	if (rc) {
		fsx_err(ctx, NULL, 0, "%s", a->why.msg);
		aws_session_release(&a->s);
		return FSX_EXIT_FAIL;
	}
	return 0;
}

void awscmd_close(struct awscmd *a)
{
	aws_session_release(&a->s);
}

static const char *transport_hint(int rc)
{
	switch (rc) {
	case -ECONNREFUSED:
	case -EHOSTUNREACH:
		return "endpoint unreachable: check --endpoint-url, the region and the network";
	case -ETIMEDOUT:
		return "no answer in time: raise --cli-read-timeout, or check the endpoint";
	case -EPROTO:
		return "TLS or protocol failure: check --ca-bundle and the endpoint URL";
	default:
		return NULL;
	}
}

int awscmd_fail(struct awscmd *a, const char *subject, int rc)
{
	const char *hint;
	char tries[64] = "";

	if (rc == -EREMOTEIO) {
		if (a->err.attempts > 1)
			snprintf(tries, sizeof(tries),
				 " (gave up after %d attempts)",
				 a->err.attempts);
		hint = aws_error_hint(&a->err);
		fsx_err(a->ctx, subject, 0, "%s: %s%s%s%s", a->err.code,
			a->err.message, tries, hint ? "; " : "",
			hint ? hint : "");
		return FSX_EXIT_FAIL;
	}
	if (a->err.config) {
		fsx_err(a->ctx, NULL, 0, "%s", a->why.msg);
		return FSX_EXIT_FAIL;
	}
	hint = transport_hint(rc);
	if (a->err.attempts > 1)
		snprintf(tries, sizeof(tries), " after %d attempts",
			 a->err.attempts);
	if (hint)
		fsx_err(a->ctx, subject, 0, "%s%s (%s); %s", a->why.msg, tries,
			strerror(-rc), hint);
	else
		fsx_err(a->ctx, subject, rc, "%s",
			a->why.msg[0] ? a->why.msg : "failed");
	return FSX_EXIT_FAIL;
}

int awscmd_target(struct awscmd *a, const char *fs_opt, const char *path,
		  struct fsx_target *t)
{
	int rc = fsx_resolve(&a->s, fs_opt, path, t, &a->err, &a->why);

	if (!rc)
		return 0;
	if (rc == -EINVAL && fs_opt)
		return fsx_usage(a->ctx, "--fs", "%s", a->why.msg);
	if (rc == -EREMOTEIO)
		return awscmd_fail(a, "DescribeFileSystems", rc);
	if (!path && !fs_opt)
		return fsx_usage(
			a->ctx, NULL,
			"name the file system: --fs fs-... or a path on its mount");
	if (rc == -ENOENT || rc == -EEXIST || rc == -EMEDIUMTYPE) {
		/* resolution messages are complete, unless a system call failed */
		int sys = strstr(a->why.msg, "cannot") != NULL;

		fsx_err(a->ctx, path ? path : fs_opt, sys ? rc : 0, "%s",
			a->why.msg);
		return FSX_EXIT_FAIL;
	}
	return awscmd_fail(a, path ? path : fs_opt, rc);
}

const char *awscmd_token(const char *given, char buf[37])
{
	if (given)
		return given;
	aws_uuid4(buf);
	return buf;
}

static void cell(FILE *out, const cJSON *item, const struct awscmd_col *c,
		 char *buf, size_t cap)
{
	const cJSON *j = aws_json_path(item, c->path);

	(void)out;
	buf[0] = 0;
	if (!j) {
		snprintf(buf, cap, "-");
	} else if (j->type & cJSON_String) {
		snprintf(buf, cap, "%s", j->valuestring);
	} else if ((j->type & cJSON_Number) && c->kind == 1) {
		time_t t = (time_t)j->valuedouble;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
	} else if (j->type & cJSON_Number) {
		snprintf(buf, cap, "%.15g", j->valuedouble);
	} else if (j->type & (cJSON_True | cJSON_False)) {
		snprintf(buf, cap, "%s",
			 (j->type & cJSON_True) ? "true" : "false");
	} else if (j->type & cJSON_Array) {
		size_t n = 0;

		for (const cJSON *e = j->child; e && n + 2 < cap; e = e->next)
			n += snprintf(buf + n, cap - n, "%s%s", n ? "," : "",
				      (e->type & cJSON_String) ?
					      e->valuestring :
					      "?");
		if (!n)
			snprintf(buf, cap, "-");
	} else {
		snprintf(buf, cap, "-");
	}
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
}

static void pad(FILE *out, const char *s, size_t w, int last)
{
	if (last)
		fprintf(out, "%s\n", s);
	else
		fprintf(out, "%-*s  ", (int)w, s);
}

void awscmd_print_list(struct awscmd *a, const cJSON *doc, const char *key,
		       const struct awscmd_col *cols)
{
	FILE *out = a->ctx->out;
	const cJSON *arr = aws_json_get(doc, key), *it;
	size_t ncol = 0, w[16] = { 0 };
	char buf[512];

	if (a->fmt == FMT_JSON) {
		aws_json_print_versioned(out, doc, AWSCMD_JSON_VERSION);
		return;
	}
	while (cols[ncol].header)
		ncol++;
	for (size_t c = 0; c < ncol; c++)
		w[c] = strlen(cols[c].header);
	aws_json_each(it, arr) for (size_t c = 0; c < ncol; c++)
	{
		cell(out, it, &cols[c], buf, sizeof(buf));
		if (strlen(buf) > w[c])
			w[c] = strlen(buf);
	}
	if (a->fmt == FMT_TABLE)
		for (size_t c = 0; c < ncol; c++)
			pad(out, cols[c].header, w[c], c + 1 == ncol);
	aws_json_each(it, arr) for (size_t c = 0; c < ncol; c++)
	{
		cell(out, it, &cols[c], buf, sizeof(buf));
		if (a->fmt == FMT_TEXT)
			fprintf(out, "%s%s", buf, c + 1 < ncol ? "\t" : "\n");
		else
			pad(out, buf, w[c], c + 1 == ncol);
	}
}

void awscmd_print_item(struct awscmd *a, const cJSON *doc, const cJSON *item,
		       const struct awscmd_col *cols)
{
	FILE *out = a->ctx->out;
	size_t wk = 0;
	char buf[1024];

	if (a->fmt == FMT_JSON) {
		aws_json_print_versioned(out, doc, AWSCMD_JSON_VERSION);
		return;
	}
	for (size_t c = 0; cols[c].header; c++)
		if (strlen(cols[c].header) > wk)
			wk = strlen(cols[c].header);
	for (size_t c = 0; cols[c].header; c++) {
		cell(out, item, &cols[c], buf, sizeof(buf));
		if (a->fmt == FMT_TEXT)
			fprintf(out, "%s\t%s\n", cols[c].header, buf);
		else
			fprintf(out, "%-*s  %s\n", (int)wk, cols[c].header,
				buf);
	}
}

double awscmd_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int awscmd_poll_sleep(struct awscmd *a, int round, double deadline)
{
	double ms = 200;
	const char *v = getenv("FSXCTL_POLL_MS");
	double left = deadline - awscmd_now();

	(void)a;
	for (int i = 0; i < round && ms < 5000; i++)
		ms *= 1.5;
	if (ms > 5000)
		ms = 5000;
	if (v && *v)
		ms = strtod(v, NULL);
	if (deadline > 0 && left <= 0)
		return FSX_EXIT_TIMEOUT;
	if (deadline > 0 && ms / 1000 > left)
		ms = left * 1000;
	usleep((useconds_t)(ms * 1000));
	return 0;
}

int awscmd_is_tty(struct awscmd *a)
{
	return isatty(fileno(a->ctx->err));
}

void awscmd_print_result(struct awscmd *a, const cJSON *resp,
			 const char *id_key, const char *fallback)
{
	if (a->fmt == FMT_JSON)
		aws_json_print_versioned(a->ctx->out, resp, AWSCMD_JSON_VERSION);
	else
		fprintf(a->ctx->out, "%s\t%s\n",
			aws_json_str(resp, id_key) ?: fallback,
			aws_json_str(resp, "Lifecycle") ?: "?");
}

void awscmd_bulk_summary(struct awscmd *a, const char *done_word, size_t n,
			 int failed)
{
	if (failed && n > 1)
		fprintf(a->ctx->err, "fsxctl: %s: %zu %s, %d failed\n", a->ctx->cmd,
			n - (size_t)failed, done_word, failed);
}
