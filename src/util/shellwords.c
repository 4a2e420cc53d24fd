/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "util/shellwords.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct sw_state {
	const char *s, *end;
	char *out;	/* write position in the word buffer */
	int in_word;
	int quote;	/* 0, '\'' or '"' */
};

/* One character outside quotes; returns 1 at a comment (stop). */
static int sw_plain(struct sw_state *st, char **words, size_t *n)
{
	char c = *st->s++;

	if (is_blank(c)) {
		if (st->in_word) {
			*st->out++ = 0;
			st->in_word = 0;
		}
		return 0;
	}
	if (c == '#' && !st->in_word)
		return 1;
	if (!st->in_word) {
		words[(*n)++] = st->out;
		st->in_word = 1;
	}
	if (c == '\'' || c == '"')
		st->quote = c;
	else if (c == '\\' && st->s < st->end)
		*st->out++ = *st->s++;
	else if (c == '\\')
		st->quote = '\\'; /* a final backslash */
	else
		*st->out++ = c;
	return 0;
}

static void sw_quoted(struct sw_state *st)
{
	char c = *st->s++;

	if (c == st->quote) {
		st->quote = 0;
		return;
	}
	if (st->quote == '"' && c == '\\' && st->s < st->end &&
	    strchr("\"\\$`\n", *st->s)) {
		if (*st->s != '\n')
			*st->out++ = *st->s;
		st->s++;
		return;
	}
	*st->out++ = c;
}

static int sw_check(const char *line, size_t len, struct fsx_why *why)
{
	if (len > SHELLWORDS_MAX_LINE)
		return why_set(why, -E2BIG, "line too long (%zu bytes, at most %d)",
			       len, SHELLWORDS_MAX_LINE);
	if (memchr(line, 0, len))
		return why_set(why, -EINVAL, "line contains a NUL byte");
	return 0;
}

int shellwords_split(const char *line, size_t len, unsigned flags,
		     struct shellwords *ret, struct fsx_why *why)
{
	struct sw_state st = { .s = line, .end = line + len };
	char **words, *buf;
	size_t n = 0;
	int rc = sw_check(line, len, why);

	if (rc)
		return rc;
	/* at most len/2+1 words; the text never grows */
	words = calloc(len / 2 + 2, sizeof(*words));
	buf = malloc(len + 1);
	if (!words || !buf) {
		rc = why_set(why, -ENOMEM, "out of memory");
		goto out_free;
	}
	st.out = buf;
	while (st.s < st.end) {
		if (st.quote)
			sw_quoted(&st);
		else if (sw_plain(&st, words, &n))
			break;
	}
	*st.out = 0;
	if (st.quote && !(flags & SHELLWORDS_PARTIAL)) {
		rc = why_set(why, -EINVAL, "%s", st.quote == '\\' ?
			     "line ends with a backslash" : st.quote == '"' ?
			     "unterminated double quote" : "unterminated single quote");
		goto out_free;
	}
	words[n] = NULL;
	if (n == 0) {
		free(buf);
		buf = NULL;
	}
	ret->v = words;
	ret->n = n;
	ret->open_quote = st.quote == '\\' ? 0 : st.quote;
	ret->trailing_blank = !st.quote && len && is_blank(line[len - 1]) &&
			      !st.in_word;
	return 0;
out_free:
	free(words);
	free(buf);
	return rc;
}

void shellwords_release(struct shellwords *sw)
{
	if (!sw)
		return;
	if (sw->n)
		free(sw->v[0]); /* the first word starts the shared buffer */
	free(sw->v);
	sw->v = NULL;
	sw->n = 0;
}

size_t shellwords_quote(const char *word, char *buf, size_t size)
{
	size_t n = 0, i;
	int plain = *word != 0;

	for (const char *p = word; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789@%+=:,./_-", *p))
			plain = 0;
#define PUT(c)                               \
	do {                                 \
		if (n + 1 < size)            \
			buf[n] = (c);        \
		n++;                         \
	} while (0)
	if (plain) {
		for (i = 0; word[i]; i++)
			PUT(word[i]);
	} else {
		PUT('\'');
		for (i = 0; word[i]; i++) {
			if (word[i] == '\'') {
				PUT('\'');
				PUT('\\');
				PUT('\'');
			}
			PUT(word[i]);
		}
		PUT('\'');
	}
#undef PUT
	if (size)
		buf[n < size ? n : size - 1] = 0;
	return n;
}
