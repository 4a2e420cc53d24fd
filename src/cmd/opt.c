/* SPDX-License-Identifier: MIT */
/*
 * Table-driven option parsing: short clusters (-qv), attached values (-c4,
 * --name=value), separate values (-c 4), optional values attached only,
 * "--" to end options, options and paths in any order. Names match
 * exactly, never by prefix; a typo gets the closest name suggested.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/cmd.h"

static const char *const global_longs[] = { "json", "debug", "quiet", "help",
					    NULL };

int fsx_opt_is_global(const char *arg)
{
	for (size_t i = 0; global_longs[i]; i++)
		if (arg[0] == '-' && arg[1] == '-' && !strcmp(arg + 2, global_longs[i]))
			return 1;
	return 0;
}

static const struct fsx_opt *find_long(const struct fsx_opt *opts,
				       const char *name, size_t len)
{
	for (const struct fsx_opt *o = opts; o && o->kind != OPT_K_END; o++) {
		if (!o->long_name || strlen(o->long_name) != len ||
		    strncmp(o->long_name, name, len))
			continue;
		if (o->kind == OPT_K_ALIAS)
			return find_long(opts, o->alias_of, strlen(o->alias_of));
		return o;
	}
	return NULL;
}

static const struct fsx_opt *find_short(const struct fsx_opt *opts, int c)
{
	for (const struct fsx_opt *o = opts; o && o->kind != OPT_K_END; o++)
		if (o->short_name == c && o->kind != OPT_K_ALIAS)
			return o;
	return NULL;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) :
					     (del < ins ? del : ins);
		}
		memcpy(prev, cur, sizeof(size_t) * (lb + 1));
	}
	return prev[lb];
}

static const char *suggest_long(const struct fsx_opt *opts, const char *name)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (const struct fsx_opt *o = opts; o && o->kind != OPT_K_END; o++) {
		size_t d;

		if (!o->long_name || (o->flags & OPTF_HIDDEN))
			continue;
		d = edit_distance(name, o->long_name);
		if (d < bestd || (!best && !strncmp(o->long_name, name, strlen(name)))) {
			best = o->long_name;
			bestd = d;
		}
	}
	return best;
}

static int apply(struct fsx_ctx *ctx, const struct fsx_opt *o, void *req,
		 const char *shown, const char *arg)
{
	struct fsx_why why = { "" };
	int rc;

	switch (o->kind) {
	case OPT_K_FLAG:
		*(int *)((char *)req + o->offset) = o->val;
		return 0;
	case OPT_K_STR:
		*(const char **)((char *)req + o->offset) = arg;
		return 0;
	case OPT_K_CALLBACK:
		rc = o->cb(req, o, arg, &why);
		if (rc == 0)
			return 0;
		if (arg)
			return fsx_usage(ctx, NULL, "%s %s: %s", shown, arg,
					 why.msg[0] ? why.msg : strerror(-rc));
		return fsx_usage(ctx, shown, "%s",
				 why.msg[0] ? why.msg : strerror(-rc));
	default:
		return 0;
	}
}

static int takes_value(const struct fsx_opt *o)
{
	if (o->kind == OPT_K_FLAG || (o->flags & OPTF_NOARG))
		return 0;
	return (o->flags & OPTF_OPTARG) ? 1 : 2; /* 1 optional, 2 required */
}

static int global_long(struct fsx_ctx *ctx, const char *name)
{
	if (!strcmp(name, "json"))
		ctx->flags |= FSX_JSON;
	else if (!strcmp(name, "debug"))
		ctx->flags |= FSX_DEBUG;
	else if (!strcmp(name, "quiet"))
		ctx->flags |= FSX_QUIET;
	else
		return 0;
	return 1;
}

static int add_arg(struct fsx_args *args, char *a)
{
	char **v = realloc(args->v, sizeof(*v) * (args->n + 2));

	if (!v)
		return -ENOMEM;
	args->v = v;
	v[args->n++] = a;
	v[args->n] = NULL;
	return 0;
}

#define HELP_REQUESTED 1000

static int parse_long(struct fsx_ctx *ctx, const struct fsx_cmd *cmd,
		      void *req, char **argv, int argc, int *i)
{
	char *name = argv[*i] + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct fsx_opt *o = find_long(cmd->opts, name, len);
	char shown[128];
	const char *val = eq ? eq + 1 : NULL;

	snprintf(shown, sizeof(shown), "--%.*s", (int)len, name);
	if (!o) {
		const char *s;
		char key[64];

		snprintf(key, sizeof(key), "%.*s", (int)len, name);
		if (!eq && global_long(ctx, key))
			return 0;
		if (!eq && !strcmp(key, "help"))
			return HELP_REQUESTED;
		s = suggest_long(cmd->opts, key);
		if (s)
			return fsx_usage(ctx, shown, "unknown option (did you mean --%s?)", s);
		return fsx_usage(ctx, shown, "unknown option");
	}
	switch (takes_value(o)) {
	case 0:
		if (eq)
			return fsx_usage(ctx, shown, "takes no value");
		break;
	case 2:
		if (!val) {
			if (*i + 1 >= argc)
				return fsx_usage(ctx, shown, "needs a value (%s)",
						 o->argh ? o->argh : "VALUE");
			val = argv[++*i];
		}
		break;
	}
	return apply(ctx, o, req, shown, val);
}

static int parse_short(struct fsx_ctx *ctx, const struct fsx_cmd *cmd,
		       void *req, char **argv, int argc, int *i)
{
	char *p = argv[*i] + 1;

	while (*p) {
		const struct fsx_opt *o = find_short(cmd->opts, *p);
		char shown[4] = { '-', *p, 0, 0 };
		const char *val = NULL;
		int rc;

		if (!o) {
			if (*p == 'h')
				return HELP_REQUESTED;
			return fsx_usage(ctx, shown, "unknown option");
		}
		p++;
		switch (takes_value(o)) {
		case 1:
			val = *p ? p : NULL;
			p += strlen(p);
			break;
		case 2:
			if (*p) {
				val = p;
			} else {
				if (*i + 1 >= argc)
					return fsx_usage(ctx, shown, "needs a value (%s)",
							 o->argh ? o->argh : "VALUE");
				val = argv[++*i];
			}
			p += strlen(p);
			break;
		}
		rc = apply(ctx, o, req, shown, val);
		if (rc)
			return rc;
	}
	return 0;
}

int fsx_opt_parse(struct fsx_ctx *ctx, const struct fsx_cmd *cmd, void *req,
		  int argc, char **argv)
{
	struct fsx_args *args = req;
	int only_args = 0;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		int rc;

		if (only_args || a[0] != '-' || !a[1]) {
			if (add_arg(args, a))
				return FSX_EXIT_FAIL;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		rc = a[1] == '-' ? parse_long(ctx, cmd, req, argv, argc, &i) :
				   parse_short(ctx, cmd, req, argv, argc, &i);
		if (rc == HELP_REQUESTED) {
			char prefix[96] = "fsxctl";
			const char *sp = ctx->cmd ? strchr(ctx->cmd, ' ') : NULL;

			if (sp) /* a sub-command: "fsxctl dra" + " create" */
				snprintf(prefix, sizeof(prefix), "fsxctl %.*s",
					 (int)(sp - ctx->cmd), ctx->cmd);
			fsx_cmd_help(ctx->out, prefix, cmd);
			return -1; /* done, exit 0 */
		}
		if (rc)
			return rc;
	}
	return 0;
}

