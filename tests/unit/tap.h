/* SPDX-License-Identifier: MIT */
/* A tiny TAP producer for the C unit tests: `T_EXPECT_*` checks, one line each. */
#ifndef FSX_TESTS_TAP_H
#define FSX_TESTS_TAP_H

#include <inttypes.h>
#include <stdio.h>
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

static inline int t_done(void)
{
	printf("1..%d\n", t_n);
	return t_fail ? 1 : 0;
}

#endif
