/* SPDX-License-Identifier: MIT */
/*
 * fsxctl hsm-*: the HSM verbs, with lfs's underscore spellings as aliases.
 * hsm-restore, -release, -archive, -remove and -cancel stream their input
 * (arguments, --filelist, stdin, -r walks) through the bulk engine
 * (src/hsm/); hsm-state, hsm-action, hsm-set and hsm-clear print or change
 * one file at a time in input order, in lfs's formats.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/jsonout.h"
#include "cmd/cmd.h"
#include "hsm/hsm.h"
#include "util/parse.h"

struct hsm_req {
	struct fsx_args args;
	const char *filelist, *shard, *timeout, *threads, *archive_id;
	int null, recursive, force, wait, summary, exact;
	int set_exists, set_archived, set_dirty, set_lost, set_norelease,
		set_noarchive;
	enum hsm_verb verb;
	/* filled by hsm_setup() */
	struct hsm_src *srcs;
	struct hsm_input *in;
	struct fsx_ctx *ctx;
	unsigned njson;
	bool tty, progress_shown;
};

#define HR(m) FSX_FIELD(struct hsm_req, m)

#define INPUT_OPTS(FL)                                                          \
	OPT_STR(FL, "filelist", "FILE", HR(filelist), "read paths from FILE ('-': stdin), one per line", \
		.complete = COMPLETE_FILE),                                      \
	OPT_FLAG('0', "null", HR(null), 1, "records end with NUL, not newline (find -print0)"), \
	OPT_STR(0, "shard", "I/N", HR(shard), "keep only shard I of N (by path hash), or auto for an Indexed Job")

static const struct fsx_opt request_opts[] = {
	INPUT_OPTS('l'),
	OPT_FLAG('r', "recursive", HR(recursive), 1, "walk directories, requesting every regular file"),
	OPT_FLAG(0, "force", HR(force), 1, "request files already in the wanted state too"),
	OPT_FLAG(0, "wait", HR(wait), 1, "follow the requests until every file is done"),
	OPT_STR(0, "timeout", "SECONDS", HR(timeout), "with --wait: give up after this long (exit 3); s, m, h suffixes"),
	OPT_STR(0, "threads", "N", HR(threads), "worker threads (1 to 64; default: one per CPU, 2 to 8)"),
	OPT_STR('a', "archive", "ID", HR(archive_id), "archive id (archive, remove)"),
	OPT_ALIAS("archive-id", "archive"),
	OPT_END(),
};

static const struct fsx_opt state_opts[] = {
	INPUT_OPTS('l'),
	OPT_FLAG('r', "recursive", HR(recursive), 1, "walk directories (their regular files)"),
	OPT_FLAG('s', "summary", HR(summary), 1, "count files and bytes per state instead of listing"),
	OPT_FLAG(0, "exact", HR(exact), 1, "with --summary: ask every file's state (tells lost from released)"),
	OPT_END(),
};

static const struct fsx_opt action_opts[] = {
	INPUT_OPTS('l'),
	OPT_FLAG('r', "recursive", HR(recursive), 1, "walk directories (their regular files)"),
	OPT_END(),
};

static const struct fsx_opt set_opts[] = {
	OPT_FLAG('e', "exists", HR(set_exists), 1, "an archived copy exists"),
	OPT_FLAG('A', "archived", HR(set_archived), 1, "the archived copy is complete"),
	OPT_FLAG('d', "dirty", HR(set_dirty), 1, "the file changed since it was archived"),
	OPT_FLAG('l', "lost", HR(set_lost), 1, "the archived copy is lost"),
	OPT_FLAG('r', "norelease", HR(set_norelease), 1, "never release the file"),
	OPT_FLAG('a', "noarchive", HR(set_noarchive), 1, "never archive the file"),
	OPT_STR('i', "archive-id", "ID", HR(archive_id), "the archive id"),
	INPUT_OPTS(0),
	OPT_FLAG(0, "recursive", HR(recursive), 1, "walk directories (-r is --norelease, as in lfs)"),
	OPT_END(),
};

