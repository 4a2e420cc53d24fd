/* SPDX-License-Identifier: MIT */
/*
 * fsxctl dra create|list|show|update|delete: data repository associations
 * between a file system directory and an S3 prefix. create checks what
 * FSx would refuse first (8 DRAs, overlapping paths, "/" only first, not
 * on SCRATCH_1 or Lustre 2.10); --wait follows the lifecycle.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/awscmd.h"

static const struct awscmd_col dra_cols[] = {
	{ "AssociationId", "AssociationId", 0 },
	{ "FileSystemId", "FileSystemId", 0 },
	{ "Lifecycle", "Lifecycle", 0 },
	{ "FileSystemPath", "FileSystemPath", 0 },
	{ "DataRepositoryPath", "DataRepositoryPath", 0 },
	{ "AutoImport", "S3.AutoImportPolicy.Events", 2 },
	{ "AutoExport", "S3.AutoExportPolicy.Events", 2 },
	{ NULL, NULL, 0 },
};

static const struct awscmd_col dra_show_cols[] = {
	{ "AssociationId", "AssociationId", 0 },
	{ "FileSystemId", "FileSystemId", 0 },
	{ "Lifecycle", "Lifecycle", 0 },
	{ "FailureDetails", "FailureDetails.Message", 0 },
	{ "FileSystemPath", "FileSystemPath", 0 },
	{ "DataRepositoryPath", "DataRepositoryPath", 0 },
	{ "BatchImportMetaDataOnCreate", "BatchImportMetaDataOnCreate", 0 },
	{ "ImportedFileChunkSize", "ImportedFileChunkSize", 0 },
	{ "AutoImportPolicy", "S3.AutoImportPolicy.Events", 2 },
	{ "AutoExportPolicy", "S3.AutoExportPolicy.Events", 2 },
	{ "CreationTime", "CreationTime", 1 },
	{ "ResourceARN", "ResourceARN", 0 },
	{ NULL, NULL, 0 },
};

struct dra_req {
	struct fsx_args args;
	struct aws_opts aws;
	const char *fs, *max_items, *auto_import, *auto_export, *chunk,
		*timeout, *token;
	int import_metadata, delete_data, wait;
};

#define DR(m) FSX_FIELD(struct dra_req, m)

static int dra_list_of(struct awscmd *a, const char *fs_id, long max,
		       cJSON **ret)
{
	struct fsx_filter f = { "file-system-id", fs_id };
	struct fsx_list_req r = { .op = "DescribeDataRepositoryAssociations",
				  .key = "Associations",
				  .filters = &f,
				  .nfilters = fs_id ? 1 : 0,
				  .page_size = 25,
				  .max_items = max };

	return fsx_list(&a->s, &r, ret, &a->err, &a->why);
}

static int run_dra_list(struct fsx_ctx *ctx, void *reqp)
{
	struct dra_req *req = reqp;
	struct fsx_target t;
	struct awscmd a;
	cJSON *doc = NULL;
	long long n = 0;
	int rc = awscmd_open(&a, ctx, &req->aws);

	memset(&t, 0, sizeof(t));
	if (rc)
		return rc;
	if (req->max_items)
		rc = awscmd_count(&a, "--max-items", req->max_items, 1, 1000000,
				  &n);
	if (!rc && (req->fs || req->args.n))
		rc = awscmd_target(&a, req->fs,
				   req->args.n ? req->args.v[0] : NULL, &t);
	if (rc)
		goto out;
	rc = dra_list_of(&a, t.fs_id[0] ? t.fs_id : NULL, (long)n, &doc);
	if (rc)
		rc = awscmd_fail(&a, "DescribeDataRepositoryAssociations", rc);
	else
		awscmd_print_list(&a, doc, "Associations", dra_cols);
	aws_json_free(doc);
out:
	awscmd_close(&a);
	return rc;
}

static int describe_dra(struct awscmd *a, const char *id, cJSON **doc,
			cJSON **item)
{
	return fsx_describe_one(&a->s, "DescribeDataRepositoryAssociations",
				"Associations", "AssociationIds", id, doc, item,
				&a->err, &a->why);
}

static int run_dra_show(struct fsx_ctx *ctx, void *reqp)
{
	struct dra_req *req = reqp;
	struct awscmd a;
	cJSON *doc = NULL, *d;
	int rc;

	if (req->args.n != 1)
		return fsx_usage(ctx, NULL,
				 "give one association id (dra-...)");
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	rc = describe_dra(&a, req->args.v[0], &doc, &d);
	if (rc)
		rc = awscmd_fail(&a, "DescribeDataRepositoryAssociations", rc);
	else
		awscmd_print_item(&a, doc, d, dra_show_cols);
	aws_json_free(doc);
	awscmd_close(&a);
	return rc;
}

/* Waits until id is AVAILABLE (gone: want_gone). 0, 1 failed, 3 timeout. */
static int dra_wait(struct awscmd *a, const char *id, int want_gone,
		    double deadline)
{
	for (int round = 0;; round++) {
		cJSON *doc = NULL, *d;
		const char *life;
		char state[32];
		int rc = describe_dra(a, id, &doc, &d);

		if (rc && want_gone &&
		    !strcmp(a->err.code, "DataRepositoryAssociationNotFound")) {
			fprintf(a->ctx->err, "%s: deleted\n", id);
			return 0;
		}
		if (rc)
			return awscmd_fail(
				a, "DescribeDataRepositoryAssociations", rc);
		snprintf(state, sizeof(state), "%s",
			 aws_json_str(d, "Lifecycle") ?: "?");
		life = state;
		if (!want_gone && !strcmp(life, "AVAILABLE")) {
			aws_json_free(doc);
			fprintf(a->ctx->err, "%s: AVAILABLE\n", id);
			return 0;
		}
		if (!strcmp(life, "MISCONFIGURED") || !strcmp(life, "FAILED")) {
			fsx_err(a->ctx, id, 0, "%s: %s%s", life,
				aws_json_str(d, "FailureDetails.Message") ?:
					"no details given",
				!strcmp(life, "MISCONFIGURED") ?
					"; usual causes: the S3 bucket policy or KMS key denies FSx, the bucket is in another region, or its event notifications are taken" :
					"");
			aws_json_free(doc);
			return FSX_EXIT_FAIL;
		}
		if (awscmd_is_tty(a))
			fprintf(a->ctx->err, "\r%s: %s\033[K", id, life);
		aws_json_free(doc);
		if (awscmd_poll_sleep(a, round, deadline)) {
			fsx_err(a->ctx, id, 0, "still %s at --timeout", life);
			return FSX_EXIT_TIMEOUT;
		}
	}
}

