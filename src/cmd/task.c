/* SPDX-License-Identifier: MIT */
/*
 * fsxctl task list|show|cancel|wait: data repository tasks, with filters,
 * pagination hidden, and a wait whose exit status says how the task ended.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/task.h"

static const struct awscmd_col task_cols[] = {
	{ "TaskId", "TaskId", 0 },
	{ "Type", "Type", 0 },
	{ "Lifecycle", "Lifecycle", 0 },
	{ "FileSystemId", "FileSystemId", 0 },
	{ "Total", "Status.TotalCount", 0 },
	{ "Succeeded", "Status.SucceededCount", 0 },
	{ "Failed", "Status.FailedCount", 0 },
	{ "CreationTime", "CreationTime", 1 },
	{ NULL, NULL, 0 },
};

static const struct awscmd_col task_show_cols[] = {
	{ "TaskId", "TaskId", 0 },
	{ "Type", "Type", 0 },
	{ "Lifecycle", "Lifecycle", 0 },
	{ "FileSystemId", "FileSystemId", 0 },
	{ "Paths", "Paths", 2 },
	{ "TotalCount", "Status.TotalCount", 0 },
	{ "SucceededCount", "Status.SucceededCount", 0 },
	{ "FailedCount", "Status.FailedCount", 0 },
	{ "FailureDetails", "FailureDetails.Message", 0 },
	{ "Report", "Report.Path", 0 },
	{ "CreationTime", "CreationTime", 1 },
	{ "StartTime", "StartTime", 1 },
	{ "EndTime", "EndTime", 1 },
	{ "ResourceARN", "ResourceARN", 0 },
	{ NULL, NULL, 0 },
};

struct task_req {
	struct fsx_args args;
	struct aws_opts aws;
	const char *fs, *type, *status, *max_items, *timeout;
};

#define TR(m) FSX_FIELD(struct task_req, m)

static const char *const types[] = { "EXPORT_TO_REPOSITORY",
				     "IMPORT_METADATA_FROM_REPOSITORY",
				     "RELEASE_DATA_FROM_FILESYSTEM",
				     "AUTO_RELEASE_DATA", NULL };
static const char *const short_types[] = { "export", "import", "release",
					   "auto-release", NULL };
static const char *const states[] = { "PENDING",   "EXECUTING", "FAILED",
				      "SUCCEEDED", "CANCELED",	"CANCELING",
				      NULL };

static const char *word(const char *v, const char *const *full,
			const char *const *abbrev)
{
	for (size_t i = 0; full[i]; i++)
		if (!strcasecmp(v, full[i]) ||
		    (abbrev && !strcasecmp(v, abbrev[i])))
			return full[i];
	return NULL;
}

/* Drops the items whose Type is not type (a client-side filter). */
static void keep_type(cJSON *arr, const char *type)
{
	cJSON *c = arr ? arr->child : NULL;

	while (c) {
		cJSON *next = c->next;
		const char *t = aws_json_str(c, "Type");

		if (!t || strcmp(t, type))
			aws_json_drop(arr, c);
		c = next;
	}
}

static int run_task_list(struct fsx_ctx *ctx, void *reqp)
{
	struct task_req *req = reqp;
	struct fsx_filter f[2];
	struct fsx_list_req r = { .op = "DescribeDataRepositoryTasks",
				  .key = "DataRepositoryTasks",
				  .filters = f };
	const char *type = NULL, *state = NULL;
	struct fsx_target t;
	struct awscmd a;
	cJSON *doc = NULL;
	long long n = 0;
	int rc;

	if (req->type && !(type = word(req->type, types, short_types)))
		return fsx_usage(
			ctx, "--type",
			"'%s' is not export, import, release or auto-release",
			req->type);
	if (req->status && !(state = word(req->status, states, NULL)))
		return fsx_usage(
			ctx, "--status",
			"'%s' is not pending, executing, failed, succeeded, canceled or canceling",
			req->status);
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	if (req->max_items)
		rc = awscmd_count(&a, "--max-items", req->max_items, 1, 1000000,
				  &n);
	if (!rc && (req->fs || req->args.n)) {
		rc = awscmd_target(&a, req->fs,
				   req->args.n ? req->args.v[0] : NULL, &t);
		f[r.nfilters++] =
			(struct fsx_filter){ "file-system-id", t.fs_id };
	}
	if (rc)
		goto out;
	if (state)
		f[r.nfilters++] =
			(struct fsx_filter){ "task-lifecycle", state };
	r.max_items = type ? 0 : (long)n;
	rc = fsx_list(&a.s, &r, &doc, &a.err, &a.why);
	if (rc) {
		rc = awscmd_fail(&a, "DescribeDataRepositoryTasks", rc);
		goto out;
	}
	if (type)
		keep_type(aws_json_get(doc, "DataRepositoryTasks"), type);
	awscmd_print_list(&a, doc, "DataRepositoryTasks", task_cols);
	aws_json_free(doc);
out:
	awscmd_close(&a);
	return rc;
}

