/* SPDX-License-Identifier: MIT */
/*
 * Splits a REPL or script line into words the way sh does, without any
 * expansion: blanks separate words, '...' is literal, "..." keeps \" \\
 * \$ \` and \newline escapes, a backslash outside quotes escapes the next
 * character, and # at the start of a word begins a comment.
 */
#ifndef FSX_UTIL_SHELLWORDS_H
#define FSX_UTIL_SHELLWORDS_H

#include <stddef.h>
#include "util/why.h"

/* Longest line accepted, in bytes (a line is outside input). */
#define SHELLWORDS_MAX_LINE 65536

enum shellwords_flags {
	/* For completion: an open quote or a final backslash is not an error. */
	SHELLWORDS_PARTIAL = 1 << 0,
};

struct shellwords {
	char **v;	/* n words, then NULL */
	size_t n;
	int open_quote; /* PARTIAL: '\'' or '"' if the line ends inside one */
	int trailing_blank; /* the line ends with an unquoted blank */
};

/*
 * Splits len bytes of line into *ret (owned by the caller, freed with
 * shellwords_release). Returns 0, or -EINVAL (unterminated quote, NUL
 * byte, final backslash) or -E2BIG (line too long) with why filled.
 */
int shellwords_split(const char *line, size_t len, unsigned flags,
		     struct shellwords *ret, struct fsx_why *why);
void shellwords_release(struct shellwords *sw);

/*
 * Writes word quoted for sh into buf (always NUL-terminated when size > 0):
 * unchanged if it needs no quoting, else in single quotes. Returns the
 * length it needed, like snprintf.
 */
size_t shellwords_quote(const char *word, char *buf, size_t size);

#endif