static int show_final(struct awscmd *a, const char *id)
{
	cJSON *doc = NULL, *d;
	int rc = describe_dra(a, id, &doc, &d);

	if (rc)
		return awscmd_fail(a, "DescribeDataRepositoryAssociations", rc);
	awscmd_print_item(a, doc, d, dra_show_cols);
	aws_json_free(doc);
	return 0;
}

static int parse_common(struct awscmd *a, const struct dra_req *req,
			struct fsx_dra_spec *d, double *deadline)
{
	long long secs;

	*deadline = 0;
	if (req->auto_import) {
		if (fsx_events_parse(req->auto_import, &d->import_events,
				     &a->why))
			return fsx_usage(a->ctx, "--auto-import", "%s",
					 a->why.msg);
		d->set_import = 1;
	}
	if (req->auto_export) {
		if (fsx_events_parse(req->auto_export, &d->export_events,
				     &a->why))
			return fsx_usage(a->ctx, "--auto-export", "%s",
					 a->why.msg);
		d->set_export = 1;
	}
	if (req->chunk && awscmd_count(a, "--chunk-size", req->chunk, 1, 512000,
				       &d->chunk_size))
		return FSX_EXIT_USAGE;
	if (req->timeout) {
		if (fsx_duration_parse(req->timeout, &secs, &a->why))
			return fsx_usage(a->ctx, "--timeout", "'%s': %s",
					 req->timeout, a->why.msg);
		*deadline = awscmd_now() + (double)secs;
	}
	return 0;
}

static int call_print(struct awscmd *a, const char *op, char *body, size_t len,
		      cJSON **resp)
{
	int rc = body ? aws_fsx_call(&a->s, op, body, len, resp, &a->err,
				     &a->why) :
			why_set(&a->why, -ENOMEM, "out of memory");

	free(body);
	if (rc)
		return awscmd_fail(a, op, rc);
	return 0;
}

static int dra_precheck(struct awscmd *a, const struct fsx_dra_spec *d)
{
	cJSON *fsdoc = NULL, *fs, *dras = NULL;
	int rc = fsx_describe_one(&a->s, "DescribeFileSystems", "FileSystems",
				  "FileSystemIds", d->fs_id, &fsdoc, &fs,
				  &a->err, &a->why);

	if (rc)
		return awscmd_fail(
			a, rc == -ENOENT ? d->fs_id : "DescribeFileSystems",
			rc);
	rc = dra_list_of(a, d->fs_id, 0, &dras);
	if (rc) {
		aws_json_free(fsdoc);
		return awscmd_fail(a, "DescribeDataRepositoryAssociations", rc);
	}
	if (fsx_dra_check(fs, aws_json_get(dras, "Associations"), d->fs_path,
			  d->set_export && d->export_events, &a->why)) {
		fsx_err(a->ctx, d->fs_path, 0, "%s", a->why.msg);
		rc = FSX_EXIT_FAIL;
	}
	aws_json_free(fsdoc);
	aws_json_free(dras);
	return rc;
}

