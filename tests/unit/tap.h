/* SPDX-License-Identifier: MIT */
/* A tiny TAP producer for the C unit tests: `T_EXPECT_*` checks, one line each. */
#ifndef FSX_TESTS_TAP_H
#define FSX_TESTS_TAP_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_n, t_fail;

#define T_OK(cond, ...)                                                        \
	do {                                                                   \
		int t_c_ = !!(cond);                                           \
		printf("%s %d - ", t_c_ ? "ok" : "not ok", ++t_n);             \
		printf(__VA_ARGS__);                                           \
		printf("\n");                                                  \
		if (!t_c_) {                                                   \
			t_fail++;                                              \
			printf("#   at %s:%d: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                              \
	} while (0)

#define T_EXPECT_INT(got, want)                                                \
	do {                                                                   \
		long long t_g_ = (long long)(got), t_w_ = (long long)(want);   \
		T_OK(t_g_ == t_w_, "%s == %s", #got, #want);                   \
		if (t_g_ != t_w_)                                              \
			printf("#   got %lld, want %lld\n", t_g_, t_w_);       \
	} while (0)

#define T_EXPECT_STR(got, want)                                                \
	do {                                                                   \
		const char *t_g_ = (got), *t_w_ = (want);                      \
		int t_eq_ = t_g_ && t_w_ && !strcmp(t_g_, t_w_);               \
		T_OK(t_eq_, "%s == \"%s\"", #got, t_w_ ? t_w_ : "(null)");     \
		if (!t_eq_)                                                    \
			printf("#   got \"%s\"\n", t_g_ ? t_g_ : "(null)");    \
	} while (0)

/*
 * A whole file, NUL-terminated, with pad extra zero bytes after it (a
 * layout may be read past its end, as lfs reads its zeroed buffer).
 * *len gets the file's size when len is not NULL. Caller frees.
 */
static inline char *t_slurp(const char *path, size_t pad, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + pad + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static inline int t_done(void)
{
	printf("1..%d\n", t_n);
	return t_fail ? 1 : 0;
}

#endif
