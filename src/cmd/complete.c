/* SPDX-License-Identifier: MIT */
/*
 * The completion engine: walks the words typed so far through the command
 * table (global options, command, subcommand, options and their values)
 * and lists what may come next. Values that need the system come from the
 * Lustre mount (pools, OSTs) or the id cache (util/idcache.h).
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include "cmd/complete.h"
#include "lustre/lovinfo.h"
#include "util/idcache.h"

static const char *const global_opts[] = { "--json", "--debug", "--quiet",
					    "--help", "--version", NULL };
static const char *const repl_builtins[] = { "cd", "exit", "quit", NULL };

static const char *const kind_names[] = {
	[COMPLETE_NONE] = "none",   [COMPLETE_PATH] = "path",
	[COMPLETE_DIR] = "dir",	    [COMPLETE_FILE] = "file",
	[COMPLETE_POOL] = "pool",   [COMPLETE_OST] = "ost",
	[COMPLETE_FS] = "fs",	    [COMPLETE_DRA] = "dra",
	[COMPLETE_TASK] = "task",   [COMPLETE_BACKUP] = "backup",
	[COMPLETE_WORDS] = "words", [COMPLETE_USER] = "user",
	[COMPLETE_GROUP] = "group",
};

const char *fsx_complete_name(enum fsx_complete kind)
{
	if ((size_t)kind < sizeof(kind_names) / sizeof(kind_names[0]) &&
	    kind_names[kind])
		return kind_names[kind];
	return "none";
}

int fsx_complete_parse(const char *name, enum fsx_complete *ret)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (kind_names[i] && !strcmp(kind_names[i], name)) {
			*ret = (enum fsx_complete)i;
			return 0;
		}
	return -EINVAL;
}

int fsx_compl_add(struct fsx_compl *c, const char *s)
{
	char *d;

	if (c->n + 1 >= c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		char **v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		c->v = v;
		c->cap = cap;
	}
	d = strdup(s);
	if (!d)
		return -ENOMEM;
	c->v[c->n++] = d;
	c->v[c->n] = NULL;
	if (*s && s[strlen(s) - 1] == '=')
		c->no_space = 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void fsx_compl_finish(struct fsx_compl *c)
{
	size_t j = 0;

	if (!c->n)
		return;
	qsort(c->v, c->n, sizeof(*c->v), cmp_str);
	for (size_t i = 0; i < c->n; i++) {
		if (j && !strcmp(c->v[j - 1], c->v[i]))
			free(c->v[i]);
		else
			c->v[j++] = c->v[i];
	}
	c->n = j;
	c->v[j] = NULL;
}

void fsx_compl_release(struct fsx_compl *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static int add_if(struct fsx_compl *c, const char *s, const char *cur)
{
	return strncmp(s, cur, strlen(cur)) ? 0 : fsx_compl_add(c, s);
}

const struct fsx_opt *fsx_opt_lookup(const struct fsx_opt *opts,
				     const char *word)
{
	size_t len;

	if (word[0] != '-' || !word[1])
		return NULL;
	if (word[1] != '-') {
		for (const struct fsx_opt *o = opts; o && o->kind != OPT_K_END; o++)
			if (o->short_name == word[1] && o->kind != OPT_K_ALIAS)
				return o;
		return NULL;
	}
	len = strcspn(word + 2, "=");
	for (const struct fsx_opt *o = opts; o && o->kind != OPT_K_END; o++) {
		if (!o->long_name || strlen(o->long_name) != len ||
		    strncmp(o->long_name, word + 2, len))
			continue;
		if (o->kind == OPT_K_ALIAS) {
			char full[96];

			snprintf(full, sizeof(full), "--%s", o->alias_of);
			return strcmp(full + 2, word + 2) ? fsx_opt_lookup(opts, full) : NULL;
		}
		return o;
	}
	return NULL;
}

static int needs_value(const struct fsx_opt *o)
{
	return o && o->kind != OPT_K_FLAG &&
	       !(o->flags & (OPTF_NOARG | OPTF_OPTARG));
}

/* The option whose value the next word is, if word leaves one pending. */
static const struct fsx_opt *pending(const struct fsx_opt *opts,
				     const char *word)
{
	const struct fsx_opt *o;

	if (word[0] != '-' || !word[1])
		return NULL;
	if (word[1] == '-')
		return strchr(word, '=') ? NULL : needs_value(o = fsx_opt_lookup(opts, word)) ? o : NULL;
	for (const char *p = word + 1; *p; p++) {
		char one[3] = { '-', *p, 0 };

		o = fsx_opt_lookup(opts, one);
		if (!o)
			return NULL;
		if (o->kind != OPT_K_FLAG && !(o->flags & OPTF_NOARG))
			return needs_value(o) && !p[1] ? o : NULL;
	}
	return NULL;
}

