/* SPDX-License-Identifier: MIT */
/*
 * fsxctl quota and setquota: user, group and project quotas as lfs shows
 * and sets them. Everything on the command line is checked before the
 * filesystem is touched; limits are parsed as lfs reads them.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "quota/quota.h"

/* The type options shared by both commands. */
struct qtype_opts {
	const char *user, *group, *project;
	int dflt_user, dflt_group, dflt_project;
	int times;
};

struct quota_req {
	struct fsx_args args;
	struct qtype_opts q;
	int human, verbose, quiet;
};

struct setquota_req {
	struct fsx_args args;
	struct qtype_opts q;
	const char *bsoft, *bhard, *isoft, *ihard;
	int use_default;
};

#define QR(m) FSX_FIELD(struct quota_req, m)
#define SQ(m) FSX_FIELD(struct setquota_req, m)

#define QTYPE_OPTS(F, what)                                                                \
	OPT_STR('u', "user", "USER", F(q.user), "a user (name or uid)" what,                \
		.complete = COMPLETE_USER),                                                 \
	OPT_STR('g', "group", "GROUP", F(q.group), "a group (name or gid)" what,            \
		.complete = COMPLETE_GROUP),                                                \
	OPT_STR('p', "projid", "PROJID", F(q.project), "a project id" what),                \
	OPT_FLAG('U', "default-user", F(q.dflt_user), 1, "the default user quota" what),    \
	OPT_FLAG('G', "default-group", F(q.dflt_group), 1, "the default group quota" what), \
	OPT_FLAG('P', "default-projid", F(q.dflt_project), 1, "the default project quota" what)

static const struct fsx_opt quota_opts[] = {
	QTYPE_OPTS(QR, ""),
	OPT_FLAG('t', "times", QR(q.times), 1, "the grace times of the type (with -U, -G or -P)"),
	OPT_FLAG('h', "human-readable", QR(human), 1, "block counts in K, M, G, T"),
	OPT_FLAG('v', "verbose", QR(verbose), 1, "also the usage and limits on each MDT and OST"),
	OPT_FLAG('q', "quiet", QR(quiet), 1, "no title and header lines"),
	OPT_END(),
};

static const struct fsx_opt setquota_opts[] = {
	QTYPE_OPTS(SQ, ""),
	OPT_STR('b', "block-softlimit", "SOFT", SQ(bsoft), "block soft limit: KiB, or with a k/m/g/t/p suffix (-t: block grace)"),
	OPT_STR('B', "block-hardlimit", "HARD", SQ(bhard), "block hard limit: KiB, or with a k/m/g/t/p suffix"),
	OPT_STR('i', "inode-softlimit", "SOFT", SQ(isoft), "inode soft limit, k/m suffixes allowed (-t: inode grace)"),
	OPT_STR('I', "inode-hardlimit", "HARD", SQ(ihard), "inode hard limit, k/m suffixes allowed"),
	OPT_FLAG('t', "times", SQ(q.times), 1, "set grace times: -b/-i take 1w2d3h4m5s, seconds or notify"),
	OPT_FLAG('D', "default", SQ(use_default), 1, "make the -u/-g/-p id use the default limits"),
	OPT_ALIAS("block-grace", "block-softlimit"),
	OPT_ALIAS("inode-grace", "inode-softlimit"),
	OPT_END(),
};

/* The one type selected: 0 or a usage error's exit code. */
static int pick_type(struct fsx_ctx *ctx, const struct qtype_opts *q,
		     enum quota_type *t, const char **name, bool *dflt)
{
	const char *names[6] = { q->user, q->group, q->project,
				 q->dflt_user ? "" : NULL, q->dflt_group ? "" : NULL,
				 q->dflt_project ? "" : NULL };
	int n = 0;

