/* SPDX-License-Identifier: MIT */
/* fsxctl backup create|list|delete: user-initiated FSx backups. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/awscmd.h"

static const struct awscmd_col backup_cols[] = {
	{ "BackupId", "BackupId", 0 },
	{ "FileSystemId", "FileSystem.FileSystemId", 0 },
	{ "Type", "Type", 0 },
	{ "Lifecycle", "Lifecycle", 0 },
	{ "Progress", "ProgressPercent", 0 },
	{ "CreationTime", "CreationTime", 1 },
	{ NULL, NULL, 0 },
};

struct backup_req {
	struct fsx_args args;
	struct aws_opts aws;
	const char *fs, *max_items, *timeout, *token;
	int wait;
};

#define BR(m) FSX_FIELD(struct backup_req, m)

static int run_backup_list(struct fsx_ctx *ctx, void *reqp)
{
	struct backup_req *req = reqp;
	struct fsx_filter f;
	struct fsx_list_req r = { .op = "DescribeBackups",
				  .key = "Backups",
				  .filters = &f };
	struct fsx_target t;
	struct awscmd a;
	cJSON *doc = NULL;
	long long n = 0;
	int rc = awscmd_open(&a, ctx, &req->aws);

	if (rc)
		return rc;
	if (req->max_items)
		rc = awscmd_count(&a, "--max-items", req->max_items, 1, 1000000,
				  &n);
	if (!rc && (req->fs || req->args.n)) {
		rc = awscmd_target(&a, req->fs,
				   req->args.n ? req->args.v[0] : NULL, &t);
		f = (struct fsx_filter){ "file-system-id", t.fs_id };
		r.nfilters = 1;
	}
	if (rc)
		goto out;
	r.max_items = (long)n;
	rc = fsx_list(&a.s, &r, &doc, &a.err, &a.why);
	if (rc)
		rc = awscmd_fail(&a, "DescribeBackups", rc);
	else
		awscmd_print_list(&a, doc, "Backups", backup_cols);
	aws_json_free(doc);
out:
	awscmd_close(&a);
	return rc;
}

static int backup_wait(struct awscmd *a, const char *id, double deadline)
{
	for (int round = 0;; round++) {
		cJSON *doc = NULL, *b;
		const char *life;
		char state[32];
		double pct = -1;
		int rc = fsx_describe_one(&a->s, "DescribeBackups", "Backups",
					  "BackupIds", id, &doc, &b, &a->err,
					  &a->why);

		if (rc)
			return awscmd_fail(a, "DescribeBackups", rc);
		snprintf(state, sizeof(state), "%s",
			 aws_json_str(b, "Lifecycle") ?: "?");
		life = state;
		aws_json_num(b, "ProgressPercent", &pct);
		if (!strcmp(life, "AVAILABLE")) {
			aws_json_free(doc);
			fprintf(a->ctx->err, "%s: AVAILABLE\n", id);
			return 0;
		}
		if (!strcmp(life, "FAILED")) {
			fsx_err(a->ctx, id, 0, "FAILED: %s",
				aws_json_str(b, "FailureDetails.Message") ?:
					"no details given");
			aws_json_free(doc);
			return FSX_EXIT_FAIL;
		}
		aws_json_free(doc);
		if (awscmd_is_tty(a))
			fprintf(a->ctx->err,
				pct >= 0 ? "\r%s: %s %.0f%%\033[K" :
					   "\r%s: %s\033[K",
				id, life, pct);
		if (awscmd_poll_sleep(a, round, deadline)) {
			fsx_err(a->ctx, id, 0, "still %s at --timeout", life);
			return FSX_EXIT_TIMEOUT;
		}
	}
}

static int run_backup_create(struct fsx_ctx *ctx, void *reqp)
{
	struct backup_req *req = reqp;
	struct fsx_target t;
	struct awscmd a;
	struct aws_jw w;
	cJSON *resp = NULL;
	char tok[37], *body;
	long long secs;
	double deadline = 0;
	size_t len;
	int rc;

	if (req->args.n > 1)
		return fsx_usage(ctx, req->args.v[1],
				 "one file system at a time");
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	if (req->timeout) {
		if (fsx_duration_parse(req->timeout, &secs, &a.why)) {
			rc = fsx_usage(ctx, "--timeout", "'%s': %s",
				       req->timeout, a.why.msg);
			goto out;
		}
		deadline = awscmd_now() + (double)secs;
	}
	if (!req->fs && !req->args.n) {
		rc = fsx_usage(
			ctx, NULL,
			"name the file system: an fs- id or a path on its mount");
		goto out;
	}
	rc = awscmd_target(&a, req->fs, req->args.n ? req->args.v[0] : NULL,
			   &t);
	if (rc || aws_jw_open(&w))
		goto out;
	aws_jw_obj(&w, NULL);
	aws_jw_str(&w, "FileSystemId", t.fs_id);
	aws_jw_str(&w, "ClientRequestToken", awscmd_token(req->token, tok));
	aws_jw_end_obj(&w);
	body = aws_jw_close(&w, &len);
	rc = body ? aws_fsx_call(&a.s, "CreateBackup", body, len, &resp, &a.err,
				 &a.why) :
		    -ENOMEM;
	free(body);
	if (rc) {
		rc = awscmd_fail(&a, "CreateBackup", rc);
		goto out;
	}
	if (a.fmt == FMT_JSON)
		aws_json_print_versioned(ctx->out, resp, AWSCMD_JSON_VERSION);
	else
		fprintf(ctx->out, "%s\n",
			aws_json_str(resp, "Backup.BackupId") ?: "?");
	fflush(ctx->out);
	if (req->wait)
		rc = backup_wait(&a, aws_json_str(resp, "Backup.BackupId"),
				 deadline);
out:
	aws_json_free(resp);
	awscmd_close(&a);
	return rc;
}

static int run_backup_delete(struct fsx_ctx *ctx, void *reqp)
{
	struct backup_req *req = reqp;
	struct awscmd a;
	int rc, failed = 0;

	if (!req->args.n)
		return fsx_usage(ctx, NULL,
				 "give one or more backup ids (backup-...)");
	if (req->token && req->args.n > 1)
		return fsx_usage(ctx, "--client-request-token",
				 "only with one backup id");
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	for (size_t i = 0; i < req->args.n; i++) {
		struct aws_jw w;
		cJSON *resp = NULL;
		char tok[37], *body;
		size_t len;

		if (aws_jw_open(&w))
			break;
		aws_jw_obj(&w, NULL);
		aws_jw_str(&w, "BackupId", req->args.v[i]);
		aws_jw_str(&w, "ClientRequestToken",
			   awscmd_token(req->token, tok));
		aws_jw_end_obj(&w);
		body = aws_jw_close(&w, &len);
		rc = body ? aws_fsx_call(&a.s, "DeleteBackup", body, len, &resp,
					 &a.err, &a.why) :
			    -ENOMEM;
		free(body);
		if (rc) {
			awscmd_fail(&a, req->args.v[i], rc);
			failed++;
			continue;
		}
		awscmd_print_result(&a, resp, "BackupId", "?");
		aws_json_free(resp);
	}
	awscmd_bulk_summary(&a, "deleted", req->args.n, failed);
	awscmd_close(&a);
	return failed ? FSX_EXIT_FAIL : 0;
}

static const struct fsx_opt backup_create_opts[] = {
	OPT_STR(0, "fs", "FS-ID", BR(fs),
		"the file system (else the mount of PATH)",
		.complete = COMPLETE_FS),
	OPT_FLAG(0, "wait", BR(wait), 1, "wait until the backup is AVAILABLE"),
	OPT_STR(0, "timeout", "DURATION", BR(timeout),
		"give up waiting after this long (exit 3)"),
	OPT_STR(0, "client-request-token", "TOKEN", BR(token),
		"idempotency token (default: a new UUID, reused on retries)"),
	AWS_OPTS(struct backup_req),
	OPT_END(),
};

static const struct fsx_opt backup_list_opts[] = {
	OPT_STR(0, "fs", "FS-ID", BR(fs),
		"only this file system's backups (or give a PATH)",
		.complete = COMPLETE_FS),
	OPT_STR(0, "max-items", "N", BR(max_items), "stop after N backups"),
	AWS_OPTS(struct backup_req),
	OPT_END(),
};

static const struct fsx_opt backup_delete_opts[] = {
	OPT_STR(0, "client-request-token", "TOKEN", BR(token),
		"idempotency token (default: a new UUID, reused on retries)"),
	AWS_OPTS(struct backup_req),
	OPT_END(),
};

static const struct fsx_cmd cmd_backup_create = {
	.name = "create",
	.summary = "back up a persistent file system",
	.usage = "[OPTIONS] FS-ID|PATH",
	.opts = backup_create_opts,
	.req_size = sizeof(struct backup_req),
	.run = run_backup_create,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_PATH,
};

static const struct fsx_cmd cmd_backup_list = {
	.name = "list",
	.summary = "list backups, every page",
	.usage = "[OPTIONS] [PATH]",
	.opts = backup_list_opts,
	.req_size = sizeof(struct backup_req),
	.run = run_backup_list,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_PATH,
};

static const struct fsx_cmd cmd_backup_delete = {
	.name = "delete",
	.summary = "delete backups",
	.usage = "[OPTIONS] BACKUP-ID...",
	.opts = backup_delete_opts,
	.req_size = sizeof(struct backup_req),
	.run = run_backup_delete,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_BACKUP,
};

static const struct fsx_cmd *const backup_sub[] = {
	&cmd_backup_create,
	&cmd_backup_delete,
	&cmd_backup_list,
	NULL,
};

const struct fsx_cmd cmd_backup = {
	.name = "backup",
	.summary = "FSx backups: create, list, delete",
	.usage = "COMMAND [OPTIONS]",
	.sub = backup_sub,
	.flags = CMD_AWS,
};