struct value_walk {
	struct fsx_compl *c;
	const char *cur;
	const char *kind; /* idcache kind */
};

static int on_pool(void *arg, const char *pool)
{
	struct value_walk *w = arg;

	return add_if(w->c, pool, w->cur);
}

static int on_ost(void *arg, int idx, const char *uuid, int active)
{
	struct value_walk *w = arg;
	char num[16];

	(void)active;
	snprintf(num, sizeof(num), "%d", idx);
	if (*w->cur && (w->cur[0] < '0' || w->cur[0] > '9'))
		return add_if(w->c, uuid, w->cur);
	return add_if(w->c, num, w->cur);
}

static int on_id(void *arg, const struct idcache_entry *e)
{
	struct value_walk *w = arg;
	const char *k = idcache_kind(e->id);

	return k && !strcmp(k, w->kind) ? add_if(w->c, e->id, w->cur) : 0;
}

/* A comma list (init,^stale): complete the last element. */
static int words_values(const char *words, const char *cur,
			struct fsx_compl *ret)
{
	const char *comma = strrchr(cur, ',');
	size_t keep = comma ? (size_t)(comma - cur + 1) : 0;
	const char *last = cur + keep;
	char buf[256];
	int rc = 0;

	if (*last == '^')
		last++, keep++;
	while (rc == 0 && words && *words) {
		size_t l = strcspn(words, " ");

		if (l && !strncmp(words, last, strlen(last)) && keep + l < sizeof(buf)) {
			snprintf(buf, sizeof(buf), "%.*s%.*s", (int)keep, cur, (int)l, words);
			rc = fsx_compl_add(ret, buf);
		}
		words += l + (words[l] == ' ');
	}
	return rc;
}

static int account_values(enum fsx_complete kind, const char *cur,
			  struct fsx_compl *ret)
{
	int rc = 0, n = 0;

	if (kind == COMPLETE_USER) {
		struct passwd *pw;

		setpwent();
		while (rc == 0 && n++ < 10000 && (pw = getpwent()))
			rc = add_if(ret, pw->pw_name, cur);
		endpwent();
	} else {
		struct group *gr;

		setgrent();
		while (rc == 0 && n++ < 10000 && (gr = getgrent()))
			rc = add_if(ret, gr->gr_name, cur);
		endgrent();
	}
	return rc;
}

static const char *context_path(char **ctx, size_t nctx)
{
	struct stat st;

	for (size_t i = 0; i < nctx; i++)
		if (ctx[i][0] && ctx[i][0] != '-' && stat(ctx[i], &st) == 0)
			return ctx[i];
	return ".";
}

int fsx_complete_values(enum fsx_complete kind, const char *words,
			const char *cur, char **ctx, size_t nctx,
			struct fsx_compl *ret)
{
	struct value_walk w = { .c = ret, .cur = cur };
	char path[4096];

	switch (kind) {
	case COMPLETE_PATH:
	case COMPLETE_DIR:
	case COMPLETE_FILE:
		ret->files = kind;
		return 0;
	case COMPLETE_POOL:
		return lustre_pools_foreach(context_path(ctx, nctx), on_pool, &w);
	case COMPLETE_OST:
		return lustre_osts_foreach(context_path(ctx, nctx), on_ost, &w);
	case COMPLETE_FS:
	case COMPLETE_DRA:
	case COMPLETE_TASK:
	case COMPLETE_BACKUP:
		w.kind = fsx_complete_name(kind);
		if (idcache_path(path, sizeof(path)))
			return 0;
		return idcache_foreach(path, on_id, &w);
	case COMPLETE_WORDS:
		return words_values(words, cur, ret);
	case COMPLETE_USER:
	case COMPLETE_GROUP:
		return account_values(kind, cur, ret);
	default:
		return 0;
	}
}

static int list_commands(const struct fsx_cmd *const *table, const char *cur,
			 unsigned flags, struct fsx_compl *ret)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && table[i]; i++) {
		const struct fsx_cmd *c = table[i];

		if ((c->flags & CMD_HIDDEN) ||
		    ((flags & FSX_COMPLETE_REPL) && (c->flags & CMD_NOREPL)))
			continue;
		rc = add_if(ret, c->name, cur);
	}
	return rc;
}