static int describe_task(struct awscmd *a, const char *id, cJSON **doc,
			 cJSON **item)
{
	return fsx_describe_one(&a->s, "DescribeDataRepositoryTasks",
				"DataRepositoryTasks", "TaskIds", id, doc, item,
				&a->err, &a->why);
}

static int run_task_show(struct fsx_ctx *ctx, void *reqp)
{
	struct task_req *req = reqp;
	struct awscmd a;
	cJSON *doc = NULL, *t;
	int rc;

	if (req->args.n != 1)
		return fsx_usage(ctx, NULL, "give one task id (task-...)");
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	rc = describe_task(&a, req->args.v[0], &doc, &t);
	if (rc)
		rc = awscmd_fail(&a, "DescribeDataRepositoryTasks", rc);
	else
		awscmd_print_item(&a, doc, t, task_show_cols);
	aws_json_free(doc);
	awscmd_close(&a);
	return rc;
}

static void progress(const cJSON *t, char *buf, size_t cap)
{
	double total = -1, ok = 0, bad = 0;

	aws_json_num(t, "Status.TotalCount", &total);
	aws_json_num(t, "Status.SucceededCount", &ok);
	aws_json_num(t, "Status.FailedCount", &bad);
	if (total < 0)
		snprintf(buf, cap, "%s", aws_json_str(t, "Lifecycle") ?: "?");
	else
		snprintf(buf, cap, "%s %.0f/%.0f files, %.0f failed",
			 aws_json_str(t, "Lifecycle") ?: "?", ok + bad, total,
			 bad);
}

int task_wait(struct awscmd *a, const char *id, double deadline)
{
	char line[256];

	for (int round = 0;; round++) {
		cJSON *doc = NULL, *t;
		const char *life;
		int rc = describe_task(a, id, &doc, &t);

		if (rc)
			return awscmd_fail(a, "DescribeDataRepositoryTasks",
					   rc);
		life = aws_json_str(t, "Lifecycle") ?: "?";
		progress(t, line, sizeof(line));
		if (!strcmp(life, "SUCCEEDED") || !strcmp(life, "FAILED") ||
		    !strcmp(life, "CANCELED")) {
			if (awscmd_is_tty(a))
				fprintf(a->ctx->err, "\r\033[K");
			fprintf(a->ctx->err, "%s: %s\n", id, line);
			rc = strcmp(life, "SUCCEEDED") ? FSX_EXIT_FAIL : 0;
			if (rc)
				fsx_err(a->ctx, id, 0, "%s: %s", life,
					aws_json_str(t, "FailureDetails.Message") ?:
						"no details given");
			aws_json_free(doc);
			return rc;
		}
		aws_json_free(doc);
		if (awscmd_is_tty(a))
			fprintf(a->ctx->err, "\r%s: %s\033[K", id, line);
		if (awscmd_poll_sleep(a, round, deadline)) {
			if (awscmd_is_tty(a))
				fprintf(a->ctx->err, "\r\033[K");
			fsx_err(a->ctx, id, 0, "still %s at --timeout", line);
			return FSX_EXIT_TIMEOUT;
		}
	}
}

int task_running(struct awscmd *a, const char *fs_id, char *id, size_t cap)
{
	struct fsx_filter f = { "file-system-id", fs_id };
	struct fsx_list_req r = { .op = "DescribeDataRepositoryTasks",
				  .key = "DataRepositoryTasks",
				  .filters = &f,
				  .nfilters = 1 };
	cJSON *doc = NULL, *t;
	int rc = fsx_list(&a->s, &r, &doc, &a->err, &a->why);

	id[0] = 0;
	if (rc)
		return rc;
	aws_json_each(t, aws_json_get(doc, "DataRepositoryTasks"))
	{
		const char *life = aws_json_str(t, "Lifecycle") ?: "";

		if (!strcmp(life, "PENDING") || !strcmp(life, "EXECUTING") ||
		    !strcmp(life, "CANCELING"))
			snprintf(id, cap, "%s",
				 aws_json_str(t, "TaskId") ?: "");
	}
	aws_json_free(doc);
	return 0;
}

static int parse_deadline(struct awscmd *a, const char *v, double *deadline)
{
	long long secs;

	*deadline = 0;
	if (!v)
		return 0;
	if (fsx_duration_parse(v, &secs, &a->why))
		return fsx_usage(a->ctx, "--timeout", "'%s': %s", v,
				 a->why.msg);
	*deadline = awscmd_now() + (double)secs;
	return 0;
}

static int run_task_wait(struct fsx_ctx *ctx, void *reqp)
{
	struct task_req *req = reqp;
	struct awscmd a;
	double deadline;
	int rc, worst = 0;

	if (!req->args.n)
		return fsx_usage(ctx, NULL,
				 "give one or more task ids (task-...)");
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	rc = parse_deadline(&a, req->timeout, &deadline);
	for (size_t i = 0; !rc && i < req->args.n; i++) {
		int r = task_wait(&a, req->args.v[i], deadline);

		if (r == FSX_EXIT_TIMEOUT) {
			worst = r;
			break;
		}
		if (r > worst)
			worst = r;
	}
	awscmd_close(&a);
	return rc ? rc : worst;
}