	*name = NULL;
	for (int i = 0; i < 6; i++) {
		if (!names[i])
			continue;
		n++;
		*t = (enum quota_type)(i % 3);
		*dflt = i >= 3;
		*name = i < 3 ? names[i] : NULL;
	}
	if (n > 1)
		return fsx_usage(ctx, NULL, "give only one of -u, -g, -p, -U, -G, -P");
	return n ? 0 : -1;
}

static const char *type_opt(enum quota_type t)
{
	return t == QUOTA_USR ? "-u" : t == QUOTA_GRP ? "-g" : "-p";
}

static int one_path(struct fsx_ctx *ctx, const struct fsx_args *a)
{
	if (a->n == 0)
		return fsx_usage(ctx, NULL, "no filesystem path given");
	if (a->n > 1)
		return fsx_usage(ctx, a->v[1], "only one filesystem path is taken");
	return 0;
}

static int show(struct fsx_ctx *ctx, const struct quota_req *req,
		struct quota_report *r, unsigned *njson)
{
	time_t now = time(NULL);
	bool bad = quota_report_inaccurate(r);

	if (ctx->flags & FSX_JSON) {
		fprintf(ctx->out, "%s\n  ", (*njson)++ ? "," : "");
		quota_print_json(ctx->out, r, now);
	} else {
		quota_print_lfs(ctx->out, r, req->human, !req->quiet, now);
	}
	if (bad)
		fsx_err(ctx, r->path, r->rc ? r->rc : r->target_rc,
			"some quota numbers are missing or inaccurate");
	quota_report_release(r);
	return bad ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

static int report(struct fsx_ctx *ctx, const struct quota_req *req,
		  enum quota_type t, uint32_t id, const char *name, bool dflt,
		  unsigned *njson)
{
	const char *path = req->args.v[0];
	struct fsx_why why = { "" };
	struct quota_report r;
	int rc = quota_get(path, t, id, dflt, req->verbose, &r, &why);

	if (rc) {
		if (rc == -EPERM)
			fsx_err(ctx, path, rc, "only root may see the quota of another %s",
				t == QUOTA_GRP ? "group" : "user");
		else
			fsx_err(ctx, path, rc, "%s", why.msg);
		return FSX_EXIT_FAIL;
	}
	snprintf(r.name, sizeof(r.name), "%s", name ? name : "");
	return show(ctx, req, &r, njson);
}

static int grace(struct fsx_ctx *ctx, const struct quota_req *req,
		 enum quota_type t)
{
	struct fsx_why why = { "" };
	uint64_t b, i;
	int rc = quota_get_grace(req->args.v[0], t, &b, &i, &why);

	if (rc) {
		fsx_err(ctx, req->args.v[0], rc, "%s", why.msg);
		return FSX_EXIT_FAIL;
	}
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "{\"version\":1,\"grace\":{\"type\":\"%s\",\"blocks\":%llu,\"inodes\":%llu}}\n",
			quota_type_name(t), (unsigned long long)b, (unsigned long long)i);
	else
		quota_print_grace_lfs(ctx->out, b, i);
	return FSX_EXIT_OK;
}

/* `quota PATH`: the caller's own user and group, as lfs does. */
static int own(struct fsx_ctx *ctx, const struct quota_req *req, unsigned *njson)
{
	struct passwd *pw = getpwuid(geteuid());
	struct group *gr = getgrgid(getegid());
	int rc;

	rc = report(ctx, req, QUOTA_USR, geteuid(), pw ? pw->pw_name : "<unknown>",
		    false, njson);
	return report(ctx, req, QUOTA_GRP, getegid(), gr ? gr->gr_name : "<unknown>",
		      false, njson) | rc;
}

