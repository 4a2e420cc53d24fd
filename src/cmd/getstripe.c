/* SPDX-License-Identifier: MIT */
/*
 * fsxctl getstripe: the layout of files and directory defaults, printed
 * byte for byte as lfs getstripe prints it, or as JSON. Selectors follow
 * lfs's order rules: -v replaces the selection and makes later selectors
 * no-ops; a single selector prints bare values with no path line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "cmd/getstripe.h"
#include "layout/layout.h"
#include "layout/walk.h"
#include "lustre/lustre.h"
#include "util/jsonout.h"
#include "util/parse.h"

struct getstripe_req {
	struct fsx_args args;
	unsigned verbose;
	int depth;
	int recursive, raw, yaml, quiet, mdt, lmv;
	bool comp_selector;
	struct lov_print filt;
	const char *ost;
};

#define GS(m) FSX_FIELD(struct getstripe_req, m)

static void gs_init(void *reqp)
{
	struct getstripe_req *req = reqp;

	req->depth = 1;
	req->filt.obd_index = -1;
}

static int sel(void *reqp, unsigned bit)
{
	struct getstripe_req *req = reqp;

	if (!(req->verbose & VERBOSE_DETAIL)) {
		req->verbose |= bit;
		req->depth = 0;
	}
	return 0;
}

static int opt_select(void *reqp, const struct fsx_opt *o, const char *arg,
		      struct fsx_why *why)
{
	(void)arg;
	(void)why;
	return sel(reqp, (unsigned)o->val);
}

static int opt_verbose(void *reqp, const struct fsx_opt *o, const char *arg,
		       struct fsx_why *why)
{
	struct getstripe_req *req = reqp;

	(void)o, (void)arg, (void)why;
	req->verbose = VERBOSE_DEFAULT | VERBOSE_DETAIL;
	return 0;
}

static int opt_comp_id(void *reqp, const struct fsx_opt *o, const char *arg,
		       struct fsx_why *why)
{
	struct getstripe_req *req = reqp;
	long long id;

	req->comp_selector = true;
	if (!arg)
		return opt_select(reqp, o, arg, why);
	if (parse_long(arg, 1, 0x7FFFFFFF, &id))
		return why_set(why, -EINVAL, "component id must be 1 to 2147483647");
	req->filt.check_comp_id = true;
	req->filt.comp_id = (uint32_t)id;
	return 0;
}

static int opt_comp_flags(void *reqp, const struct fsx_opt *o, const char *arg,
			  struct fsx_why *why)
{
	struct getstripe_req *req = reqp;

	req->comp_selector = true;
	if (!arg)
		return opt_select(reqp, o, arg, why);
	if (layout_flags_parse(arg, &req->filt.comp_flags, &req->filt.comp_neg_flags))
		return why_set(why, -EINVAL, "unknown component flag (init, stale, prefer, offline, nosync, extension, each may be ^negated)");
	req->filt.check_comp_flags = true;
	return 0;
}

static int parse_range(const char *arg, bool is_end, struct lov_range *r,
		       struct fsx_why *why)
{
	uint64_t v;
	const char *p = arg;
	size_t l;

	r->sign = 0;
	if (*p == '+' || *p == '-')
		r->sign = *p++ == '+' ? 1 : -1;
	if (is_end && (!strcmp(p, "EOF") || !strcmp(p, "eof"))) {
		r->set = true;
		r->value = LUSTRE_EOF;
		r->units = 1;
		return 0;
	}
	if (parse_size(p, 1, &v))
		return why_set(why, -EINVAL, "not a size (N[KMGTPE], optionally +N or -N)");
	l = strlen(p);
	r->units = 1;
	if (l && strchr("kKmMgGtTpPeE", p[l - 1]))
		parse_size((char[]){ '1', p[l - 1], 0 }, 1, &r->units);
	else if (v < 4096)
		v *= 1024, r->units = 1024;
	r->value = v;
	r->set = true;
	return 0;
}

static int opt_comp_start(void *reqp, const struct fsx_opt *o, const char *arg,
			  struct fsx_why *why)
{
	struct getstripe_req *req = reqp;

	req->comp_selector = true;
	if (!arg)
		return opt_select(reqp, o, arg, why);
	return parse_range(arg, false, &req->filt.comp_start, why);
}

static int opt_comp_end(void *reqp, const struct fsx_opt *o, const char *arg,
			struct fsx_why *why)
{
	struct getstripe_req *req = reqp;

	req->comp_selector = true;
	if (!arg)
		return opt_select(reqp, o, arg, why);
	return parse_range(arg, true, &req->filt.comp_end, why);
}

static int opt_comp_count(void *reqp, const struct fsx_opt *o, const char *arg,
			  struct fsx_why *why)
{
	((struct getstripe_req *)reqp)->comp_selector = true;
	return opt_select(reqp, o, arg, why);
}

static int opt_dir(void *reqp, const struct fsx_opt *o, const char *arg,
		   struct fsx_why *why)
{
	(void)o, (void)arg, (void)why;
	((struct getstripe_req *)reqp)->depth = 0;
	return 0;
}

#define SEL(s, l, bit, h) OPT_CB(s, l, NULL, opt_select, h, .val = (bit), .flags = OPTF_NOARG)

static const struct fsx_opt getstripe_opts[] = {
	SEL('c', "stripe-count", VERBOSE_STRIPE_COUNT, "print the stripe count"),
	SEL('S', "stripe-size", VERBOSE_STRIPE_SIZE, "print the stripe size"),
	SEL('i', "stripe-index", VERBOSE_STRIPE_OFFSET, "print the first OST index"),
	SEL('p', "pool", VERBOSE_POOL, "print the pool name"),
	SEL('L', "layout", VERBOSE_PATTERN, "print the layout pattern (raid0, mdt, released)"),
	SEL('g', "generation", VERBOSE_GENERATION, "print the layout generation"),
	SEL('F', "fid", VERBOSE_DFID, "print the FID"),
	SEL('N', "mirror-count", VERBOSE_MIRROR_COUNT, "print the mirror count"),
	SEL('z', "extension-size", VERBOSE_EXT_SIZE, "print the extension size (SEL)"),
	OPT_CB('I', "component-id", "ID", opt_comp_id, "print component ids, or only component ID",
	       .val = VERBOSE_COMP_ID, .flags = OPTF_OPTARG),
	OPT_CB(0, "component-count", NULL, opt_comp_count, "print the number of components",
	       .val = VERBOSE_COMP_COUNT, .flags = OPTF_NOARG),
	OPT_CB(0, "component-flags", "FLAGS", opt_comp_flags, "print component flags, or only components with FLAGS (init,^stale...)",
	       .val = VERBOSE_COMP_FLAGS, .flags = OPTF_OPTARG, .complete = COMPLETE_WORDS,
	       .words = "init stale prefer offline nosync extension"),
	OPT_CB(0, "component-start", "[+-]N", opt_comp_start, "print component starts, or only components starting at N",
	       .val = VERBOSE_COMP_START, .flags = OPTF_OPTARG),
	OPT_CB('E', "component-end", "[+-]N", opt_comp_end, "print component ends, or only components ending at N",
	       .val = VERBOSE_COMP_END, .flags = OPTF_OPTARG),
	OPT_FLAG('m', "mdt-index", GS(mdt), 1, "print the MDT index"),
	OPT_CB('v', "verbose", NULL, opt_verbose, "print every field, with identity lines", .flags = OPTF_NOARG),
	OPT_FLAG('q', "quiet", GS(quiet), 1, "print only the objects"),
	OPT_CB('d', "directory", NULL, opt_dir, "show a directory itself, not its entries", .flags = OPTF_NOARG),
	OPT_FLAG('r', "recursive", GS(recursive), 1, "walk directories recursively"),
	OPT_FLAG('R', "raw", GS(raw), 1, "do not substitute filesystem defaults"),
	OPT_FLAG('y', "yaml", GS(yaml), 1, "print YAML (a setstripe --yaml template)"),
	OPT_FLAG('D', "default", GS(lmv), 1, "print a directory's default directory striping (LMV)"),
	OPT_STR('O', "ost", "UUID", GS(ost), "only files with objects on this OST (index or UUID)",
		.complete = COMPLETE_OST),
	OPT_ALIAS("comp-id", "component-id"),
	OPT_ALIAS("comp-count", "component-count"),
	OPT_ALIAS("comp-flags", "component-flags"),
	OPT_ALIAS("comp-start", "component-start"),
	OPT_ALIAS("comp-end", "component-end"),
	OPT_ALIAS("ext-size", "extension-size"),
	OPT_ALIAS("stripe_count", "stripe-count"),
	OPT_ALIAS("stripe_size", "stripe-size"),
	OPT_ALIAS("stripe_index", "stripe-index"),
	OPT_ALIAS("stripe-offset", "stripe-index"),
	OPT_END(),
};

struct gs_state {
	struct fsx_ctx *ctx;
	struct getstripe_req *req;
	struct lov_print p;
	bool have_defaults;
	struct lustre_defaults defs;
	unsigned njson;
	uint32_t last_pattern;
	bool first;
	int failed;
};

static void load_defaults(struct gs_state *st, int fd)
{
	if (st->have_defaults)
		return;
	if (lustre_fs_defaults(fd, &st->defs)) {
		st->defs.stripe_count = 1;
		st->defs.stripe_size = 1048576;
	}
	st->have_defaults = true;
}

static void print_json(struct gs_state *st, const struct walk_item *it)
{
	FILE *out = st->ctx->out;

	fprintf(out, "%s\n  {\"path\":", st->njson++ ? "," : "");
	json_put_str(out, it->path);
	fprintf(out, ",\"type\":\"%s\",\"layout\":", it->is_dir ? "dir" : "file");
	if (it->rc == -ENODATA)
		fprintf(out, "null");
	else
		layout_print_json(out, it->blob, it->len, it->is_dir);
	fputc('}', out);
}

static int print_mdt(struct gs_state *st, const struct walk_item *it)
{
	int idx = 0, rc;

	/* a file's fd here is its directory's: files live on their dir's MDT */
	rc = lustre_fd_mdt_index(it->fd, &idx);
	if (rc) {
		fsx_err(st->ctx, it->path, rc, "cannot get MDT index");
		return 1;
	}
	fprintf(st->ctx->out, "%d\n", idx);
	return 0;
}

