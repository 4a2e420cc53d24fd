/* SPDX-License-Identifier: MIT */
/*
 * The interactive session: GNU readline, opened with dlopen only here and
 * only when a terminal session starts (DESIGN.md §2), history kept in
 * ~/.fsxctl_history (FSXCTL_HISTFILE, FSXCTL_HISTSIZE), Tab completion from
 * the command table (complete.c). Without libreadline.so.8 the session
 * still runs, with a plain prompt and no line editing.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <readline/readline.h> /* types only: fsxctl is not linked with it */
#include <readline/history.h>
#include "cmd/complete.h"
#include "cmd/repl.h"
#include "util/dl.h"
#include "util/shellwords.h"

static DL_FN(readline);
static DL_FN(add_history);
static DL_FN(using_history);
static DL_FN(stifle_history);
static DL_FN(read_history);
static DL_FN(write_history);
static DL_FN(append_history);
static DL_FN(history_truncate_file);
static DL_FN(rl_replace_line);
static DL_FN(rl_readline_name);
static DL_FN(rl_attempted_completion_function);
static DL_FN(rl_attempted_completion_over);
static DL_FN(rl_completer_word_break_characters);
static DL_FN(rl_completer_quote_characters);
static DL_FN(rl_completion_suppress_append);
static DL_FN(rl_getc_function);
static DL_FN(rl_catch_signals);
static DL_FN(rl_line_buffer);

static int rl_load(struct fsx_why *why)
{
	static void *lib; /* write-once: set by the first load that works */

	return dl_open_once(&lib, "libreadline.so.8", "libreadline8", why,
			    DL_ARG(readline), DL_ARG(add_history),
			    DL_ARG(using_history), DL_ARG(stifle_history),
			    DL_ARG(read_history), DL_ARG(write_history),
			    DL_ARG(append_history), DL_ARG(history_truncate_file),
			    DL_ARG(rl_replace_line), DL_ARG(rl_readline_name),
			    DL_ARG(rl_attempted_completion_function),
			    DL_ARG(rl_attempted_completion_over),
			    DL_ARG(rl_completer_word_break_characters),
			    DL_ARG(rl_completer_quote_characters),
			    DL_ARG(rl_completion_suppress_append),
			    DL_ARG(rl_getc_function), DL_ARG(rl_catch_signals),
			    DL_ARG(rl_line_buffer), NULL);
}

/* Set by the SIGINT handler, read by repl_getc. */
static volatile sig_atomic_t got_sigint;

static void on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
}

/*
 * readline's input: one byte. Ctrl-C at the prompt interrupts the read
 * (the handler has no SA_RESTART): drop the line and accept it empty,
 * which gives a fresh prompt, as bash does.
 */
static int repl_getc(FILE *in)
{
	unsigned char c;

	for (;;) {
		ssize_t n = read(fileno(in), &c, 1);

		if (n == 1)
			return c;
		if (n == 0 || errno != EINTR)
			return EOF;
		if (got_sigint) {
			got_sigint = 0;
			sym_rl_replace_line("", 0);
			fputs("^C", stdout);
			return '\n';
		}
	}
}

/* readline's match list: [0] the common prefix, then each match, NULL. */
static char **match_list(const struct fsx_compl *c)
{
	char **m = calloc(c->n + 2, sizeof(*m));
	size_t lcp = strlen(c->v[0]), k = 0;

	if (!m)
		return NULL;
	for (size_t i = 1; i < c->n; i++)
		for (size_t j = 0; j < lcp; j++)
			if (c->v[i][j] != c->v[0][j]) {
				lcp = j;
				break;
			}
	m[k++] = strndup(c->v[0], lcp);
	for (size_t i = 0; c->n > 1 && i < c->n; i++)
		m[k++] = strdup(c->v[i]);
	for (size_t i = 0; i < k; i++)
		if (!m[i]) {
			while (k)
				free(m[--k]);
			free(m);
			return NULL;
		}
	return m;
}