static void report(void *arg, const struct hsm_failure *f)
{
	struct hsm_req *req = arg;
	struct fsx_ctx *ctx = req->ctx;

	if (req->progress_shown) {
		fputs("\r\033[K", ctx->err);
		req->progress_shown = false;
	}
	fsx_err(ctx, f->subject, f->show_errno ? f->rc : 0, "%s", f->msg);
	if (!(ctx->flags & FSX_JSON) || f->notice)
		return;
	fprintf(ctx->out, "%s\n  {\"path\":", req->njson++ ? "," : "");
	json_put_str(ctx->out, f->subject ? f->subject : "");
	fprintf(ctx->out, ",\"errno\":%d,\"error\":", -f->rc);
	json_put_str(ctx->out, f->msg);
	fprintf(ctx->out, "}");
}

static void show_progress(void *arg, const struct hsm_progress *p)
{
	struct hsm_req *req = arg;
	char line[160];

	if (!req->tty)
		return;
	hsm_progress_format(line, sizeof(line), req->verb, p);
	fprintf(req->ctx->err, "\r\033[K%s", line);
	fflush(req->ctx->err);
	req->progress_shown = true;
}

static bool stdin_has_data(void)
{
	struct stat st;

	return fstat(0, &st) == 0 && !isatty(0) &&
	       (S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode) || S_ISSOCK(st.st_mode));
}

/* Builds the input from the request: 0 or an exit code. */
static int hsm_setup(struct fsx_ctx *ctx, struct hsm_req *req)
{
	struct hsm_input_opts o = { .null = req->null, .recursive = req->recursive };
	struct fsx_why why = { "" };
	size_t n = 0;

	req->ctx = ctx;
	req->srcs = calloc(req->args.n + 2, sizeof(*req->srcs));
	if (!req->srcs) {
		fsx_err(ctx, NULL, -ENOMEM, "out of memory");
		return FSX_EXIT_FAIL;
	}
	for (size_t i = 0; i < req->args.n; i++) {
		bool dash = !strcmp(req->args.v[i], "-");

		req->srcs[n].kind = dash ? HSM_SRC_STDIN : HSM_SRC_PATH;
		req->srcs[n++].arg = req->args.v[i];
	}
	if (req->filelist) {
		bool dash = !strcmp(req->filelist, "-");

		req->srcs[n].kind = dash ? HSM_SRC_STDIN : HSM_SRC_FILE;
		req->srcs[n++].arg = req->filelist;
	}
	if (!n) {
		if (!stdin_has_data())
			return fsx_usage(ctx, NULL, "no path given (paths, --filelist FILE, or a pipe on stdin)");
		req->srcs[n++].kind = HSM_SRC_STDIN;
	}
	if (req->shard && hsm_shard_parse(req->shard, getenv("JOB_COMPLETION_INDEX"),
					  getenv("JOB_COMPLETIONS"), &o.shard, &why))
		return fsx_usage(ctx, NULL, "--shard %s: %s", req->shard, why.msg);
	o.srcs = req->srcs;
	o.nsrcs = n;
	if (hsm_input_open(&o, &req->in, &why)) {
		fsx_err(ctx, NULL, -ENOMEM, "%s", why.msg);
		return FSX_EXIT_FAIL;
	}
	req->tty = isatty(fileno(ctx->err)) && !(ctx->flags & FSX_QUIET);
	return 0;
}

static void hsm_release_req(void *reqp)
{
	struct hsm_req *req = reqp;

	req->in = hsm_input_free(req->in);
	free(req->srcs);
}

static int parse_seconds(const char *s, double *ret)
{
	char *end;
	double v, mul = 1;

	v = strtod(s, &end);
	if (end == s || v < 0)
		return -EINVAL;
	if (*end == 'm')
		mul = 60, end++;
	else if (*end == 'h')
		mul = 3600, end++;
	else if (*end == 's')
		end++;
	if (*end)
		return -EINVAL;
	*ret = v * mul;
	return 0;
}

/*
 * One thread per CPU (2 to 8): each file costs the client a few calls, so
 * more threads than CPUs only queue on the same locks; on a mount whose
 * calls wait on the servers, --threads raises it.
 */
static unsigned default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 2 ? 2 : n > 8 ? 8 : (unsigned)n;
}

static int request_opts_check(struct fsx_ctx *ctx, struct hsm_req *req,
			      struct hsm_bulk_opts *o)
{
	long long v;

