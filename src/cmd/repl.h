/* SPDX-License-Identifier: MIT */
/*
 * The interactive session (`fsxctl` on a terminal, `fsxctl shell`) and its
 * batch form (`fsxctl shell < script`). shell.c runs lines; repl.c is the
 * only file that loads readline (STYLE.md §1), when a terminal session
 * starts.
 */
#ifndef FSX_CMD_REPL_H
#define FSX_CMD_REPL_H

#include "cmd/cmd.h"

struct repl_state {
	struct fsx_ctx *ctx;
	const char *source; /* "stdin" or the script's name, for messages */
	unsigned long lineno;
	unsigned long ncommands; /* lines that were not blank or comments */
	int interactive;
	int exit_requested; /* `exit` or `quit` ran */
	int exit_code;	    /* its status, -1 if none was given */
};

/*
 * Runs one line (split like sh, builtins, or a command in a child process
 * so Ctrl-C cancels it). Returns the line's exit status.
 */
int repl_run_line(struct repl_state *st, const char *line, size_t len);

/* The prompt for the current directory: `fsxctl abcdefgh:/dir> `. */
void repl_prompt(char *buf, size_t size);

/* The interactive loop with readline; returns the session's exit status. */
int repl_interactive(struct repl_state *st);

#endif
