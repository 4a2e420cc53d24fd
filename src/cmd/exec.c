/* SPDX-License-Identifier: MIT */
/* Dispatch, help and messages for the command table. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/cmd.h"

static void vmsg(const struct fsx_ctx *ctx, const char *subject, int rc,
		 const char *fmt, va_list ap)
{
	fprintf(ctx->err, "fsxctl: ");
	if (ctx->cmd)
		fprintf(ctx->err, "%s: ", ctx->cmd);
	if (subject) {
		/* escape control characters so one message stays one line */
		for (const unsigned char *p = (const unsigned char *)subject; *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				fprintf(ctx->err, "\\x%02x", *p);
			else
				fputc(*p, ctx->err);
		fprintf(ctx->err, ": ");
	}
	vfprintf(ctx->err, fmt, ap);
	if (rc < 0)
		fprintf(ctx->err, " (%s)", strerror(-rc));
	fputc('\n', ctx->err);
}

void fsx_err(const struct fsx_ctx *ctx, const char *subject, int rc,
	     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(ctx, subject, rc, fmt, ap);
	va_end(ap);
}

int fsx_usage(const struct fsx_ctx *ctx, const char *subject, const char *fmt,
	      ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(ctx, subject, 0, fmt, ap);
	va_end(ap);
	if (ctx->cmd)
		fprintf(ctx->err, "Try 'fsxctl %s --help'.\n", ctx->cmd);
	else
		fprintf(ctx->err, "Try 'fsxctl --help'.\n");
	return FSX_EXIT_USAGE;
}

const struct fsx_cmd *fsx_cmd_find(const struct fsx_cmd *const *table,
				   const char *name)
{
	for (size_t i = 0; table[i]; i++) {
		if (!strcmp(table[i]->name, name))
			return table[i];
		for (size_t j = 0; table[i]->aliases && table[i]->aliases[j]; j++)
			if (!strcmp(table[i]->aliases[j], name))
				return table[i];
	}
	return NULL;
}

static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d[32][32];

	if (la > 30 || lb > 30)
		return 99;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
}

const char *fsx_cmd_suggest(const struct fsx_cmd *const *table,
			    const char *name)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; table[i]; i++) {
		size_t d;

		if (table[i]->flags & CMD_HIDDEN)
			continue;
		d = distance(name, table[i]->name);
		if (d < bestd || (d == bestd && !best)) {
			if (d < 3) {
				best = table[i]->name;
				bestd = d;
			}
		}
		if (!best && strlen(name) >= 3 &&
		    !strncmp(table[i]->name, name, strlen(name)))
			best = table[i]->name;
	}
	return best;
}

void fsx_commands_list(FILE *out, const struct fsx_cmd *const *table,
		       const char *prefix)
{
	for (size_t i = 0; table[i]; i++) {
		char name[64];

		if (table[i]->flags & CMD_HIDDEN)
			continue;
		snprintf(name, sizeof(name), "%s%s%s", prefix ? prefix : "",
			 prefix ? " " : "", table[i]->name);
		fprintf(out, "   %-22s %s\n", name, table[i]->summary);
	}
}

static void opt_line(FILE *out, const struct fsx_opt *o)
{
	char left[96];
	int n = 0;

	if (o->short_name)
		n += snprintf(left + n, sizeof(left) - n, " -%c%s", o->short_name,
			      o->long_name ? ", " : "");
	else
		n += snprintf(left + n, sizeof(left) - n, "     ");
	if (o->long_name)
		n += snprintf(left + n, sizeof(left) - n, "--%s", o->long_name);
	if (o->argh && o->kind != OPT_K_FLAG && !(o->flags & OPTF_NOARG))
		snprintf(left + n, sizeof(left) - n,
			 (o->flags & OPTF_OPTARG) ? "[=<%s>]" : " <%s>", o->argh);
	if (strlen(left) > 30)
		fprintf(out, "%s\n%32s%s\n", left, "", o->help ? o->help : "");
	else
		fprintf(out, "%-32s%s\n", left, o->help ? o->help : "");
}

