/* SPDX-License-Identifier: MIT */
/* A configparser-compatible reader for ~/.aws/config and ~/.aws/credentials. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/ini.h"

struct ini_parser {
	struct aws_ini *ini;
	struct aws_ini_section *cur;
	struct aws_ini_kv *last; /* the key continuation lines extend */
	size_t last_indent;
	int nested; /* last key had an empty value: sub-keys follow */
	char *parent;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static char *trim(char *s)
{
	char *e;

	while (is_blank(*s))
		s++;
	e = s + strlen(s);
	while (e > s && (is_blank(e[-1]) || e[-1] == '\r'))
		e--;
	*e = 0;
	return s;
}

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 'a' - 'A';
}

static int add_section(struct ini_parser *p, const char *name, size_t lineno,
		       struct fsx_why *why)
{
	struct aws_ini *ini = p->ini;
	struct aws_ini_section *v;

	if (aws_ini_section(ini, name))
		return why_set(why, -EINVAL, "line %zu: section [%s] repeated",
			       lineno, name);
	v = realloc(ini->sec, sizeof(*v) * (ini->nsec + 1));
	if (!v)
		return -ENOMEM;
	ini->sec = v;
	p->cur = &v[ini->nsec];
	memset(p->cur, 0, sizeof(*p->cur));
	p->cur->name = strdup(name);
	if (!p->cur->name)
		return -ENOMEM;
	ini->nsec++;
	p->last = NULL;
	return 0;
}

static int add_kv(struct ini_parser *p, const char *key, const char *value,
		  size_t lineno, struct fsx_why *why)
{
	struct aws_ini_section *s = p->cur;
	struct aws_ini_kv *v;

	if (aws_ini_get(s, key))
		return why_set(why, -EINVAL,
			       "line %zu: key '%s' repeated in [%s]", lineno,
			       key, s->name);
	v = realloc(s->kv, sizeof(*v) * (s->nkv + 1));
	if (!v)
		return -ENOMEM;
	s->kv = v;
	v[s->nkv].key = strdup(key);
	v[s->nkv].value = strdup(value);
	if (!v[s->nkv].key || !v[s->nkv].value) {
		free(v[s->nkv].key);
		free(v[s->nkv].value);
		return -ENOMEM;
	}
	p->last = &v[s->nkv++];
	return 0;
}

static int split_kv(char *line, char **ret_key, char **ret_val)
{
	char *d = line + strcspn(line, "=:");

	if (!*d)
		return -EINVAL;
	*d = 0;
	*ret_key = trim(line);
	*ret_val = trim(d + 1);
	lower(*ret_key);
	return **ret_key ? 0 : -EINVAL;
}

/* An indented line after a key: a nested sub-key or a continuation. */
static int continuation(struct ini_parser *p, char *line, size_t lineno,
			struct fsx_why *why)
{
	char *k, *v, full[512];
	size_t n;
	char *grown;

	if (p->nested && !split_kv(line, &k, &v)) {
		snprintf(full, sizeof(full), "%s.%s", p->parent, k);
		return add_kv(p, full, v, lineno, why);
	}
	line = trim(line);
	n = strlen(p->last->value);
	grown = realloc(p->last->value, n + strlen(line) + 2);
	if (!grown)
		return -ENOMEM;
	p->last->value = grown;
	snprintf(grown + n, strlen(line) + 2, "\n%s", line);
	return 0;
}

static int parse_line(struct ini_parser *p, char *line, size_t lineno,
		      struct fsx_why *why)
{
	size_t indent = strspn(line, " \t");
	char *t = trim(line), *k, *v, *e;
	int rc;

	if (!*t || *t == '#' || *t == ';')
		return 0;
	if (indent && p->last && indent > p->last_indent)
		return continuation(p, t, lineno, why);
	if (*t == '[' && (e = strrchr(t, ']')) && e > t + 1 && !indent) {
		*e = 0;
		return add_section(p, trim(t + 1), lineno, why);
	}
	if (!p->cur)
		return why_set(why, -EINVAL,
			       "line %zu: a key before any [section]", lineno);
	if (split_kv(t, &k, &v))
		return why_set(why, -EINVAL, "line %zu: expected 'key = value'",
			       lineno);
	rc = add_kv(p, k, v, lineno, why);
	if (rc)
		return rc;
	p->last_indent = indent;
	p->nested = !*v;
	free(p->parent);
	p->parent = p->nested ? strdup(k) : NULL;
	if (p->nested && !p->parent)
		return -ENOMEM;
	return 0;
}

int aws_ini_parse(const char *text, size_t len, struct aws_ini **ret,
		  struct fsx_why *why)
{
	struct ini_parser p = { 0 };
	size_t lineno = 0, off = 0;
	int rc = 0;

	if (len > AWS_INI_MAX)
		return why_set(why, -EFBIG, "larger than %d MiB",
			       AWS_INI_MAX >> 20);
	p.ini = calloc(1, sizeof(*p.ini));
	if (!p.ini)
		return -ENOMEM;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		off = 3;
	while (off < len && !rc) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - text - off) : len - off;
		char *line = strndup(text + off, n);

		lineno++;
		if (!line) {
			rc = -ENOMEM;
			break;
		}
		if (memchr(text + off, 0, n))
			rc = why_set(why, -EINVAL, "line %zu: NUL byte",
				     lineno);
		else
			rc = parse_line(&p, line, lineno, why);
		free(line);
		off += n + 1;
	}
	free(p.parent);
	if (rc) {
		if (rc == -ENOMEM)
			why_set(why, rc, "out of memory");
		aws_ini_free(p.ini);
		return rc;
	}
	*ret = p.ini;
	return 0;
}

struct aws_ini *aws_ini_free(struct aws_ini *ini)
{
	if (!ini)
		return NULL;
	for (size_t i = 0; i < ini->nsec; i++) {
		for (size_t j = 0; j < ini->sec[i].nkv; j++) {
			free(ini->sec[i].kv[j].key);
			free(ini->sec[i].kv[j].value);
		}
		free(ini->sec[i].kv);
		free(ini->sec[i].name);
	}
	free(ini->sec);
	free(ini);
	return NULL;
}

const struct aws_ini_section *aws_ini_section(const struct aws_ini *ini,
					      const char *name)
{
	for (size_t i = 0; ini && i < ini->nsec; i++)
		if (!strcmp(ini->sec[i].name, name))
			return &ini->sec[i];
	return NULL;
}

const char *aws_ini_get(const struct aws_ini_section *sec, const char *key)
{
	for (size_t i = 0; sec && i < sec->nkv; i++)
		if (!strcasecmp(sec->kv[i].key, key))
			return sec->kv[i].value;
	return NULL;
}