static int run_dra_create(struct fsx_ctx *ctx, void *reqp)
{
	struct dra_req *req = reqp;
	struct fsx_dra_spec d = { 0 };
	struct fsx_target t;
	struct awscmd a;
	cJSON *resp = NULL;
	char tok[37], fspath[4096], *body;
	double deadline;
	size_t len;
	int rc;

	if (req->args.n != 2)
		return fsx_usage(
			ctx, NULL,
			"give a directory (on the mount, or a file system path with --fs) and an s3:// path");
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	if (fsx_s3_path_check(req->args.v[1], &a.why)) {
		rc = fsx_usage(ctx, req->args.v[1], "%s", a.why.msg);
		goto out;
	}
	rc = parse_common(&a, req, &d, &deadline);
	if (!rc)
		rc = awscmd_target(&a, req->fs, req->args.v[0], &t);
	if (rc)
		goto out;
	if (fsx_local_to_fs(&t, req->args.v[0], fspath, sizeof(fspath),
			    &a.why)) {
		rc = fsx_usage(ctx, req->args.v[0], "%s", a.why.msg);
		goto out;
	}
	d.fs_id = t.fs_id;
	d.fs_path = fspath;
	d.s3_path = req->args.v[1];
	d.import_metadata = req->import_metadata;
	d.token = awscmd_token(req->token, tok);
	rc = dra_precheck(&a, &d);
	body = rc ? NULL : fsx_dra_create_body(&d, &len);
	if (!rc)
		rc = call_print(&a, "CreateDataRepositoryAssociation", body,
				len, &resp);
	if (rc)
		goto out;
	if (!req->wait) {
		awscmd_print_item(&a, resp, aws_json_get(resp, "Association"),
				  dra_show_cols);
		goto out;
	}
	/* with --wait, show the association as it ended up, not as created */
	rc = dra_wait(&a, aws_json_str(resp, "Association.AssociationId"), 0,
		      deadline);
	if (rc == 0)
		rc = show_final(&a, aws_json_str(resp, "Association.AssociationId"));
out:
	aws_json_free(resp);
	awscmd_close(&a);
	return rc;
}

static int run_dra_update(struct fsx_ctx *ctx, void *reqp)
{
	struct dra_req *req = reqp;
	struct fsx_dra_spec d = { 0 };
	struct awscmd a;
	cJSON *resp = NULL;
	char tok[37], *body;
	double deadline;
	size_t len;
	int rc;

	if (req->args.n != 1)
		return fsx_usage(ctx, NULL,
				 "give one association id (dra-...)");
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	rc = parse_common(&a, req, &d, &deadline);
	if (!rc && !d.set_import && !d.set_export && !d.chunk_size)
		rc = fsx_usage(
			ctx, NULL,
			"nothing to change: give --auto-import, --auto-export or --chunk-size");
	if (rc)
		goto out;
	d.token = awscmd_token(req->token, tok);
	body = fsx_dra_update_body(req->args.v[0], &d, &len);
	rc = call_print(&a, "UpdateDataRepositoryAssociation", body, len,
			&resp);
	if (rc)
		goto out;
	awscmd_print_item(&a, resp, aws_json_get(resp, "Association"),
			  dra_show_cols);
	if (req->wait)
		rc = dra_wait(&a, req->args.v[0], 0, deadline);
out:
	aws_json_free(resp);
	awscmd_close(&a);
	return rc;
}

static const struct awscmd_col dra_del_cols[] = {
	{ "AssociationId", "AssociationId", 0 },
	{ "Lifecycle", "Lifecycle", 0 },
	{ "DeleteDataInFileSystem", "DeleteDataInFileSystem", 0 },
	{ NULL, NULL, 0 },
};

static int run_dra_delete(struct fsx_ctx *ctx, void *reqp)
{
	struct dra_req *req = reqp;
	struct fsx_dra_spec d = { 0 };
	struct awscmd a;
	cJSON *resp = NULL;
	char tok[37], *body;
	double deadline;
	size_t len;
	int rc;

	if (req->args.n != 1)
		return fsx_usage(ctx, NULL,
				 "give one association id (dra-...)");
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	rc = parse_common(&a, req, &d, &deadline);
	if (rc)
		goto out;
	body = fsx_dra_delete_body(req->args.v[0], req->delete_data,
				   awscmd_token(req->token, tok), &len);
	rc = call_print(&a, "DeleteDataRepositoryAssociation", body, len,
			&resp);
	if (rc)
		goto out;
	awscmd_print_item(&a, resp, resp, dra_del_cols);
	if (req->wait)
		rc = dra_wait(&a, req->args.v[0], 1, deadline);
out:
	aws_json_free(resp);
	awscmd_close(&a);
	return rc;
}