	o->verb = req->verb;
	o->force = req->force;
	o->wait = req->wait;
	o->threads = default_threads();
	o->batch = HSM_BATCH_MAX;
	if (req->timeout && !req->wait)
		return fsx_usage(ctx, "--timeout", "needs --wait");
	if (req->timeout && parse_seconds(req->timeout, &o->timeout))
		return fsx_usage(ctx, NULL, "--timeout %s: not a duration (e.g. 90, 30s, 5m, 2h)",
				 req->timeout);
	if (req->threads) {
		if (parse_long(req->threads, 1, 64, &v))
			return fsx_usage(ctx, NULL, "--threads %s: must be 1 to 64", req->threads);
		o->threads = (unsigned)v;
	}
	if (req->archive_id) {
		if (parse_long(req->archive_id, 0, UINT32_MAX, &v))
			return fsx_usage(ctx, NULL, "-a %s: not an archive id (0 to 4294967295)",
					 req->archive_id);
		o->archive_id = (uint32_t)v;
	}
	return 0;
}

static int run_request(struct fsx_ctx *ctx, void *reqp)
{
	struct hsm_req *req = reqp;
	struct hsm_bulk_opts o = { .fail = report, .progress = show_progress, .arg = req };
	struct hsm_bulk_stats st;
	struct fsx_why why = { "" };
	bool json = ctx->flags & FSX_JSON, quiet_ok;
	int rc = request_opts_check(ctx, req, &o);

	if (rc || (rc = hsm_setup(ctx, req)))
		return rc;
	/* one file named on the command line: silent on success, as lfs */
	quiet_ok = req->args.n == 1 && !req->filelist && !req->recursive && !req->wait &&
		   strcmp(req->args.v[0], "-");
	if (json)
		fprintf(ctx->out, "{\"version\":1,\"command\":\"%s\",\"failures\":[", ctx->cmd);
	rc = hsm_bulk_run(req->in, &o, &st, &why);
	if (req->progress_shown)
		fputs("\r\033[K", ctx->err);
	if (rc)
		fsx_err(ctx, NULL, rc, "%s", why.msg);
	if (json) {
		fprintf(ctx->out, "%s],", req->njson ? "\n" : "");
		hsm_stats_print_json(ctx->out, req->verb, &st, req->wait);
		fprintf(ctx->out, "}\n");
	}
	if (!(ctx->flags & FSX_QUIET) &&
	    (!quiet_ok || st.failed || st.files + st.duplicates != 1))
		hsm_summary_print(ctx->err, ctx->cmd, req->verb, &st, req->wait);
	if (rc)
		return FSX_EXIT_FAIL;
	if (st.timed_out)
		return FSX_EXIT_TIMEOUT;
	return st.failed || st.wait_failed ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

/* hsm-state, hsm-action, hsm-set, hsm-clear: one file at a time, in order. */
enum each_kind { EACH_STATE, EACH_ACTION, EACH_SET, EACH_CLEAR };

static int each_one(struct hsm_req *req, enum each_kind k, const char *path,
		    uint64_t mask, uint32_t id)
{
	struct fsx_ctx *ctx = req->ctx;
	struct hsm_user_state hus;
	struct hsm_current_action hca;
	struct fsx_why why = { "" };
	bool json = ctx->flags & FSX_JSON;
	int rc;

	switch (k) {
	case EACH_STATE:
		rc = hsm_file_state(path, &hus, &why);
		break;
	case EACH_ACTION:
		rc = hsm_file_action(path, &hca, &why);
		break;
	default:
		rc = hsm_file_set(path, k == EACH_SET ? mask : 0, k == EACH_CLEAR ? mask : 0,
				  id, &why);
	}
	if (rc) {
		fsx_err(ctx, path, rc == -ENOTTY ? 0 : rc, "%s", why.msg);
		return 1;
	}
	if (json && k <= EACH_ACTION)
		fprintf(ctx->out, "%s\n  ", req->njson++ ? "," : "");
	if (k == EACH_STATE)
		(json ? hsm_state_print_json : hsm_state_print_lfs)(ctx->out, path, &hus);
	else if (k == EACH_ACTION)
		(json ? hsm_action_print_json : hsm_action_print_lfs)(ctx->out, path, &hca);
	return 0;
}

static int run_each(struct fsx_ctx *ctx, struct hsm_req *req, enum each_kind k,
		    uint64_t mask, uint32_t id)
{
	struct hsm_item it;
	struct fsx_why why = { "" };
	bool json = (ctx->flags & FSX_JSON) && k <= EACH_ACTION;
	int rc, failed = 0;

	if ((rc = hsm_setup(ctx, req)))
		return rc;
	if (json)
		fprintf(ctx->out, "{\"version\":1,\"files\":[");
	while ((rc = hsm_input_next(req->in, &it, &why)) != 0) {
		if (rc < 0) {
			fsx_err(ctx, it.path, rc == -EINVAL ? 0 : rc, "%s", why.msg);
			failed = 1;
			continue;
		}
		failed |= each_one(req, k, it.path, mask, id);
	}
	if (json)
		fprintf(ctx->out, "%s]}\n", req->njson ? "\n" : "");
	return failed ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

static void census_fail(void *arg, const struct hsm_failure *f)
{
	fsx_err(arg, f->subject, f->show_errno ? f->rc : 0, "%s", f->msg);
}

static int run_state(struct fsx_ctx *ctx, void *reqp)
{
	struct hsm_req *req = reqp;
	struct hsm_census c = { .exact = req->exact };
	struct fsx_why why = { "" };
	int rc;

	if (req->exact && !req->summary)
		return fsx_usage(ctx, "--exact", "needs --summary");
	if (!req->summary)
		return run_each(ctx, req, EACH_STATE, 0, 0);
	if ((rc = hsm_setup(ctx, req)))
		return rc;
	rc = hsm_census_run(req->in, &c, census_fail, ctx, &why);
	if (rc) {
		fsx_err(ctx, NULL, rc, "%s", why.msg);
		return FSX_EXIT_FAIL;
	}
	if (ctx->flags & FSX_JSON)
		hsm_census_print_json(ctx->out, &c);
	else
		hsm_census_print(ctx->out, &c);
	return c.failed ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

static int run_action(struct fsx_ctx *ctx, void *reqp)
{
	return run_each(ctx, reqp, EACH_ACTION, 0, 0);
}

static int run_setclear(struct fsx_ctx *ctx, struct hsm_req *req, enum each_kind k)
{
	uint64_t mask = (req->set_exists ? HS_EXISTS : 0) |
			(req->set_archived ? HS_ARCHIVED : 0) |
			(req->set_dirty ? HS_DIRTY : 0) | (req->set_lost ? HS_LOST : 0) |
			(req->set_norelease ? HS_NORELEASE : 0) |
			(req->set_noarchive ? HS_NOARCHIVE : 0);
	long long id = 0;

	if (req->archive_id && parse_long(req->archive_id, 0, UINT32_MAX, &id))
		return fsx_usage(ctx, NULL, "-i %s: not an archive id (0 to 4294967295)",
				 req->archive_id);
	if (!mask && !id)
		return fsx_usage(ctx, NULL, "no flag given (-e, -A, -d, -l, -r, -a or -i)");
	return run_each(ctx, req, k, mask, (uint32_t)id);
}

static int run_set(struct fsx_ctx *ctx, void *reqp)
{
	return run_setclear(ctx, reqp, EACH_SET);
}

static int run_clear(struct fsx_ctx *ctx, void *reqp)
{
	return run_setclear(ctx, reqp, EACH_CLEAR);
}

#define VERB_INIT(fn, v)                                                       \
	static void fn(void *reqp)                                             \
	{                                                                      \
		((struct hsm_req *)reqp)->verb = (v);                         \
	}
VERB_INIT(init_restore, HSM_RESTORE)
VERB_INIT(init_release, HSM_RELEASE)
VERB_INIT(init_archive, HSM_ARCHIVE)
VERB_INIT(init_remove, HSM_REMOVE)
VERB_INIT(init_cancel, HSM_CANCEL)

#define INPUT_HELP                                                             \
	"Paths come from the arguments, --filelist FILE, or stdin ('-', or no\n"   \
	"path and a pipe), one per line or NUL-separated with -0; -r walks\n"      \
	"directories. Input streams: memory stays bounded whatever its size."

#define REQUEST_HELP                                                           \
	INPUT_HELP "\n\nFiles are sent 52 to a request (the most the kernel takes) from\n" \
		   "several threads; a refused request is retried file by file, so one\n" \
		   "bad file fails alone. Files already in the wanted state are skipped\n" \
		   "(--force requests them anyway). Each failure is reported on stderr;\n" \
		   "a summary ends the run (one file named alone: silent, as lfs).\n" \
		   "Exit 0 done, 1 some files failed, 3 --wait timed out."

#define REQUEST_CMD(var, nm, alias, v, sum, extra)                             \
	static const char *const var##_aliases[] = { alias, NULL };            \
	const struct fsx_cmd var = {                                           \
		.name = nm,                                                    \
		.aliases = var##_aliases,                                      \
		.summary = sum,                                                \
		.usage = "[OPTIONS] [PATH...]",                                \
		.description = extra REQUEST_HELP,                             \
		.opts = request_opts,                                          \
		.req_size = sizeof(struct hsm_req),                            \
		.init = init_##v,                                              \
		.release = hsm_release_req,                                    \
		.run = run_request,                                            \
		.flags = CMD_LUSTRE | CMD_BULK,                                \
		.args_complete = COMPLETE_PATH,                                \
	}

REQUEST_CMD(cmd_hsm_restore, "hsm-restore", "hsm_restore", restore,
	    "bring released files back from the archive (pre-warm)",
	    "Pre-warms data imported from S3: find DIR -type f -print0 | fsxctl\n"
	    "hsm-restore -0 --wait, or fsxctl hsm-restore -r DIR --wait.\n\n");
REQUEST_CMD(cmd_hsm_release, "hsm-release", "hsm_release", release,
	    "free the data of archived files, keeping them in the archive",
	    "Needs root. Only archived, clean files can be released.\n\n");
REQUEST_CMD(cmd_hsm_archive, "hsm-archive", "hsm_archive", archive,
	    "copy files to the archive", "Needs root.\n\n");
REQUEST_CMD(cmd_hsm_remove, "hsm-remove", "hsm_remove", remove,
	    "delete the archived copy of files", "Needs root.\n\n");
REQUEST_CMD(cmd_hsm_cancel, "hsm-cancel", "hsm_cancel", cancel,
	    "cancel the HSM requests queued or running on files", "Needs root.\n\n");

static const char *const state_aliases[] = { "hsm_state", NULL };
const struct fsx_cmd cmd_hsm_state = {
	.name = "hsm-state",
	.aliases = state_aliases,
	.summary = "show the HSM state of files, or count files and bytes per state",
	.usage = "[OPTIONS] [PATH...]",
	.description = "Prints lfs hsm_state's lines (PATH: (0x0000000d) released exists\n"
		       "archived, archive_id:1). --summary -r DIR answers \"is the dataset\n"
		       "warm yet?\": files and bytes resident, released, dirty, lost and\n"
		       "never archived, in one walk that reads each file's layout and asks\n"
		       "the HSM state only where the layout does not tell.\n\n" INPUT_HELP,
	.opts = state_opts,
	.req_size = sizeof(struct hsm_req),
	.release = hsm_release_req,
	.run = run_state,
	.flags = CMD_LUSTRE | CMD_BULK,
	.args_complete = COMPLETE_PATH,
};

static const char *const action_aliases[] = { "hsm_action", NULL };
const struct fsx_cmd cmd_hsm_action = {
	.name = "hsm-action",
	.aliases = action_aliases,
	.summary = "show the HSM action queued or running on files",
	.usage = "[OPTIONS] [PATH...]",
	.description = "Prints lfs hsm_action's lines (PATH: RESTORE waiting (from 0 to EOF)).\n\n" INPUT_HELP,
	.opts = action_opts,
	.req_size = sizeof(struct hsm_req),
	.release = hsm_release_req,
	.run = run_action,
	.flags = CMD_LUSTRE | CMD_BULK,
	.args_complete = COMPLETE_PATH,
};

#define SETCLEAR_CMD(var, nm, alias, fn, sum)                                  \
	static const char *const var##_aliases[] = { alias, NULL };            \
	const struct fsx_cmd var = {                                           \
		.name = nm,                                                    \
		.aliases = var##_aliases,                                      \
		.summary = sum,                                                \
		.usage = "FLAGS [OPTIONS] [PATH...]",                          \
		.description = "Flags other than --dirty, --norelease and --noarchive need root.\n" \
			       "Silent on success, as lfs.\n\n" INPUT_HELP,   \
		.opts = set_opts,                                              \
		.req_size = sizeof(struct hsm_req),                            \
		.release = hsm_release_req,                                    \
		.run = fn,                                                     \
		.flags = CMD_LUSTRE | CMD_BULK,                                \
		.args_complete = COMPLETE_PATH,                                \
	}

SETCLEAR_CMD(cmd_hsm_set, "hsm-set", "hsm_set", run_set, "set HSM flags on files");
SETCLEAR_CMD(cmd_hsm_clear, "hsm-clear", "hsm_clear", run_clear, "clear HSM flags on files");
