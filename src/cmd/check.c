/* SPDX-License-Identifier: MIT */
/*
 * fsxctl check: the striping audit. Walks files and directories (the
 * getstripe walk, bounded memory), reports where a layout breaks FSx's
 * striping guidelines, and with --fix migrates files and sets directory
 * defaults to the recommended progressive layout (a dry run unless --yes).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "layout/audit.h"
#include "layout/layout.h"
#include "layout/migrate.h"
#include "layout/walk.h"
#include "lustre/lustre.h"
#include "lustre/statfs.h"
#include "quota/df.h"
#include "util/parse.h"

struct check_req {
	struct fsx_args args;
	int recursive, fix, yes;
	const char *large, *small, *large_stripes, *stripe_size, *dir_files, *balance;
};

#define CK(m) FSX_FIELD(struct check_req, m)

static const struct fsx_opt check_opts[] = {
	OPT_FLAG('r', "recursive", CK(recursive), 1, "check the whole tree below each directory"),
	OPT_FLAG(0, "fix", CK(fix), 1, "show the migrate/setstripe commands that fix the findings"),
	OPT_FLAG(0, "yes", CK(yes), 1, "with --fix: run them"),
	OPT_STR(0, "large", "SIZE", CK(large), "files above SIZE are large (default 1G)"),
	OPT_STR(0, "small", "SIZE", CK(small), "files below SIZE are small (default 100M)"),
	OPT_STR(0, "large-stripes", "N", CK(large_stripes), "stripes a large file needs, at most the OST count (default 8)"),
	OPT_STR(0, "stripe-size", "SIZE", CK(stripe_size), "the expected stripe size (default 1M)"),
	OPT_STR(0, "dir-files", "N", CK(dir_files), "small striped files that flag their directory (default 16, 0: off)"),
	OPT_STR(0, "balance", "PCT", CK(balance), "largest allowed fill spread between OSTs, in points (default 20; off: not checked)"),
	OPT_END(),
};

struct dirstate {
	char *path;
	unsigned nfiles, nsmall;
	uint64_t hash; /* of its default layout: inherited ones are not reported again */
};

struct ck {
	struct fsx_ctx *ctx;
	const struct check_req *req;
	struct audit_cfg cfg;
	struct dirstate *stack;
	size_t depth, cap;
	unsigned long files, dirs, findings, fixed, fix_failed, errors;
	unsigned long per_rule[AUDIT_NRULES];
	void *pfl; /* the recommended layout, encoded */
	size_t pfl_len;
	char pfl_text[160];
	const char *last_fixed; /* one fix per path */
	char last_path[4096];
	unsigned njson;
	bool small_striped; /* the file just audited */
	bool no_balance;    /* --balance off */
};

static uint64_t fnv(const void *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ ((const uint8_t *)p)[i]) * 1099511628211ULL;
	return h;
}

/* The progressive layout FSx recommends, with this audit's thresholds. */
static int build_pfl(struct ck *k)
{
	const struct audit_cfg *c = &k->cfg;
	unsigned want = audit_want_large(c), counts[4];
	uint64_t ends[4], e1 = (c->small + (1 << 20) - 1) & ~((1ULL << 20) - 1);
	struct layout_spec s = { .any = true, .composite = true, .ncomps = 4 };
	struct fsx_why why = { "" };
	size_t n = 0;

	ends[0] = e1 ? e1 : 1 << 20;
	ends[1] = ends[0] * 2 > (10ULL << 30) ? ends[0] * 2 : 10ULL << 30;
	ends[2] = ends[1] * 2 > (100ULL << 30) ? ends[1] * 2 : 100ULL << 30;
	ends[3] = LUSTRE_EOF;
	counts[0] = 1;
	counts[1] = want;
	counts[2] = c->nost && 2 * want > c->nost ? c->nost : 2 * want;
	counts[3] = c->nost && 4 * want > c->nost ? c->nost : 4 * want;
	for (unsigned i = 0; i < 4; i++) {
		struct layout_comp_spec *cs = &s.comps[i];

		cs->end = ends[i];
		cs->stripe_count = (int)counts[i];
		cs->stripe_size = c->stripe_size;
		cs->stripe_offset = -1;
		cs->pattern = LOV_PATTERN_RAID0;
		cs->count_set = cs->size_set = true;
		if (i < 3 && !(ends[i] & ((1ULL << 30) - 1)))
			n += (size_t)snprintf(k->pfl_text + n, sizeof(k->pfl_text) - n, "-E %lluG -c %u ",
					      (unsigned long long)(ends[i] >> 30), counts[i]);
		else if (i < 3)
			n += (size_t)snprintf(k->pfl_text + n, sizeof(k->pfl_text) - n, "-E %lluM -c %u ",
					      (unsigned long long)(ends[i] >> 20), counts[i]);
		else
			snprintf(k->pfl_text + n, sizeof(k->pfl_text) - n, "-E -1 -c %u -S %lluK",
				 counts[i], (unsigned long long)(c->stripe_size >> 10));
		if (i == 3 && !(c->stripe_size & ((1 << 20) - 1)))
			snprintf(k->pfl_text + n, sizeof(k->pfl_text) - n, "-E -1 -c %u -S %lluM",
				 counts[i], (unsigned long long)(c->stripe_size >> 20));
	}
	if (layout_spec_encode(&s, &k->pfl, &k->pfl_len, &why)) {
		fsx_err(k->ctx, NULL, 0, "%s", why.msg);
		return -EINVAL;
	}
	return 0;
}