void fsx_cmd_help(FILE *out, const char *prefix, const struct fsx_cmd *cmd)
{
	const struct fsx_opt *o;

	fprintf(out, "Usage: %s %s %s\n\n%s\n", prefix, cmd->name,
		cmd->usage ? cmd->usage : "", cmd->summary);
	if (cmd->description)
		fprintf(out, "\n%s\n", cmd->description);
	if (cmd->sub) {
		char p[96];

		snprintf(p, sizeof(p), "%s %s", prefix, cmd->name);
		fprintf(out, "\nCommands:\n");
		fsx_commands_list(out, cmd->sub, NULL);
		fprintf(out, "\nRun '%s COMMAND --help' for a command's options.\n", p);
		return;
	}
	fprintf(out, "\nOptions:\n");
	for (o = cmd->opts; o && o->kind != OPT_K_END; o++)
		if (!(o->flags & OPTF_HIDDEN))
			opt_line(out, o);
	fprintf(out, "%-32s%s\n", "     --json", "print JSON (see docs/json.md)");
	for (o = cmd->opts; o && o->kind != OPT_K_END; o++)
		if (o->short_name == 'h')
			break;
	/* where -h means something else (df -h: human units), only --help */
	fprintf(out, "%-32s%s\n", o && o->kind != OPT_K_END ? "     --help" : " -h, --help",
		"display this help");
}

static int exec_one(struct fsx_ctx *ctx, const struct fsx_cmd *cmd, int argc,
		    char **argv);

static int exec_group(struct fsx_ctx *ctx, const struct fsx_cmd *grp,
		      int argc, char **argv)
{
	char name[96];
	const struct fsx_cmd *sub;
	const char *s;
	int i = 1;

	while (i < argc && fsx_opt_is_global(argv[i]) && strcmp(argv[i], "--help")) {
		if (!strcmp(argv[i], "--json"))
			ctx->flags |= FSX_JSON;
		else if (!strcmp(argv[i], "--debug"))
			ctx->flags |= FSX_DEBUG;
		else
			ctx->flags |= FSX_QUIET;
		i++;
	}
	if (i >= argc || !strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") ||
	    !strcmp(argv[i], "help")) {
		if (i >= argc) {
			fsx_cmd_help(ctx->err, "fsxctl", grp);
			return FSX_EXIT_USAGE;
		}
		fsx_cmd_help(ctx->out, "fsxctl", grp);
		return FSX_EXIT_OK;
	}
	sub = fsx_cmd_find(grp->sub, argv[i]);
	if (!sub) {
		s = fsx_cmd_suggest(grp->sub, argv[i]);
		if (s)
			return fsx_usage(ctx, argv[i], "not a '%s' command (did you mean '%s'?)",
					 grp->name, s);
		return fsx_usage(ctx, argv[i], "not a '%s' command", grp->name);
	}
	snprintf(name, sizeof(name), "%s %s", grp->name, sub->name);
	ctx->cmd = name;
	return exec_one(ctx, sub, argc - i, argv + i);
}

static int exec_one(struct fsx_ctx *ctx, const struct fsx_cmd *cmd, int argc,
		    char **argv)
{
	struct fsx_args *args;
	void *req;
	int rc;

	if (cmd->sub)
		return exec_group(ctx, cmd, argc, argv);
	req = calloc(1, cmd->req_size > sizeof(*args) ? cmd->req_size : sizeof(*args));
	if (!req) {
		fsx_err(ctx, NULL, -ENOMEM, "out of memory");
		return FSX_EXIT_FAIL;
	}
	if (cmd->init)
		cmd->init(req);
	rc = fsx_opt_parse(ctx, cmd, req, argc, argv);
	if (rc < 0)
		rc = FSX_EXIT_OK; /* --help was printed */
	else if (rc == 0)
		rc = cmd->run(ctx, req);
	if (cmd->release)
		cmd->release(req);
	args = req;
	free(args->v);
	free(req);
	return rc;
}

int fsx_cmd_exec(struct fsx_ctx *ctx, const struct fsx_cmd *const *table,
		 int argc, char **argv)
{
	const struct fsx_cmd *cmd;
	const char *s;
	int rc;

	cmd = fsx_cmd_find(table, argv[0]);
	if (!cmd) {
		const struct fsx_ctx top = { .out = ctx->out, .err = ctx->err };

		s = fsx_cmd_suggest(table, argv[0]);
		if (s)
			return fsx_usage(&top, argv[0], "not a fsxctl command (did you mean '%s'?)", s);
		return fsx_usage(&top, argv[0], "not a fsxctl command");
	}
	ctx->cmd = cmd->name;
	rc = exec_one(ctx, cmd, argc, argv);
	ctx->cmd = NULL;
	return rc;
}