static int list_options(const struct fsx_opt *opts, const char *cur,
			struct fsx_compl *ret)
{
	char buf[96];
	int rc = 0;

	for (const struct fsx_opt *o = opts; rc == 0 && o && o->kind != OPT_K_END; o++) {
		if (o->flags & OPTF_HIDDEN)
			continue;
		if (o->long_name) {
			snprintf(buf, sizeof(buf), "--%s%s", o->long_name,
				 (o->flags & OPTF_OPTARG) && strchr(cur, '=') ? "=" : "");
			rc = add_if(ret, buf, cur);
		}
		if (rc == 0 && o->short_name && strlen(cur) < 2) {
			snprintf(buf, sizeof(buf), "-%c", o->short_name);
			rc = add_if(ret, buf, cur);
		}
	}
	for (size_t i = 0; rc == 0 && i < 4; i++) /* --json --debug --quiet --help */
		rc = add_if(ret, global_opts[i], cur);
	return rc;
}

/* `--name=VAL`: complete VAL, keeping `--name=` in front. */
static int attached_value(const struct fsx_opt *o, const char *cur, char **ctx,
			  size_t nctx, struct fsx_compl *ret)
{
	const char *eq = strchr(cur, '=');
	struct fsx_compl vals = { 0 };
	int rc;

	if (!o || o->kind == OPT_K_FLAG || (o->flags & OPTF_NOARG))
		return 0;
	rc = fsx_complete_values(o->complete, o->words, eq + 1, ctx, nctx, &vals);
	ret->files = vals.files;
	for (size_t i = 0; rc == 0 && i < vals.n; i++) {
		char buf[512];

		snprintf(buf, sizeof(buf), "%.*s%s", (int)(eq - cur + 1), cur, vals.v[i]);
		rc = fsx_compl_add(ret, buf);
	}
	fsx_compl_release(&vals);
	return rc;
}

static int complete_args(const struct fsx_cmd *cmd, char **w, size_t n,
			 const char *cur, struct fsx_compl *ret)
{
	int only_args = 0;

	for (size_t j = 0; j < n; j++) {
		const struct fsx_opt *o;

		if (!strcmp(w[j], "--"))
			only_args = 1;
		if (only_args || !(o = pending(cmd->opts, w[j])))
			continue;
		if (j + 1 == n)
			return fsx_complete_values(o->complete, o->words, cur, w, n, ret);
		j++;
	}
	if (!only_args && !strncmp(cur, "--", 2) && strchr(cur, '='))
		return attached_value(fsx_opt_lookup(cmd->opts, cur), cur, w, n, ret);
	if (!only_args && cur[0] == '-')
		return list_options(cmd->opts, cur, ret);
	if (cmd->run && !strcmp(cmd->name, "help") && !cmd->sub)
		return n == 0 ? list_commands(fsx_commands, cur, 0, ret) : 0;
	return fsx_complete_values(cmd->args_complete, NULL, cur, w, n, ret);
}

int fsx_complete_line(const struct fsx_cmd *const *table, char **words,
		      size_t n, const char *cur, unsigned flags,
		      struct fsx_compl *ret)
{
	const struct fsx_cmd *cmd;
	size_t i = 0;
	int rc = 0;

	while (i < n && words[i][0] == '-')
		i++; /* global options */
	if (i == n && cur[0] == '-') {
		for (size_t j = 0; rc == 0 && global_opts[j]; j++)
			rc = add_if(ret, global_opts[j], cur);
	} else if (i == n) {
		rc = list_commands(table, cur, flags, ret);
		for (size_t j = 0; rc == 0 && (flags & FSX_COMPLETE_REPL) && repl_builtins[j]; j++)
			rc = add_if(ret, repl_builtins[j], cur);
	} else if ((flags & FSX_COMPLETE_REPL) && !strcmp(words[i], "cd")) {
		ret->files = i + 1 == n ? COMPLETE_DIR : COMPLETE_NONE;
	} else if ((cmd = fsx_cmd_find(table, words[i]))) {
		i++;
		if (cmd->sub && i == n)
			return list_commands(cmd->sub, cur, flags, ret);
		if (cmd->sub && !(cmd = fsx_cmd_find(cmd->sub, words[i++])))
			return 0;
		rc = complete_args(cmd, words + i, n - i, cur, ret);
	}
	fsx_compl_finish(ret);
	return rc;
}
