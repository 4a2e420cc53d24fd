/* SPDX-License-Identifier: MIT */
/*
 * fsxctl import|export|release PATH...: data repository tasks from local
 * paths. Paths become what the API wants (mount-relative for export and
 * release, S3 prefixes for import); more than 100 paths become several
 * tasks run one after another, since FSx runs one task at a time per file
 * system; --queue waits for a running task instead of failing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/task.h"

#define TASK_MAX_PATHS 100

struct repo_req {
	struct fsx_args args;
	struct aws_opts aws;
	const char *fs, *report, *older, *timeout, *token;
	int wait, queue;
};

#define RR(m) FSX_FIELD(struct repo_req, m)

struct repo_kind {
	const char *type;
	int s3_paths; /* import: paths are S3 prefixes */
};

static const struct repo_kind k_import = { "IMPORT_METADATA_FROM_REPOSITORY",
					   1 };
static const struct repo_kind k_export = { "EXPORT_TO_REPOSITORY", 0 };
static const struct repo_kind k_release = { "RELEASE_DATA_FROM_FILESYSTEM", 0 };

/* A file system path to the S3 path of the DRA holding it. */
static int fs_to_s3(const cJSON *dras, const char *fspath, char **ret)
{
	const cJSON *d, *best = NULL;
	size_t bestlen = 0;

	aws_json_each(d, aws_json_get(dras, "Associations"))
	{
		const char *p = aws_json_str(d, "FileSystemPath");
		size_t n = p ? strlen(p) : 0;

		while (n > 1 && p[n - 1] == '/')
			n--;
		if (!p || strncmp(fspath, p, n) ||
		    (n > 1 && fspath[n] && fspath[n] != '/') || n < bestlen)
			continue;
		best = d;
		bestlen = n;
	}
	if (!best)
		return -ENOENT;
	const char *s3 = aws_json_str(best, "DataRepositoryPath");
	const char *rest = fspath + (bestlen == 1 ? 1 : bestlen);

	while (*rest == '/')
		rest++;
	if (asprintf(ret, "%s%s%s", s3,
		     (*rest && s3[strlen(s3) - 1] != '/') ? "/" : "", rest) < 0)
		return -ENOMEM;
	return 0;
}

static int load_dras(struct awscmd *a, const char *fs_id, cJSON **ret)
{
	struct fsx_filter f = { "file-system-id", fs_id };
	struct fsx_list_req r = { .op = "DescribeDataRepositoryAssociations",
				  .key = "Associations",
				  .filters = &f,
				  .nfilters = 1,
				  .page_size = 25 };
	int rc = fsx_list(&a->s, &r, ret, &a->err, &a->why);

	return rc ? awscmd_fail(a, "DescribeDataRepositoryAssociations", rc) :
		    0;
}

/* Converts every argument; on a bad one, reports it and returns 2. */
static int convert_paths(struct awscmd *a, const struct repo_kind *k,
			 const struct fsx_target *t, const cJSON *dras,
			 char **in, size_t n, char **out)
{
	char fspath[4096];

	for (size_t i = 0; i < n; i++) {
		if (k->s3_paths && !strncmp(in[i], "s3://", 5)) {
			if (fsx_s3_path_check(in[i], &a->why))
				return fsx_usage(a->ctx, in[i], "%s",
						 a->why.msg);
			out[i] = strdup(in[i]);
			continue;
		}
		if (!k->s3_paths && !strncmp(in[i], "s3://", 5))
			return fsx_usage(
				a->ctx, in[i],
				"give a path on the file system, not an S3 path");
		if (fsx_local_to_fs(t, in[i], fspath, sizeof(fspath), &a->why))
			return fsx_usage(a->ctx, in[i], "%s", a->why.msg);
		if (k->s3_paths) {
			if (fs_to_s3(dras, fspath, &out[i]))
				return fsx_usage(
					a->ctx, in[i],
					"not under any data repository association of %s",
					t->fs_id);
			continue;
		}
		/* export and release take paths relative to the mount root */
		out[i] = strdup(strcmp(fspath, "/") ? fspath + 1 : "/");
	}
	return 0;
}

/* R9: FSx does not run export tasks alongside automatic export. */
static int check_auto_export(struct awscmd *a, const cJSON *dras)
{
	const cJSON *d;

	aws_json_each(d, aws_json_get(dras, "Associations")) if (
		aws_json_count(aws_json_path(d, "S3.AutoExportPolicy.Events")) >
		0)
	{
		fsx_err(a->ctx, aws_json_str(d, "AssociationId"), 0,
			"automatic export is on for %s: FSx does not run export tasks alongside it (dra update --auto-export none first)",
			aws_json_str(d, "FileSystemPath") ?: "?");
		return FSX_EXIT_FAIL;
	}
	return 0;
}

