/* SPDX-License-Identifier: MIT */
/*
 * fsxctl: one binary for FSx for Lustre, the mount and the control plane.
 * main() parses the global options, finds the command and exits with its
 * status; it is the only place that calls exit().
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd/cmd.h"

static void usage(FILE *out)
{
	fprintf(out, "Usage: fsxctl [--json] [--debug] [--quiet] COMMAND [ARGS...]\n"
		     "       fsxctl COMMAND --help\n\n"
		     "Administer AWS FSx for Lustre: striping, capacity, quotas, HSM and\n"
		     "pre-warming on the mount; DRAs, tasks, file systems and backups on\n"
		     "the FSx API.\n\nCommands:\n");
	fsx_commands_list(out, fsx_commands, NULL);
	fprintf(out, "\nGlobal options:\n"
		     "     --json      print JSON (see docs/json.md)\n"
		     "     --debug     log what is sent and received, secrets redacted\n"
		     "     --quiet     print less\n"
		     " -V, --version   print the version\n"
		     " -h, --help      display this help\n\n"
		     "Exit status: 0 done, 1 an operation failed, 2 usage error,\n"
		     "3 a --wait timed out.\n");
}

int main(int argc, char **argv)
{
	struct fsx_ctx ctx = { .out = stdout, .err = stderr };
	int i = 1, rc;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--json"))
			ctx.flags |= FSX_JSON;
		else if (!strcmp(a, "--debug"))
			ctx.flags |= FSX_DEBUG;
		else if (!strcmp(a, "--quiet"))
			ctx.flags |= FSX_QUIET;
		else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			fputs("fsxctl " FSX_VERSION "\n", stdout);
			return 0;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else {
			fsx_usage(&ctx, a, "unknown global option");
			return FSX_EXIT_USAGE;
		}
	}
	if (i >= argc) {
		const struct fsx_cmd *shell = fsx_cmd_find(fsx_commands, "shell");

		if (shell && isatty(0) && isatty(1)) {
			char *sv[] = { "shell", NULL };

			return fsx_cmd_exec(&ctx, fsx_commands, 1, sv);
		}
		usage(stderr);
		return FSX_EXIT_USAGE;
	}
	rc = fsx_cmd_exec(&ctx, fsx_commands, argc - i, argv + i);
	if (fflush(stdout) != 0 && rc == 0) {
		fsx_err(&ctx, "stdout", 0, "write error");
		rc = FSX_EXIT_FAIL;
	}
	return rc;
}
