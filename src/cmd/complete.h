/* SPDX-License-Identifier: MIT */
/*
 * Completion from the command table: the REPL asks it for the candidates
 * of the word under the cursor; `fsxctl __complete` answers the generated
 * shell scripts for values that need the system (pools, OSTs, ids).
 */
#ifndef FSX_CMD_COMPLETE_H
#define FSX_CMD_COMPLETE_H

#include "cmd/cmd.h"

struct fsx_compl {
	char **v; /* candidates, sorted, no duplicates after fsx_compl_finish */
	size_t n, cap;
	enum fsx_complete files; /* PATH/DIR/FILE: caller adds file names */
	int no_space; /* a candidate ends in '=': do not append a space */
};

enum fsx_complete_flags {
	FSX_COMPLETE_REPL = 1 << 0, /* offer REPL builtins, skip CMD_NOREPL */
};

/*
 * Candidates for cur, the word being typed, after the n words before it
 * (words[0] is a command name or a global option). 0 or -ENOMEM.
 */
int fsx_complete_line(const struct fsx_cmd *const *table, char **words,
		      size_t n, const char *cur, unsigned flags,
		      struct fsx_compl *ret);

/*
 * Values of kind that start with cur. words (for COMPLETE_WORDS) is the
 * option's word list; ctx lists the command line's words, the first that
 * is an existing path names the Lustre mount for pools and OSTs (else
 * "."). 0, -ENOMEM, or -errno from the system (not on Lustre...).
 */
int fsx_complete_values(enum fsx_complete kind, const char *words,
			const char *cur, char **ctx, size_t nctx,
			struct fsx_compl *ret);

/* Kind names as the scripts say them: "pool", "ost", "fs", "path"... */
const char *fsx_complete_name(enum fsx_complete kind);
int fsx_complete_parse(const char *name, enum fsx_complete *ret);

int fsx_compl_add(struct fsx_compl *c, const char *s);
void fsx_compl_finish(struct fsx_compl *c); /* sort and dedupe */
void fsx_compl_release(struct fsx_compl *c);

/* The option row a long or short option word names, or NULL. */
const struct fsx_opt *fsx_opt_lookup(const struct fsx_opt *opts,
				     const char *word);

/* The generated completion scripts (completion.c, completion-shells.c). */
void fsx_gen_bash(FILE *out);
void fsx_gen_zsh(FILE *out);
void fsx_gen_fish(FILE *out);

/* Shared by the generators: value-taking rows and their completion kind. */
int fsx_opt_takes_value(const struct fsx_opt *o); /* 0 no, 1 optional, 2 required */
int fsx_cmd_listed(const struct fsx_cmd *c);	   /* not hidden, not internal */

#endif