static int create_one(struct awscmd *a, const struct repo_req *req,
		      struct fsx_task_spec *t, double deadline, char *task_id,
		      size_t cap)
{
	for (int round = 0;; round++) {
		cJSON *resp = NULL;
		char running[64];
		size_t len;
		char *body = fsx_task_create_body(t, &len);
		int rc = body ? aws_fsx_call(&a->s, "CreateDataRepositoryTask",
					     body, len, &resp, &a->err,
					     &a->why) :
				-ENOMEM;

		free(body);
		if (!rc) {
			snprintf(
				task_id, cap, "%s",
				aws_json_str(resp, "DataRepositoryTask.TaskId") ?:
					"");
			if (a->fmt == FMT_JSON)
				aws_json_print_versioned(a->ctx->out, resp,
							 AWSCMD_JSON_VERSION);
			else
				fprintf(a->ctx->out, "%s\n", task_id);
			fflush(a->ctx->out);
			aws_json_free(resp);
			return 0;
		}
		if (rc != -EREMOTEIO ||
		    strcmp(a->err.code, "DataRepositoryTaskExecuting") ||
		    !req->queue)
			return awscmd_fail(a, "CreateDataRepositoryTask", rc);
		rc = task_running(a, t->fs_id, running, sizeof(running));
		if (rc)
			return awscmd_fail(a, "DescribeDataRepositoryTasks",
					   rc);
		if (running[0]) {
			fprintf(a->ctx->err,
				"%s: waiting for %s to end (--queue)\n",
				t->fs_id, running);
			rc = task_wait(a, running, deadline);
			if (rc == FSX_EXIT_TIMEOUT)
				return rc;
		} else if (awscmd_poll_sleep(a, round, deadline)) {
			return FSX_EXIT_TIMEOUT;
		}
	}
}

static int run_batches(struct awscmd *a, const struct repo_req *req,
		       struct fsx_task_spec *t, char **paths, size_t n,
		       double deadline)
{
	size_t batches = n ? (n + TASK_MAX_PATHS - 1) / TASK_MAX_PATHS : 1;
	char tok[80], id[64];
	int worst = 0;

	for (size_t b = 0; b < batches; b++) {
		int rc;

		t->paths = n ? paths + b * TASK_MAX_PATHS : NULL;
		t->npaths = n ? (n - b * TASK_MAX_PATHS > TASK_MAX_PATHS ?
					 TASK_MAX_PATHS :
					 n - b * TASK_MAX_PATHS) :
				0;
		if (req->token && batches > 1)
			snprintf(tok, sizeof(tok), "%.50s-%zu", req->token,
				 b + 1);
		else
			awscmd_token(req->token, tok);
		t->token = tok;
		rc = create_one(a, req, t, deadline, id, sizeof(id));
		if (rc)
			return worst > rc ? worst : rc;
		if (req->wait || b + 1 < batches) {
			rc = task_wait(a, id, deadline);
			if (rc == FSX_EXIT_TIMEOUT)
				return rc;
			if (rc > worst)
				worst = rc;
		}
	}
	if (batches > 1)
		fprintf(a->ctx->err, "%zu paths in %zu tasks\n", n, batches);
	return worst;
}

