/* SPDX-License-Identifier: MIT */
/* REPL and script lines split into words as sh would, without expansion. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "util/shellwords.h"

struct split_case {
	const char *line;
	const char *want; /* words joined by '|' */
};

static const struct split_case split_cases[] = {
	{ "getstripe -c f", "getstripe|-c|f" },
	{ "  a   b\t\tc  ", "a|b|c" },
	{ "a 'b c' d", "a|b c|d" },
	{ "a \"b c\" d", "a|b c|d" },
	{ "a\\ b c", "a b|c" },
	{ "'it'\\''s'", "it's" },
	{ "\"say \\\"hi\\\" \\\\ \\$x \\a\"", "say \"hi\" \\ $x \\a" },
	{ "'$x \\n'", "$x \\n" },
	{ "a''b \"\"", "ab|" },
	{ "ls # a comment", "ls" },
	{ "a#b", "a#b" },
	{ "# only a comment", "" },
	{ "", "" },
};

static void join(const struct shellwords *sw, char *buf, size_t size)
{
	buf[0] = 0;
	for (size_t i = 0; i < sw->n; i++) {
		if (i)
			strncat(buf, "|", size - strlen(buf) - 1);
		strncat(buf, sw->v[i], size - strlen(buf) - 1);
	}
}

static void test_shellwords_split_cases(void)
{
	for (size_t i = 0; i < sizeof(split_cases) / sizeof(split_cases[0]); i++) {
		const struct split_case *c = &split_cases[i];
		struct shellwords sw = { 0 };
		struct fsx_why why = { "" };
		char got[256];

		T_EXPECT_INT(shellwords_split(c->line, strlen(c->line), 0, &sw, &why), 0);
		join(&sw, got, sizeof(got));
		T_EXPECT_STR(got, c->want);
		T_OK(sw.v && !sw.v[sw.n], "argv is NULL-terminated for %s", c->line);
		shellwords_release(&sw);
	}
}

static void test_shellwords_split_rejects_open_quotes(void)
{
	struct shellwords sw = { 0 };
	struct fsx_why why = { "" };

	T_EXPECT_INT(shellwords_split("a 'b", 4, 0, &sw, &why), -EINVAL);
	T_EXPECT_STR(why.msg, "unterminated single quote");
	T_EXPECT_INT(shellwords_split("a \"b", 4, 0, &sw, &why), -EINVAL);
	T_EXPECT_STR(why.msg, "unterminated double quote");
	T_EXPECT_INT(shellwords_split("a b\\", 4, 0, &sw, &why), -EINVAL);
	T_EXPECT_STR(why.msg, "line ends with a backslash");
	T_OK(sw.v == NULL, "ret untouched on failure");
}

static void test_shellwords_split_rejects_nul_and_long_lines(void)
{
	struct shellwords sw = { 0 };
	struct fsx_why why = { "" };
	size_t big = SHELLWORDS_MAX_LINE + 1;
	char *line = malloc(big);

	T_EXPECT_INT(shellwords_split("a\0b", 3, 0, &sw, &why), -EINVAL);
	T_EXPECT_STR(why.msg, "line contains a NUL byte");
	memset(line, 'x', big);
	T_EXPECT_INT(shellwords_split(line, big, 0, &sw, &why), -E2BIG);
	T_EXPECT_STR(why.msg, "line too long (65537 bytes, at most 65536)");
	T_EXPECT_INT(shellwords_split(line, big - 1, 0, &sw, &why), 0);
	T_EXPECT_INT(sw.n, 1);
	shellwords_release(&sw);
	free(line);
}

static void test_shellwords_split_partial_reports_state(void)
{
	struct shellwords sw = { 0 };

	T_EXPECT_INT(shellwords_split("setstripe -p 'fa", 16, SHELLWORDS_PARTIAL, &sw, NULL), 0);
	T_EXPECT_INT(sw.n, 3);
	T_EXPECT_STR(sw.v[2], "fa");
	T_EXPECT_INT(sw.open_quote, '\'');
	shellwords_release(&sw);
	T_EXPECT_INT(shellwords_split("getstripe ", 10, SHELLWORDS_PARTIAL, &sw, NULL), 0);
	T_EXPECT_INT(sw.n, 1);
	T_EXPECT_INT(sw.trailing_blank, 1);
	shellwords_release(&sw);
	T_EXPECT_INT(shellwords_split("a\\ ", 3, SHELLWORDS_PARTIAL, &sw, NULL), 0);
	T_EXPECT_INT(sw.trailing_blank, 0);
	shellwords_release(&sw);
}

static void test_shellwords_quote_round_trips(void)
{
	const char *words[] = { "plain/path-1.txt", "has space", "it's", "", "$HOME", "a\"b" };
	char buf[64];

	T_EXPECT_INT(shellwords_quote("has space", buf, sizeof(buf)), 11);
	T_EXPECT_STR(buf, "'has space'");
	T_EXPECT_INT(shellwords_quote("it's", buf, 4), 9);
	T_EXPECT_STR(buf, "'it");
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct shellwords sw = { 0 };

		shellwords_quote(words[i], buf, sizeof(buf));
		T_EXPECT_INT(shellwords_split(buf, strlen(buf), 0, &sw, NULL), 0);
		T_EXPECT_INT(sw.n, 1);
		if (sw.n == 1)
			T_EXPECT_STR(sw.v[0], words[i]);
		shellwords_release(&sw);
	}
}

int main(void)
{
	test_shellwords_split_cases();
	test_shellwords_split_rejects_open_quotes();
	test_shellwords_split_rejects_nul_and_long_lines();
	test_shellwords_split_partial_reports_state();
	test_shellwords_quote_round_trips();
	return t_done();
}