static void fix_one(struct ck *k, const struct audit_finding *f)
{
	bool dir = f->is_dir, apply = k->req->yes;
	struct fsx_why why = { "" };
	int rc = 0, fd;

	if (f->rule == AUDIT_OST_BALANCE || (k->last_fixed && !strcmp(k->last_path, f->path)))
		return;
	snprintf(k->last_path, sizeof(k->last_path), "%s", f->path);
	k->last_fixed = k->last_path;
	if (!apply) {
		if (!(k->ctx->flags & FSX_JSON))
			fprintf(k->ctx->out, "  would run: fsxctl %s %s '%s'\n",
				dir ? "setstripe" : "migrate", k->pfl_text, f->path);
		return;
	}
	if (dir) {
		fd = open(f->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		rc = fd < 0 ? -errno : lustre_set_lov_xattr(fd, k->pfl, k->pfl_len);
		if (fd >= 0)
			close(fd);
		snprintf(why.msg, sizeof(why.msg), "cannot set the default layout");
	} else {
		struct migrate_opts o = { .blob = k->pfl, .len = k->pfl_len, .composite = true };

		rc = layout_migrate(f->path, &o, NULL, &why);
	}
	if (rc) {
		fsx_err(k->ctx, f->path, rc, "%s", why.msg);
		k->fix_failed++;
		return;
	}
	k->fixed++;
	if (!(k->ctx->flags & FSX_JSON))
		fprintf(k->ctx->out, "  fixed: %s\n", dir ? "new default layout set" : "migrated");
}

static void on_finding(void *arg, const struct audit_finding *f)
{
	struct ck *k = arg;
	FILE *out = k->ctx->out;
	bool fixable = f->rule != AUDIT_OST_BALANCE;

	k->findings++;
	k->per_rule[f->rule]++;
	if (f->rule == AUDIT_SMALL_STRIPED)
		k->small_striped = true;
	if (k->ctx->flags & FSX_JSON) {
		fprintf(out, "%s\n  {\"path\":", k->njson++ ? "," : "");
		fsx_json_str(out, f->path);
		fprintf(out, ",\"type\":\"%s\",\"rule\":\"%s\",\"measured\":", f->is_dir ? "dir" : "file",
			audit_rule_name(f->rule));
		fsx_json_str(out, f->measured);
		fprintf(out, ",\"have\":%u,\"want\":%u,\"size\":%llu,\"suggest\":", f->have, f->want,
			(unsigned long long)f->size);
		if (fixable) {
			fputc('"', out);
			fprintf(out, "%s %s", f->is_dir ? "setstripe" : "migrate", k->pfl_text);
			fputc('"', out);
		} else {
			fprintf(out, "\"migrate large files off OST%04x\"", f->have);
		}
		fputc('}', out);
	} else if (fixable) {
		fprintf(out, "%s: %s: %s; suggested layout: %s\n", f->path, audit_rule_name(f->rule),
			f->measured, k->pfl_text);
	} else {
		fprintf(out, "%s: %s: %s; suggested: migrate large files off OST%04x\n", f->path,
			audit_rule_name(f->rule), f->measured, f->have);
	}
	if (k->req->fix && fixable)
		fix_one(k, f);
}

static void pop(struct ck *k)
{
	struct dirstate *d = &k->stack[--k->depth];

	audit_dir_tally(&k->cfg, d->path, d->nfiles, d->nsmall, on_finding, k);
	free(d->path);
}

/* Closes the directories the walk has left (it is depth-first). */
static void pop_to_parent(struct ck *k, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	while (k->depth) {
		const char *top = k->stack[k->depth - 1].path;

		if (slash && strlen(top) == n && !strncmp(top, path, n))
			return;
		if (slash && n == 0 && !strcmp(top, "/"))
			return;
		pop(k);
	}
}

static int push(struct ck *k, const char *path, uint64_t hash)
{
	struct dirstate *ns;

	if (k->depth == k->cap) {
		ns = realloc(k->stack, sizeof(*ns) * (k->cap ? k->cap * 2 : 16));
		if (!ns)
			return -ENOMEM;
		k->stack = ns;
		k->cap = k->cap ? k->cap * 2 : 16;
	}
	ns = &k->stack[k->depth];
	ns->path = strdup(path);
	if (!ns->path)
		return -ENOMEM;
	ns->nfiles = ns->nsmall = 0;
	ns->hash = hash;
	k->depth++;
	return 0;
}

static void on_dir(struct ck *k, const struct walk_item *it)
{
	uint64_t hash = it->rc ? 0 : fnv(it->blob, it->len);
	bool inherited = k->depth && k->stack[k->depth - 1].hash == hash;

	k->dirs++;
	if (!it->rc && !inherited)
		audit_dir_default(&k->cfg, it->path, it->blob, it->len, on_finding, k);
	if (push(k, it->path, hash))
		k->errors++;
}

static void on_file(struct ck *k, const struct walk_item *it)
{
	struct stat st;

	k->files++;
	k->small_striped = false;
	if (fstatat(it->fd, it->name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		fsx_err(k->ctx, it->path, -errno, "cannot stat");
		k->errors++;
		return;
	}
	if (!it->rc)
		audit_file(&k->cfg, it->path, (uint64_t)st.st_size, it->blob, it->len, on_finding, k);
	if (k->depth) {
		k->stack[k->depth - 1].nfiles++;
		k->stack[k->depth - 1].nsmall += k->small_striped;
	}
}

static int walk_item(void *arg, const struct walk_item *it)
{
	struct ck *k = arg;

	if (it->rc && it->rc != -ENODATA) {
		fsx_err(k->ctx, it->path, it->rc, "%s", it->what ? it->what : "cannot read its layout");
		k->errors++;
		return 0;
	}
	pop_to_parent(k, it->path);
	if (it->is_dir)
		on_dir(k, it);
	else
		on_file(k, it);
	return 0;
}

/* Per mount: the OST count and default for the rules, and the OST fill. */
static void mount_setup(struct ck *k, const char *path, bool *first)
{
	struct lustre_mnt m;
	struct lustre_defaults d;
	struct df_fs fs;
	uint64_t used[1024], total[1024];
	size_t n = 0;
	int fd;

	if (lustre_mnt_find(path, &m))
		return;
	fd = open(m.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		int nost = lustre_ost_count(fd);

		if (*first && nost > 0)
			k->cfg.nost = (unsigned)nost;
		if (*first && !lustre_fs_defaults(fd, &d))
			k->cfg.def_count = (unsigned)d.stripe_count;
		close(fd);
	}
	*first = false;
	if (k->no_balance || df_load(m.dir, m.fsname, NULL, 0, &fs, NULL))
		return; /* no per-target statfs: no balance rule */
	for (size_t i = 0; i < fs.n && n < 1024; i++) {
		const struct obd_statfs *st = &fs.t[i].st;

		if (fs.t[i].is_mdt || fs.t[i].rc)
			continue;
		used[n] = (st->os_blocks - st->os_bfree) * st->os_bsize;
		total[n++] = st->os_blocks * st->os_bsize;
	}
	audit_balance(&k->cfg, m.dir, used, total, n, on_finding, k);
	df_release(&fs);
}

static int opt_size(struct fsx_ctx *ctx, const char *name, const char *v,
		    uint64_t *ret)
{
	if (v && (parse_size(v, 1, ret) || !*ret))
		return fsx_usage(ctx, NULL, "%s %s: not a size (N with a K, M, G or T suffix)", name, v);
	return 0;
}

static int opt_num(struct fsx_ctx *ctx, const char *name, const char *v,
		   long long min, long long max, unsigned *ret)
{
	long long n;

	if (!v)
		return 0;
	if (parse_long(v, min, max, &n))
		return fsx_usage(ctx, NULL, "%s %s: not a number from %lld to %lld", name, v, min, max);
	*ret = (unsigned)n;
	return 0;
}

static int parse_cfg(struct fsx_ctx *ctx, const struct check_req *req,
		     struct audit_cfg *c)
{
	audit_cfg_init(c);
	if (opt_size(ctx, "--large", req->large, &c->large) ||
	    opt_size(ctx, "--small", req->small, &c->small) ||
	    opt_size(ctx, "--stripe-size", req->stripe_size, &c->stripe_size) ||
	    opt_num(ctx, "--large-stripes", req->large_stripes, 1, LOV_MAX_STRIPE_COUNT, &c->large_stripes) ||
	    opt_num(ctx, "--dir-files", req->dir_files, 0, 1 << 30, &c->dir_files) ||
	    (strcmp(req->balance ? req->balance : "", "off") &&
	     opt_num(ctx, "--balance", req->balance, 0, 100, &c->balance)))
		return FSX_EXIT_USAGE;
	if (c->small > c->large)
		return fsx_usage(ctx, "--small", "is above --large");
	if (c->stripe_size % 65536)
		return fsx_usage(ctx, "--stripe-size", "must be a multiple of 64 KiB");
	if (req->yes && !req->fix)
		return fsx_usage(ctx, "--yes", "needs --fix");
	return 0;
}

static void summary(struct ck *k)
{
	FILE *err = k->ctx->err;

	if (k->ctx->flags & FSX_JSON) {
		fprintf(k->ctx->out, "%s],\n \"summary\":{\"files\":%lu,\"dirs\":%lu,\"findings\":%lu,\"fixed\":%lu,\"fix_failed\":%lu,\"errors\":%lu}}\n",
			k->njson ? "\n" : "", k->files, k->dirs, k->findings, k->fixed,
			k->fix_failed, k->errors);
		return;
	}
	fprintf(err, "check: %lu files, %lu directories: %lu finding%s", k->files, k->dirs,
		k->findings, k->findings == 1 ? "" : "s");
	for (int r = 0, first = 1; r < AUDIT_NRULES; r++)
		if (k->per_rule[r]) {
			fprintf(err, "%s%lu %s", first ? " (" : ", ", k->per_rule[r],
				audit_rule_name((enum audit_rule)r));
			first = 0;
		}
	fprintf(err, "%s", k->findings ? ")" : "");
	if (k->req->fix && k->req->yes)
		fprintf(err, "; %lu fixed, %lu failed", k->fixed, k->fix_failed);
	else if (k->req->fix && k->findings)
		fprintf(err, "; dry run: add --yes to apply");
	fputc('\n', err);
}

static int run_check(struct fsx_ctx *ctx, void *reqp)
{
	struct check_req *req = reqp;
	struct ck k = { .ctx = ctx, .req = req };
	bool first = true;
	int rc;

	if (!req->args.n)
		return fsx_usage(ctx, NULL, "no path given");
	k.no_balance = req->balance && !strcmp(req->balance, "off");
	rc = parse_cfg(ctx, req, &k.cfg);
	if (rc)
		return rc;
	for (size_t i = 0; i < req->args.n; i++)
		mount_setup(&k, req->args.v[i], &first);
	if (build_pfl(&k))
		return FSX_EXIT_FAIL;
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "{\"version\":1,\"findings\":[");
	for (size_t i = 0; i < req->args.n; i++) {
		unsigned long before = k.files + k.dirs;

		layout_walk(req->args.v[i], req->recursive ? -1 : 1, walk_item, &k);
		while (k.depth)
			pop(&k);
		if (k.files + k.dirs == before + 1 && !k.errors && k.dirs) {
			fsx_err(ctx, req->args.v[i], 0, "empty tree: no files to check");
			k.errors++;
		}
	}
	summary(&k);
	free(k.stack);
	free(k.pfl);
	if (k.errors || k.fix_failed)
		return FSX_EXIT_FAIL;
	if (req->fix && req->yes)
		return k.per_rule[AUDIT_OST_BALANCE] ? FSX_EXIT_FAIL : FSX_EXIT_OK;
	return k.findings ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

const struct fsx_cmd cmd_check = {
	.name = "check",
	.summary = "audit striping against FSx's guidelines, and fix what breaks them",
	.usage = "[-r] [--fix [--yes]] [THRESHOLD OPTIONS] PATH...",
	.description = "Reports, one line each: large files on too few OSTs, small files (or\n"
		       "directories full of them) striped over more than one OST, directory\n"
		       "defaults that will produce either, stripe sizes other than 1 MiB, and\n"
		       "OSTs filled unevenly. Each line names the rule, what was measured and\n"
		       "the layout to use. --fix prints the migrate/setstripe command for each\n"
		       "finding; --fix --yes runs them (files are migrated safely). Exit 0: no\n"
		       "findings; 1: findings, errors, or nothing to check.",
	.opts = check_opts,
	.req_size = sizeof(struct check_req),
	.run = run_check,
	.flags = CMD_LUSTRE | CMD_BULK,
	.args_complete = COMPLETE_PATH,
};