static int run_task_cancel(struct fsx_ctx *ctx, void *reqp)
{
	struct task_req *req = reqp;
	struct awscmd a;
	int rc, failed = 0;

	if (!req->args.n)
		return fsx_usage(ctx, NULL,
				 "give one or more task ids (task-...)");
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	for (size_t i = 0; i < req->args.n; i++) {
		struct aws_jw w;
		cJSON *resp = NULL;
		char *body;
		size_t len;

		if (aws_jw_open(&w))
			break;
		aws_jw_obj(&w, NULL);
		aws_jw_str(&w, "TaskId", req->args.v[i]);
		aws_jw_end_obj(&w);
		body = aws_jw_close(&w, &len);
		rc = body ? aws_fsx_call(&a.s, "CancelDataRepositoryTask", body,
					 len, &resp, &a.err, &a.why) :
			    -ENOMEM;
		free(body);
		if (rc == -EREMOTEIO &&
		    !strcmp(a.err.code, "DataRepositoryTaskEnded") &&
		    a.err.attempts > 1) {
			/* our first attempt's answer was lost: the cancel took */
			fprintf(ctx->err, "%s: ended\n", req->args.v[i]);
			continue;
		}
		if (rc) {
			awscmd_fail(&a, req->args.v[i], rc);
			failed++;
			continue;
		}
		awscmd_print_result(&a, resp, "TaskId", req->args.v[i]);
		aws_json_free(resp);
	}
	awscmd_bulk_summary(&a, "cancelled", req->args.n, failed);
	awscmd_close(&a);
	return failed ? FSX_EXIT_FAIL : 0;
}

static const struct fsx_opt task_list_opts[] = {
	OPT_STR(0, "fs", "FS-ID", TR(fs),
		"only this file system's tasks (or give a PATH)",
		.complete = COMPLETE_FS),
	OPT_STR(0, "type", "TYPE", TR(type),
		"only export, import, release or auto-release tasks",
		.complete = COMPLETE_WORDS,
		.words = "export import release auto-release"),
	OPT_STR(0, "status", "STATE", TR(status),
		"only tasks in this state: pending, executing, succeeded, failed, canceled",
		.complete = COMPLETE_WORDS,
		.words =
			"pending executing succeeded failed canceled canceling"),
	OPT_STR(0, "max-items", "N", TR(max_items), "stop after N tasks"),
	AWS_OPTS(struct task_req),
	OPT_END(),
};

static const struct fsx_opt task_wait_opts[] = {
	OPT_STR(0, "timeout", "DURATION", TR(timeout),
		"give up after this long: 90s, 30m, 2h (exit 3)"),
	AWS_OPTS(struct task_req),
	OPT_END(),
};

static const struct fsx_opt task_plain_opts[] = {
	AWS_OPTS(struct task_req),
	OPT_END(),
};

static const struct fsx_cmd cmd_task_list = {
	.name = "list",
	.summary = "list data repository tasks, every page",
	.usage = "[OPTIONS] [PATH]",
	.opts = task_list_opts,
	.req_size = sizeof(struct task_req),
	.run = run_task_list,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_PATH,
};

static const struct fsx_cmd cmd_task_show = {
	.name = "show",
	.summary = "show one task with its counters",
	.usage = "[OPTIONS] TASK-ID",
	.opts = task_plain_opts,
	.req_size = sizeof(struct task_req),
	.run = run_task_show,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_TASK,
};

static const struct fsx_cmd cmd_task_cancel = {
	.name = "cancel",
	.summary = "cancel pending or executing tasks",
	.usage = "[OPTIONS] TASK-ID...",
	.opts = task_plain_opts,
	.req_size = sizeof(struct task_req),
	.run = run_task_cancel,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_TASK,
};

static const struct fsx_cmd cmd_task_wait = {
	.name = "wait",
	.summary = "wait for tasks to end; exit 0 only if all succeeded",
	.usage = "[OPTIONS] TASK-ID...",
	.description =
		"Exit status: 0 every task SUCCEEDED, 1 one FAILED or was CANCELED,\n"
		"3 --timeout came first.",
	.opts = task_wait_opts,
	.req_size = sizeof(struct task_req),
	.run = run_task_wait,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_TASK,
};

static const struct fsx_cmd *const task_sub[] = {
	&cmd_task_cancel, &cmd_task_list, &cmd_task_show, &cmd_task_wait, NULL,
};

const struct fsx_cmd cmd_task = {
	.name = "task",
	.summary = "data repository tasks: list, show, cancel, wait",
	.usage = "COMMAND [OPTIONS]",
	.sub = task_sub,
	.flags = CMD_AWS,
};