static int run_quota(struct fsx_ctx *ctx, void *reqp)
{
	struct quota_req *req = reqp;
	struct fsx_why why = { "" };
	enum quota_type t = QUOTA_USR;
	const char *name;
	unsigned njson = 0;
	uint32_t id = 0;
	bool dflt = false;
	int rc = one_path(ctx, &req->args);

	if (rc)
		return rc;
	rc = pick_type(ctx, &req->q, &t, &name, &dflt);
	if (rc > 0)
		return rc;
	if (req->q.times) {
		if (rc < 0)
			return fsx_usage(ctx, "-t", "needs the quota type: -U, -G or -P");
		return grace(ctx, req, t);
	}
	if (name && quota_parse_id(t, name, &id, &why))
		return fsx_usage(ctx, NULL, "%s %s: %s", type_opt(t), name, why.msg);
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "{\"version\":1,\"quotas\":[");
	if (rc < 0)
		rc = own(ctx, req, &njson);
	else
		rc = report(ctx, req, t, id, name, dflt, &njson);
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "%s]}\n", njson ? "\n" : "");
	return rc ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

/* -b/-B/-i/-I (or -b/-i grace with -t) into l: 0 or a usage exit code. */
static int parse_limits(struct fsx_ctx *ctx, const struct setquota_req *req,
			struct quota_limits *l)
{
	struct {
		const char *opt, *val;
		unsigned bit;
		uint64_t *dst;
		int (*parse)(const char *, uint64_t *, struct fsx_why *);
	} v[] = {
		{ "-b", req->bsoft, QSET_BSOFT, &l->bsoft, quota_parse_blocks },
		{ "-B", req->bhard, QSET_BHARD, &l->bhard, quota_parse_blocks },
		{ "-i", req->isoft, QSET_ISOFT, &l->isoft, quota_parse_inodes },
		{ "-I", req->ihard, QSET_IHARD, &l->ihard, quota_parse_inodes },
	};
	struct fsx_why why = { "" };

	if (req->q.times) {
		v[0] = (typeof(v[0])){ "-b", req->bsoft, QSET_BGRACE, &l->bgrace, quota_parse_grace };
		v[2] = (typeof(v[0])){ "-i", req->isoft, QSET_IGRACE, &l->igrace, quota_parse_grace };
		if (req->bhard || req->ihard)
			return fsx_usage(ctx, req->bhard ? "-B" : "-I", "cannot be combined with -t");
	}
	for (size_t i = 0; i < 4; i++) {
		if (!v[i].val)
			continue;
		if (v[i].parse(v[i].val, v[i].dst, &why))
			return fsx_usage(ctx, NULL, "%s %s: %s", v[i].opt, v[i].val, why.msg);
		l->mask |= v[i].bit;
	}
	if (quota_limits_check(l, &why))
		return fsx_usage(ctx, NULL, "%s %s: %s", l->bsoft > l->bhard && l->bhard ? "-b" : "-i",
				 l->bsoft > l->bhard && l->bhard ? req->bsoft : req->isoft, why.msg);
	return 0;
}

static int setquota_mode(struct fsx_ctx *ctx, const struct setquota_req *req,
			 const struct quota_limits *l, const char *name, bool dflt,
			 enum quota_set_mode *mode)
{
	if (req->q.times) {
		*mode = QSET_GRACE;
		if (!l->mask)
			return fsx_usage(ctx, "-t", "give a block grace (-b) or an inode grace (-i)");
		return 0;
	}
	if (req->use_default) {
		*mode = QSET_USE_DEFAULT;
		if (!name)
			return fsx_usage(ctx, "--default", "needs -u, -g or -p with an id");
		if (l->mask)
			return fsx_usage(ctx, "--default", "cannot be combined with limits");
		return 0;
	}
	*mode = dflt ? QSET_DEFAULT : QSET_LIMITS;
	if (!l->mask)
		return fsx_usage(ctx, NULL, "give at least one limit: -b, -B, -i or -I");
	return 0;
}

