/* SPDX-License-Identifier: MIT */
/* `fsxctl help [COMMAND...]` and `fsxctl version`. */
#include <string.h>
#include "cmd/cmd.h"

struct help_req {
	struct fsx_args args;
};

static int run_help(struct fsx_ctx *ctx, void *reqp)
{
	struct help_req *req = reqp;
	const struct fsx_cmd *const *table = fsx_commands;
	const struct fsx_cmd *cmd = NULL;
	char prefix[96] = "fsxctl";

	if (req->args.n == 0) {
		fprintf(ctx->out, "Usage: fsxctl COMMAND [ARGS...]\n\nCommands:\n");
		fsx_commands_list(ctx->out, fsx_commands, NULL);
		fprintf(ctx->out, "\nRun 'fsxctl COMMAND --help' for a command's options.\n");
		return FSX_EXIT_OK;
	}
	for (size_t i = 0; i < req->args.n; i++) {
		if (cmd) {
			if (!cmd->sub)
				break;
			strncat(prefix, " ", sizeof(prefix) - strlen(prefix) - 1);
			strncat(prefix, cmd->name, sizeof(prefix) - strlen(prefix) - 1);
			table = cmd->sub;
		}
		cmd = fsx_cmd_find(table, req->args.v[i]);
		if (!cmd) {
			const char *s = fsx_cmd_suggest(table, req->args.v[i]);

			if (s)
				return fsx_usage(ctx, req->args.v[i], "no such command (did you mean '%s'?)", s);
			return fsx_usage(ctx, req->args.v[i], "no such command");
		}
	}
	fsx_cmd_help(ctx->out, prefix, cmd);
	return FSX_EXIT_OK;
}

static int run_version(struct fsx_ctx *ctx, void *req)
{
	(void)req;
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "{\"version\":\"%s\"}\n", FSX_VERSION);
	else
		fprintf(ctx->out, "fsxctl %s\n", FSX_VERSION);
	return FSX_EXIT_OK;
}

static const struct fsx_opt no_opts[] = { OPT_END() };

const struct fsx_cmd cmd_help = {
	.name = "help",
	.summary = "show the commands, or one command's help",
	.usage = "[COMMAND [SUBCOMMAND]]",
	.opts = no_opts,
	.req_size = sizeof(struct help_req),
	.run = run_help,
};

const struct fsx_cmd cmd_version = {
	.name = "version",
	.summary = "print the version",
	.usage = "",
	.opts = no_opts,
	.req_size = sizeof(struct help_req),
	.run = run_version,
};