static char **repl_complete(const char *text, int start, int end)
{
	struct shellwords sw = { 0 };
	struct fsx_compl c = { 0 };
	char **m = NULL, **w;
	size_t n;

	(void)end;
	*sym_rl_attempted_completion_over = 1;
	if (shellwords_split(*sym_rl_line_buffer, (size_t)start,
			     SHELLWORDS_PARTIAL, &sw, NULL))
		return NULL;
	w = sw.v;
	n = sw.n;
	if (n && !strcmp(w[0], "fsxctl"))
		w++, n--;
	if (fsx_complete_line(fsx_commands, w, n, text, FSX_COMPLETE_REPL, &c) == 0) {
		if (c.files && !c.n)
			*sym_rl_attempted_completion_over = 0; /* file names */
		else if (c.n)
			m = match_list(&c);
		*sym_rl_completion_suppress_append = c.no_space;
	}
	fsx_compl_release(&c);
	shellwords_release(&sw);
	return m;
}

struct history {
	char path[4096];
	int size;
	int warned;
};

static void history_open(struct repl_state *st, struct history *h)
{
	const char *p = getenv("FSXCTL_HISTFILE"), *home = getenv("HOME");
	const char *sz = getenv("FSXCTL_HISTSIZE");

	h->size = sz && atoi(sz) > 0 ? atoi(sz) : 1000;
	h->path[0] = 0;
	if (p && *p)
		snprintf(h->path, sizeof(h->path), "%s", p);
	else if (home && *home)
		snprintf(h->path, sizeof(h->path), "%s/.fsxctl_history", home);
	sym_using_history();
	sym_stifle_history(h->size);
	if (h->path[0]) {
		int rc = sym_read_history(h->path);

		if (rc && rc != ENOENT) {
			fsx_err(st->ctx, h->path, -rc, "cannot read the history");
			h->warned = 1;
		}
	}
}

/* Appends the last line to the history file; warns once if it cannot. */
static void history_save(struct repl_state *st, struct history *h)
{
	int rc;

	if (!h->path[0] || h->warned)
		return;
	rc = sym_append_history(1, h->path);
	if (rc == ENOENT)
		rc = sym_write_history(h->path);
	if (rc == 0)
		rc = sym_history_truncate_file(h->path, h->size);
	if (rc) {
		fsx_err(st->ctx, h->path, -rc, "cannot save the history, going on without it");
		h->warned = 1;
	}
}

/* Without readline: a prompt and plain lines. */
static int plain_loop(struct repl_state *st)
{
	char prompt[512], *line = NULL;
	size_t cap = 0;
	ssize_t n;

	signal(SIGINT, SIG_IGN);
	while (!st->exit_requested) {
		repl_prompt(prompt, sizeof(prompt));
		fputs(prompt, stdout);
		fflush(stdout);
		n = getline(&line, &cap, stdin);
		if (n < 0)
			break;
		if (n && line[n - 1] == '\n')
			line[--n] = 0;
		repl_run_line(st, line, (size_t)n);
	}
	free(line);
	return st->exit_code > 0 ? st->exit_code : 0;
}

int repl_interactive(struct repl_state *st)
{
	struct sigaction sa = { .sa_handler = on_sigint };
	struct fsx_why why = { "" };
	struct history h = { .warned = 0 };
	char prompt[512], *line;

	if (rl_load(&why)) {
		fsx_err(st->ctx, NULL, 0, "%s; no line editing", why.msg);
		return plain_loop(st);
	}
	*sym_rl_readline_name = "fsxctl";
	*sym_rl_attempted_completion_function = repl_complete;
	*sym_rl_completer_word_break_characters = " \t\n";
	*sym_rl_completer_quote_characters = "'\"";
	*sym_rl_getc_function = repl_getc;
	*sym_rl_catch_signals = 0;
	sigaction(SIGINT, &sa, NULL); /* no SA_RESTART: readline sees EINTR */
	history_open(st, &h);
	while (!st->exit_requested) {
		repl_prompt(prompt, sizeof(prompt));
		line = sym_readline(prompt);
		if (!line) {
			fputc('\n', stdout);
			break;
		}
		if (*line && strspn(line, " \t") < strlen(line)) {
			sym_add_history(line);
			history_save(st, &h);
			repl_run_line(st, line, strlen(line));
		}
		free(line);
	}
	return st->exit_code > 0 ? st->exit_code : 0;
}