static const char *hash_name(uint32_t h)
{
	static const char *const names[] = { "none", "all_char", "fnv_1a_64", "crush" };

	return (h & 0xFFFF) < 4 ? names[h & 0xFFFF] : "unknown";
}

/* -D: the default LMV of a directory, in lfs's one-line form (§8.1.7) */
static int print_lmv(struct gs_state *st, const struct walk_item *it)
{
	struct lmv_user_md_v1 lum;
	FILE *out = st->ctx->out;
	int rc;

	if (!it->is_dir)
		return 0;
	rc = lustre_dir_default_lmv(it->fd, &lum);
	if (rc == -ENODATA)
		return 0; /* no default directory striping: nothing to show */
	if (rc) {
		fsx_err(st->ctx, it->path, rc, "cannot get the default directory striping");
		return 1;
	}
	if (st->p.depth)
		fprintf(out, "(Default)%s\n", it->path);
	fprintf(out, "lmv_stripe_count: %d lmv_stripe_offset: %d lmv_hash_type: %s",
		(int)lum.lum_stripe_count, (int)lum.lum_stripe_offset, hash_name(lum.lum_hash_type));
	if (lum.lum_hash_type & 0x80000000U)
		fputs(",migrating", out);
	if (lum.lum_hash_type & 0x20000000U)
		fputs(",bad_type", out);
	if (lum.lum_hash_type & 0x10000000U)
		fputs(",lost_lmv", out);
	if (lum.lum_hash_type & 0x02000000U)
		fputs(",fixed", out);
	fprintf(out, " lmv_max_inherit: %d", lum.lum_max_inherit == 0 ? -1 :
			lum.lum_max_inherit == 255 ? 0 : lum.lum_max_inherit);
	if ((int)lum.lum_stripe_offset == -1)
		fprintf(out, " lmv_max_inherit_rr: %d", lum.lum_max_inherit_rr == 255 ? -1 :
				lum.lum_max_inherit_rr);
	fputc('\n', out);
	return 0;
}

