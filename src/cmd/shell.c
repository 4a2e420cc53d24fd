/* SPDX-License-Identifier: MIT */
/*
 * fsxctl shell: the commands of the table, one per line, from a terminal
 * (repl.c, with readline) or a script. Each command runs in a child process
 * with the same output as from the shell; a failed line prints its error
 * and the session goes on. Builtins: cd, exit, quit (and help's extra line).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cmd/repl.h"
#include "lustre/mount.h"
#include "util/shellwords.h"

struct shell_req {
	struct fsx_args args;
	int stop_on_error;
};

static void line_err(struct repl_state *st, const char *fmt, const char *msg)
{
	char where[320];

	if (st->interactive) {
		fsx_err(st->ctx, NULL, 0, fmt, msg);
		return;
	}
	snprintf(where, sizeof(where), "%s:%lu", st->source, st->lineno);
	fsx_err(st->ctx, where, 0, fmt, msg);
}

static int builtin_cd(struct repl_state *st, char **v, size_t n)
{
	const char *dir = n > 1 ? v[1] : getenv("HOME");

	if (n > 2) {
		line_err(st, "%s", "cd: too many arguments");
		return FSX_EXIT_USAGE;
	}
	if (!dir || chdir(dir) < 0) {
		fsx_err(st->ctx, dir ? dir : "cd", dir ? -errno : 0, "%s",
			dir ? "cannot change directory" : "HOME is not set");
		return FSX_EXIT_FAIL;
	}
	return FSX_EXIT_OK;
}

static int builtin_exit(struct repl_state *st, char **v, size_t n)
{
	char *end = "";
	long code = n > 1 ? strtol(v[1], &end, 10) : -1;

	if (n > 2 || (n > 1 && (!*v[1] || *end || code < 0 || code > 255))) {
		line_err(st, "%s", "exit: usage: exit [0-255]");
		return FSX_EXIT_USAGE;
	}
	st->exit_requested = 1;
	st->exit_code = (int)code;
	return FSX_EXIT_OK;
}

/* Runs argv in a child: Ctrl-C kills the command, not the session. */
static int run_child(struct repl_state *st, struct fsx_ctx *lctx, char **v,
		     size_t n)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	int status = 0;
	pid_t pid, w;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		fsx_err(st->ctx, v[0], -errno, "cannot start the command");
		return FSX_EXIT_FAIL;
	}
	if (pid == 0) {
		int rc;

		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		rc = fsx_cmd_exec(lctx, fsx_commands, (int)n, v);
		if (fflush(stdout) != 0 && rc == 0)
			rc = FSX_EXIT_FAIL;
		_exit(rc); /* the child is one command's process */
	}
	/* at the prompt Ctrl-C clears the line; here it is the child's */
	if (st->interactive)
		sigaction(SIGINT, &ign, &old);
	while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (st->interactive)
		sigaction(SIGINT, &old, NULL);
	if (w < 0) {
		fsx_err(st->ctx, v[0], -errno, "lost the command's process");
		return FSX_EXIT_FAIL;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WTERMSIG(status) == SIGINT) {
		fputs("\n", stderr);
		fsx_err(st->ctx, v[0], 0, "interrupted");
		return 128 + SIGINT;
	}
	fsx_err(st->ctx, v[0], 0, "killed by signal %d (%s)", WTERMSIG(status),
		strsignal(WTERMSIG(status)));
	return FSX_EXIT_FAIL;
}

static int unknown_command(struct repl_state *st, const char *name)
{
	const struct fsx_ctx top = { .out = st->ctx->out, .err = st->ctx->err };
	const char *s = fsx_cmd_suggest(fsx_commands, name);

	if (s)
		fsx_err(&top, name, 0, "not a fsxctl command (did you mean '%s'?)", s);
	else
		fsx_err(&top, name, 0, "not a fsxctl command");
	if (st->interactive)
		fprintf(st->ctx->err, "Type 'help' for the commands.\n");
	return FSX_EXIT_USAGE;
}

static int run_words(struct repl_state *st, char **v, size_t n)
{
	struct fsx_ctx lctx = *st->ctx;
	const struct fsx_cmd *cmd;
	int rc;

	if (n && !strcmp(v[0], "fsxctl"))
		v++, n--; /* typed out of habit */
	for (; n && fsx_opt_is_global(v[0]) && strcmp(v[0], "--help"); v++, n--)
		lctx.flags |= !strcmp(v[0], "--json") ? FSX_JSON :
			      !strcmp(v[0], "--debug") ? FSX_DEBUG : FSX_QUIET;
	if (n == 0)
		return FSX_EXIT_OK;
	if (!strcmp(v[0], "exit") || !strcmp(v[0], "quit"))
		return builtin_exit(st, v, n);
	if (!strcmp(v[0], "cd"))
		return builtin_cd(st, v, n);
	cmd = fsx_cmd_find(fsx_commands, v[0]);
	if (!cmd)
		return unknown_command(st, v[0]);
	if (cmd->flags & CMD_NOREPL) {
		line_err(st, "%s: cannot be run inside the shell", v[0]);
		return FSX_EXIT_USAGE;
	}
	lctx.cmd = NULL;
	rc = run_child(st, &lctx, v, n);
	if (rc == 0 && st->interactive && !strcmp(v[0], "help") && n == 1)
		fprintf(st->ctx->out, "Shell: cd [DIR], exit [N], quit or Ctrl-D leave; "
				      "Ctrl-C cancels a command; Tab completes.\n");
	return rc;
}