static int run_repo(struct fsx_ctx *ctx, struct repo_req *req,
		    const struct repo_kind *k)
{
	struct fsx_task_spec t = { .type = k->type, .older_than_days = -1 };
	struct fsx_target tg;
	struct awscmd a;
	cJSON *dras = NULL;
	char **paths = NULL;
	long long secs;
	double deadline = 0;
	int rc = awscmd_open(&a, ctx, &req->aws);

	if (rc)
		return rc;
	if (req->older &&
	    fsx_days_parse(req->older, &t.older_than_days, &a.why)) {
		rc = fsx_usage(ctx, "--older-than", "'%s': %s", req->older,
			       a.why.msg);
		goto out;
	}
	if (req->timeout) {
		if (fsx_duration_parse(req->timeout, &secs, &a.why)) {
			rc = fsx_usage(ctx, "--timeout", "'%s': %s",
				       req->timeout, a.why.msg);
			goto out;
		}
		deadline = awscmd_now() + (double)secs;
	}
	if (req->report && fsx_s3_path_check(req->report, &a.why)) {
		rc = fsx_usage(ctx, "--report", "'%s': %s", req->report,
			       a.why.msg);
		goto out;
	}
	rc = awscmd_target(
		&a, req->fs,
		req->args.n ? req->args.v[0] : (req->fs ? NULL : "."), &tg);
	if (rc)
		goto out;
	rc = load_dras(&a, tg.fs_id, &dras);
	if (!rc && k == &k_export)
		rc = check_auto_export(&a, dras);
	paths = calloc(req->args.n + 1, sizeof(*paths));
	if (!rc && !paths)
		rc = FSX_EXIT_FAIL;
	if (!rc)
		rc = convert_paths(&a, k, &tg, dras, req->args.v, req->args.n,
				   paths);
	if (rc)
		goto out;
	if (k == &k_release && !req->args.n)
		paths[0] = strdup("/");
	t.fs_id = tg.fs_id;
	t.report_path = req->report;
	rc = run_batches(&a, req, &t, paths,
			 req->args.n ? req->args.n : (k == &k_release ? 1 : 0),
			 deadline);
out:
	for (size_t i = 0; paths && i <= req->args.n; i++)
		free(paths[i]);
	free(paths);
	aws_json_free(dras);
	awscmd_close(&a);
	return rc;
}

static int run_import(struct fsx_ctx *ctx, void *reqp)
{
	return run_repo(ctx, reqp, &k_import);
}

static int run_export(struct fsx_ctx *ctx, void *reqp)
{
	return run_repo(ctx, reqp, &k_export);
}

static int run_release(struct fsx_ctx *ctx, void *reqp)
{
	return run_repo(ctx, reqp, &k_release);
}

#define REPO_OPTS                                                                               \
	OPT_STR(0, "fs", "FS-ID", RR(fs),                                                       \
		"the file system; PATHs are then file system paths (/dir)",                     \
		.complete = COMPLETE_FS),                                                       \
		OPT_STR(0, "report", "S3-PATH", RR(report),                                     \
			"write a completion report of failed files under this S3 path"),        \
		OPT_FLAG(0, "wait", RR(wait), 1,                                                \
			 "wait for the task, with a progress line"),                            \
		OPT_STR(0, "timeout", "DURATION", RR(timeout),                                  \
			"give up waiting after this long: 90s, 30m, 2h (exit 3)"),              \
		OPT_FLAG(                                                                       \
			0, "queue", RR(queue), 1,                                               \
			"if a task is already running on the file system, wait for it first"),  \
		OPT_STR(0, "client-request-token", "TOKEN", RR(token),                          \
			"idempotency token (default: a new UUID per task, reused on retries)"), \
		AWS_OPTS(struct repo_req)

static const struct fsx_opt repo_opts[] = {
	REPO_OPTS,
	OPT_END(),
};

static const struct fsx_opt release_opts[] = {
	OPT_STR(0, "older-than", "DAYS", RR(older),
		"release only files not accessed for DAYS days (30, 30d, 4w)"),
	REPO_OPTS,
	OPT_END(),
};

const struct fsx_cmd cmd_import = {
	.name = "import",
	.summary = "import S3 metadata into the file system (a task)",
	.usage = "[OPTIONS] [PATH|s3://BUCKET/PREFIX/]...",
	.description =
		"Local paths become the S3 prefixes of the data repository associations\n"
		"that hold them; no path imports every association. More than 100\n"
		"paths run as several tasks, one after another.",
	.opts = repo_opts,
	.req_size = sizeof(struct repo_req),
	.run = run_import,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_PATH,
};

const struct fsx_cmd cmd_export = {
	.name = "export",
	.summary = "export changed files to S3 (a task)",
	.usage = "[OPTIONS] [PATH]...",
	.description =
		"Paths on the mount become paths relative to its root; no path exports\n"
		"the whole file system. Refused while automatic export is on, which FSx\n"
		"does not run alongside export tasks.",
	.opts = repo_opts,
	.req_size = sizeof(struct repo_req),
	.run = run_export,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_PATH,
};

const struct fsx_cmd cmd_release = {
	.name = "release",
	.summary = "free the space of exported files (a task)",
	.usage = "[OPTIONS] [PATH]...",
	.description =
		"Only files already exported are released; --older-than keeps files\n"
		"accessed in the last DAYS days. No path releases the whole file system.",
	.opts = release_opts,
	.req_size = sizeof(struct repo_req),
	.run = run_release,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_PATH,
};