static int gs_item(void *arg, const struct walk_item *it)
{
	struct gs_state *st = arg;
	struct fsx_why why = { "" };
	uint8_t fake[32] = { 0 };
	const void *blob = it->blob;
	size_t len = it->len;
	int rc;

	if (it->rc && it->rc != -ENODATA) {
		if (it->what)
			fsx_err(st->ctx, it->path, 0, "%s", it->what);
		else
			fsx_err(st->ctx, it->path, 0, "%s", strerror(-it->rc));
		return 0;
	}
	if (st->req->mdt) {
		st->failed += print_mdt(st, it);
		return 0;
	}
	if (st->req->lmv) {
		st->failed += print_lmv(st, it);
		return 0;
	}
	if (!it->rc) {
		rc = layout_check(blob, len, it->is_dir, &why);
		if (rc) {
			fsx_err(st->ctx, it->path, rc, "%s", why.msg);
			st->failed++;
			return 0;
		}
	}
	if (st->ctx->flags & FSX_JSON) {
		print_json(st, it);
		return 0;
	}
	if (it->rc == -ENODATA && !it->is_dir) {
		fprintf(st->ctx->out, "%s has no stripe info\n", it->path);
		return 0;
	}
	if (it->rc == -ENODATA) {
		/* no default anywhere: lfs shows a made-up "(Default)" V1 */
		struct lov_user_md_v1 *v1 = (void *)fake;

		v1->lmm_magic = LOV_MAGIC_V1;
		v1->lmm_pattern = st->first ? 0 : st->last_pattern;
		if (!st->req->raw)
			v1->lmm_oi.oi.oi_seq = FID_SEQ_LOV_DEFAULT;
		v1->lmm_stripe_offset = LOV_OFFSET_DEFAULT;
		blob = fake;
		len = sizeof(fake);
	}
	st->p.path = it->path;
	st->p.is_dir = it->is_dir;
	if (it->is_dir) {
		load_defaults(st, it->fd);
		st->p.def_stripe_count = (unsigned)st->defs.stripe_count;
		st->p.def_stripe_size = st->defs.stripe_size;
		if (st->p.verbose & (VERBOSE_DETAIL | VERBOSE_DFID))
			lustre_fd_fid(it->fd, &st->p.dir_fid);
	}
	layout_print_lfs(st->ctx->out, blob, len, &st->p);
	st->first = false;
	if (len >= 8)
		memcpy(&st->last_pattern, (const uint8_t *)blob + 4, 4);
	return 0;
}