int repl_run_line(struct repl_state *st, const char *line, size_t len)
{
	struct shellwords sw = { 0 };
	struct fsx_why why = { "" };
	int rc;

	st->lineno++;
	rc = shellwords_split(line, len, 0, &sw, &why);
	st->ncommands += rc || sw.n;
	if (rc) {
		line_err(st, "%s", why.msg);
		return FSX_EXIT_USAGE;
	}
	rc = run_words(st, sw.v, sw.n);
	shellwords_release(&sw);
	return rc;
}

void repl_prompt(char *buf, size_t size)
{
	struct lustre_mount m;

	if (lustre_mount_find(".", &m, NULL))
		snprintf(buf, size, "fsxctl> ");
	else
		snprintf(buf, size, "fsxctl %s:%s> ", m.mountname, m.relpath);
}

/* One line into buf (at most cap bytes); -1 at end of file. *ret_full is
 * the line's real length, more than cap when it was cut. */
static ssize_t read_line(FILE *f, char *buf, size_t cap, size_t *ret_full)
{
	size_t n = 0, full = 0;
	int c;

	while ((c = getc_unlocked(f)) != EOF && c != '\n') {
		if (n < cap)
			buf[n++] = (char)c;
		full++;
	}
	if (c == EOF && full == 0)
		return -1;
	buf[n] = 0;
	*ret_full = full;
	return (ssize_t)n;
}

static int run_batch(struct repl_state *st, FILE *in, int stop_on_error)
{
	char *buf = malloc(SHELLWORDS_MAX_LINE + 1);
	unsigned long failed = 0;
	size_t full;
	ssize_t n;
	int worst = 0;

	if (!buf) {
		fsx_err(st->ctx, NULL, -ENOMEM, "out of memory");
		return FSX_EXIT_FAIL;
	}
	while (!st->exit_requested &&
	       (n = read_line(in, buf, SHELLWORDS_MAX_LINE, &full)) >= 0) {
		int rc;

		if (full > SHELLWORDS_MAX_LINE) {
			char msg[96];

			st->lineno++;
			st->ncommands++;
			snprintf(msg, sizeof(msg), "line too long (%zu bytes, at most %d)",
				 full, SHELLWORDS_MAX_LINE);
			line_err(st, "%s", msg);
			rc = FSX_EXIT_USAGE;
		} else {
			rc = repl_run_line(st, buf, (size_t)n);
		}
		if (rc) {
			failed++;
			worst = rc > worst ? rc : worst;
			if (stop_on_error)
				break;
		}
	}
	free(buf);
	if (failed)
		fsx_err(st->ctx, NULL, 0, "%lu of %lu commands failed", failed,
			st->ncommands);
	if (st->exit_requested && st->exit_code >= 0)
		return st->exit_code;
	return worst > FSX_EXIT_TIMEOUT ? FSX_EXIT_FAIL : worst;
}

static int run_shell(struct fsx_ctx *ctx, void *reqp)
{
	struct shell_req *req = reqp;
	struct repl_state st = { .ctx = ctx, .source = "stdin" };
	FILE *in = stdin;
	int rc;

	if (req->args.n > 1)
		return fsx_usage(ctx, req->args.v[1], "one script at most");
	ctx->flags |= FSX_REPL;
	if (req->args.n == 1 && strcmp(req->args.v[0], "-")) {
		st.source = req->args.v[0];
		in = fopen(st.source, "re");
		if (!in) {
			fsx_err(ctx, st.source, -errno, "cannot open the script");
			return FSX_EXIT_FAIL;
		}
	} else if (isatty(0)) {
		st.interactive = 1;
		return repl_interactive(&st);
	}
	rc = run_batch(&st, in, req->stop_on_error);
	if (in != stdin)
		fclose(in);
	return rc;
}

#define SH(m) FSX_FIELD(struct shell_req, m)

static const struct fsx_opt shell_opts[] = {
	OPT_FLAG('e', "stop-on-error", SH(stop_on_error), 1,
		 "stop a script at the first line that fails"),
	OPT_END(),
};

const struct fsx_cmd cmd_shell = {
	.name = "shell",
	.summary = "run commands interactively, or a script of commands",
	.usage = "[OPTIONS] [SCRIPT]",
	.description =
		"On a terminal, an interactive session with line editing, history\n"
		"(~/.fsxctl_history) and Tab completion of commands, options, pools,\n"
		"OST indices, ids and paths; `fsxctl` alone on a terminal starts it\n"
		"too. Otherwise the lines of SCRIPT (or of stdin) run one after the\n"
		"other. Lines are split like sh splits them (quotes, backslashes,\n"
		"# comments) but nothing is expanded. A failing line prints its error\n"
		"and the next one runs; a script's exit status is the worst of its\n"
		"lines' (1 failed, 2 usage, 3 timed out). Builtins: cd [DIR],\n"
		"exit [N], quit. --json applies to every command of the session.",
	.opts = shell_opts,
	.req_size = sizeof(struct shell_req),
	.run = run_shell,
	.flags = CMD_NOREPL,
	.args_complete = COMPLETE_FILE,
};