static int run_setquota(struct fsx_ctx *ctx, void *reqp)
{
	struct setquota_req *req = reqp;
	struct quota_limits l = { 0 };
	struct fsx_why why = { "" };
	enum quota_type t = QUOTA_USR;
	enum quota_set_mode mode;
	const char *name;
	uint32_t id = 0;
	bool dflt = false;
	int rc = one_path(ctx, &req->args);

	if (!rc)
		rc = pick_type(ctx, &req->q, &t, &name, &dflt);
	if (rc < 0)
		return fsx_usage(ctx, NULL, "give the quota type: -u USER, -g GROUP, -p PROJID, -U, -G or -P");
	if (!rc)
		rc = parse_limits(ctx, req, &l);
	if (!rc)
		rc = setquota_mode(ctx, req, &l, name, dflt, &mode);
	if (rc)
		return rc;
	if (name && mode != QSET_GRACE) {
		if (quota_parse_id(t, name, &id, &why))
			return fsx_usage(ctx, NULL, "%s %s: %s", type_opt(t), name, why.msg);
		if (id == 0)
			return fsx_usage(ctx, NULL, "%s %s: cannot set quotas for root (id 0)", type_opt(t), name);
	}
	rc = quota_set(req->args.v[0], t, id, mode, &l, &why);
	if (rc == -EPERM)
		fsx_err(ctx, req->args.v[0], rc, "cannot set quotas: only root may");
	else if (rc)
		fsx_err(ctx, req->args.v[0], rc, "%s", why.msg);
	return rc ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

const struct fsx_cmd cmd_quota = {
	.name = "quota",
	.summary = "show quota usage, limits and grace of a user, group or project",
	.usage = "[-h] [-v] [-q] {-u USER|-g GROUP|-p PROJID|-U|-G|-P} PATH\n"
		 "       fsxctl quota -t {-U|-G|-P} PATH\n"
		 "       fsxctl quota PATH",
	.description = "Prints lfs quota 2.15's table: kbytes (used with -h), the soft limit\n"
		       "(quota), the hard limit, the grace left, then the same for files. A\n"
		       "`*` marks a value over its limit; grace shows the time left of the soft\n"
		       "limit's grace period, or `none` once it has run out. Numbers in [...]\n"
		       "are inaccurate (a target did not answer): exit status 1. -U, -G and -P\n"
		       "show the default limits, -t the grace periods. Without a type: the\n"
		       "caller's own user and group. PATH is any directory of the filesystem\n"
		       "and is printed as given.",
	.opts = quota_opts,
	.req_size = sizeof(struct quota_req),
	.run = run_quota,
	.flags = CMD_LUSTRE,
	.args_complete = COMPLETE_DIR,
};

const struct fsx_cmd cmd_setquota = {
	.name = "setquota",
	.summary = "set quota limits, default limits or grace times (root only)",
	.usage = "{-u USER|-g GROUP|-p PROJID|-U|-G|-P} [-b SOFT] [-B HARD] [-i SOFT] [-I HARD] PATH\n"
		 "       fsxctl setquota {-u USER|-g GROUP|-p PROJID} --default PATH\n"
		 "       fsxctl setquota -t {-U|-G|-P} [-b GRACE] [-i GRACE] PATH",
	.description = "Block limits are KiB unless suffixed (1.5G = 1572864 KiB; b = bytes,\n"
		       "rounded up to KiB); inode limits are counts (k = 1024). 0 removes a\n"
		       "limit. Given only one of a soft/hard pair, the other keeps its current\n"
		       "value. A soft limit above its hard limit is refused. -U/-G/-P set the\n"
		       "defaults every id without its own limits uses; --default puts an id\n"
		       "back on them. Grace times: seconds, 1w2d3h4m5s, or notify (warn only).\n"
		       "Root's quotas cannot be set; setting any quota needs root.",
	.opts = setquota_opts,
	.req_size = sizeof(struct setquota_req),
	.run = run_setquota,
	.flags = CMD_LUSTRE,
	.args_complete = COMPLETE_DIR,
};