int getstripe_print_setup(void *reqp, struct lov_print *p)
{
	struct getstripe_req *req = reqp;

	*p = req->filt;
	p->verbose = req->verbose ? req->verbose : VERBOSE_DEFAULT;
	if (req->quiet)
		p->verbose = VERBOSE_OBJID;
	p->depth = req->recursive ? -1 : (req->verbose & VERBOSE_DETAIL) ? 1 : req->depth;
	p->yaml = req->yaml;
	p->raw = req->raw;
	p->forge_composite = req->comp_selector;
	if (req->ost) {
		const char *s = strstr(req->ost, "-OST");
		long long idx;
		char *end;

		if (s) {
			idx = strtol(s + 4, &end, 16);
			if (end == s + 4)
				return -EINVAL;
		} else if (parse_long(req->ost, 0, 65535, &idx)) {
			return -EINVAL;
		}
		p->obd_index = (int)idx;
	}
	return 0;
}

static int run_getstripe(struct fsx_ctx *ctx, void *reqp)
{
	struct getstripe_req *req = reqp;
	struct gs_state st = { .ctx = ctx, .req = req, .first = true };
	int failed = 0;

	if (req->args.n == 0)
		return fsx_usage(ctx, NULL, "no path given");
	if (ctx->out == stdout && req->recursive && !isatty(1))
		setvbuf(stdout, NULL, _IOFBF, 1 << 20); /* large trees: fewer writes */
	if (getstripe_print_setup(req, &st.p))
		return fsx_usage(ctx, "-O", "%s: not an OST index or UUID", req->ost);
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "{\"version\":1,\"entries\":[");
	for (size_t i = 0; i < req->args.n; i++) {
		int rc = layout_walk(req->args.v[i], st.p.depth, gs_item, &st);

		if (rc)
			failed = 1;
	}
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "%s]}\n", st.njson ? "\n" : "");
	return failed || st.failed ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

const struct fsx_cmd cmd_getstripe = {
	.name = "getstripe",
	.summary = "show the layout of files and the default layout of directories",
	.usage = "[OPTIONS] PATH...",
	.description = "Output is byte-identical to lfs getstripe 2.15. With one field\n"
		       "selector (-c, -S, -i, ...) only the value is printed; on a composite\n"
		       "file it is the value of the last instantiated component.",
	.opts = getstripe_opts,
	.req_size = sizeof(struct getstripe_req),
	.init = gs_init,
	.run = run_getstripe,
	.flags = CMD_LUSTRE | CMD_BULK,
	.args_complete = COMPLETE_PATH,
};