#define DRA_WAIT_OPTS                                                              \
	OPT_FLAG(0, "wait", DR(wait), 1,                                           \
		 "wait until AVAILABLE (or gone, for delete)"),                    \
		OPT_STR(0, "timeout", "DURATION", DR(timeout),                     \
			"give up waiting after this long: 90s, 30m, 2h (exit 3)"), \
		OPT_STR(0, "client-request-token", "TOKEN", DR(token),             \
			"idempotency token (default: a new UUID, reused on retries)")

#define DRA_POLICY_OPTS                                                             \
	OPT_STR(0, "auto-import", "EVENTS", DR(auto_import),                        \
		"import S3 changes: new,changed,deleted or none"),                  \
		OPT_STR(0, "auto-export", "EVENTS", DR(auto_export),                \
			"export file system changes: new,changed,deleted or none"), \
		OPT_STR(0, "chunk-size", "MIB", DR(chunk),                          \
			"ImportedFileChunkSize: stripe size for imported files, 1-512000 MiB")

static const struct fsx_opt dra_create_opts[] = {
	OPT_STR(0, "fs", "FS-ID", DR(fs),
		"the file system; DIR is then a file system path",
		.complete = COMPLETE_FS),
	DRA_POLICY_OPTS,
	OPT_FLAG(0, "import-metadata", DR(import_metadata), 1,
		 "import the S3 metadata right after creation"),
	DRA_WAIT_OPTS,
	AWS_OPTS(struct dra_req),
	OPT_END(),
};

static const struct fsx_opt dra_update_opts[] = {
	DRA_POLICY_OPTS,
	DRA_WAIT_OPTS,
	AWS_OPTS(struct dra_req),
	OPT_END(),
};

static const struct fsx_opt dra_delete_opts[] = {
	OPT_FLAG(
		0, "delete-data", DR(delete_data), 1,
		"also delete the files of the association from the file system"),
	DRA_WAIT_OPTS,
	AWS_OPTS(struct dra_req),
	OPT_END(),
};

static const struct fsx_opt dra_list_opts[] = {
	OPT_STR(0, "fs", "FS-ID", DR(fs),
		"only this file system's associations",
		.complete = COMPLETE_FS),
	OPT_STR(0, "max-items", "N", DR(max_items),
		"stop after N associations"),
	AWS_OPTS(struct dra_req),
	OPT_END(),
};

static const struct fsx_opt dra_show_opts[] = {
	AWS_OPTS(struct dra_req),
	OPT_END(),
};

static const struct fsx_cmd cmd_dra_create = {
	.name = "create",
	.summary = "link a file system directory to an S3 prefix",
	.usage = "[OPTIONS] DIR s3://BUCKET/PREFIX/",
	.description =
		"DIR on a mounted FSx file system names the file system and the path;\n"
		"with --fs, DIR is the file system path itself (/ns1). Refused before\n"
		"calling when FSx would refuse: 8 associations already, a path that\n"
		"overlaps another, '/' when others exist, SCRATCH_1 or Lustre 2.10.",
	.opts = dra_create_opts,
	.req_size = sizeof(struct dra_req),
	.run = run_dra_create,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_DIR,
};

static const struct fsx_cmd cmd_dra_list = {
	.name = "list",
	.summary = "list data repository associations, every page",
	.usage = "[OPTIONS] [PATH]",
	.opts = dra_list_opts,
	.req_size = sizeof(struct dra_req),
	.run = run_dra_list,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_PATH,
};

static const struct fsx_cmd cmd_dra_show = {
	.name = "show",
	.summary = "show one data repository association",
	.usage = "[OPTIONS] DRA-ID",
	.opts = dra_show_opts,
	.req_size = sizeof(struct dra_req),
	.run = run_dra_show,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_DRA,
};

static const struct fsx_cmd cmd_dra_update = {
	.name = "update",
	.summary = "change auto-import/export policies or chunk size",
	.usage = "[OPTIONS] DRA-ID",
	.opts = dra_update_opts,
	.req_size = sizeof(struct dra_req),
	.run = run_dra_update,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_DRA,
};

static const struct fsx_cmd cmd_dra_delete = {
	.name = "delete",
	.summary = "delete a data repository association",
	.usage = "[OPTIONS] DRA-ID",
	.opts = dra_delete_opts,
	.req_size = sizeof(struct dra_req),
	.run = run_dra_delete,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_DRA,
};

static const struct fsx_cmd *const dra_sub[] = {
	&cmd_dra_create, &cmd_dra_delete, &cmd_dra_list,
	&cmd_dra_show,	 &cmd_dra_update, NULL,
};

const struct fsx_cmd cmd_dra = {
	.name = "dra",
	.summary =
		"data repository associations: create, list, show, update, delete",
	.usage = "COMMAND [OPTIONS]",
	.sub = dra_sub,
	.flags = CMD_AWS,
};
