/* SPDX-License-Identifier: MIT */
/*
 * The command table: one row per command, one row per option. Dispatch,
 * --help, `fsxctl help`, the REPL, the completion scripts and the man
 * pages' synopses all read these rows (DESIGN.md §1, STYLE.md §2).
 */
#ifndef FSX_CMD_CMD_H
#define FSX_CMD_CMD_H

#include <stddef.h>
#include <stdio.h>
#include "util/jsonout.h"
#include "util/why.h"

enum fsx_exit {
	FSX_EXIT_OK = 0,
	FSX_EXIT_FAIL = 1,    /* an operation failed (bulk: some items failed) */
	FSX_EXIT_USAGE = 2,   /* bad command line */
	FSX_EXIT_TIMEOUT = 3, /* --wait gave up at --timeout */
};

enum fsx_ctx_flags {
	FSX_JSON = 1 << 0,
	FSX_DEBUG = 1 << 1,
	FSX_QUIET = 1 << 2,
	FSX_REPL = 1 << 3, /* running inside the REPL or `shell < script` */
};

struct fsx_ctx {
	FILE *out;
	FILE *err;
	const char *cmd; /* "getstripe", "dra create": for messages */
	unsigned flags;
};

/* What a value completes to (REPL and generated completion scripts). */
enum fsx_complete {
	COMPLETE_NONE = 0,
	COMPLETE_PATH,
	COMPLETE_DIR,
	COMPLETE_FILE,
	COMPLETE_POOL,
	COMPLETE_OST,
	COMPLETE_FS,
	COMPLETE_DRA,
	COMPLETE_TASK,
	COMPLETE_BACKUP,
	COMPLETE_WORDS, /* the space-separated .words */
	COMPLETE_USER,
	COMPLETE_GROUP,
};

enum fsx_opt_kind {
	OPT_K_END = 0,
	OPT_K_FLAG,	/* no value: stores .val into an int */
	OPT_K_STR,	/* const char * into the request */
	OPT_K_CALLBACK, /* .cb(req, opt, arg): order-sensitive options */
	OPT_K_ALIAS,	/* another spelling of .alias_of */
};

enum fsx_opt_flags {
	OPTF_OPTARG = 1 << 0, /* value optional: -Xval / --name=val only */
	OPTF_NOARG = 1 << 1,  /* callback takes no value */
	OPTF_SECRET = 1 << 2, /* value blanked in argv, redacted in --debug */
	OPTF_HIDDEN = 1 << 3, /* not in --help, completion or man pages */
};

struct fsx_opt;
typedef int (*fsx_opt_cb)(void *req, const struct fsx_opt *opt,
			  const char *arg, struct fsx_why *why);

struct fsx_opt {
	enum fsx_opt_kind kind;
	int short_name;
	const char *long_name;
	const char *argh; /* value hint: "SIZE" */
	size_t offset;	  /* target field in the request */
	int val;	  /* OPT_K_FLAG: value stored */
	const char *help;
	unsigned flags;
	enum fsx_complete complete;
	const char *words; /* COMPLETE_WORDS */
	fsx_opt_cb cb;
	const char *alias_of; /* OPT_K_ALIAS: the long name it stands for */
};

#define FSX_FIELD(type, m) offsetof(type, m)

#define OPT_FLAG(s, l, off, v, h, ...)                                         \
	{ .kind = OPT_K_FLAG, .short_name = (s), .long_name = (l),             \
	  .offset = (off), .val = (v), .help = (h), __VA_ARGS__ }
#define OPT_STR(s, l, a, off, h, ...)                                          \
	{ .kind = OPT_K_STR, .short_name = (s), .long_name = (l), .argh = (a), \
	  .offset = (off), .help = (h), __VA_ARGS__ }
#define OPT_CB(s, l, a, f, h, ...)                                             \
	{ .kind = OPT_K_CALLBACK, .short_name = (s), .long_name = (l),         \
	  .argh = (a), .cb = (f), .help = (h), __VA_ARGS__ }
#define OPT_ALIAS(l, target)                                                   \
	{ .kind = OPT_K_ALIAS, .long_name = (l), .alias_of = (target),         \
	  .flags = OPTF_HIDDEN }
#define OPT_END()                                                              \
	{ .kind = OPT_K_END }

/* Positional arguments: the first member of every request struct. */
struct fsx_args {
	char **v;
	size_t n;
};

enum fsx_cmd_flags {
	CMD_LUSTRE = 1 << 0, /* works on a mounted Lustre filesystem */
	CMD_AWS = 1 << 1,    /* calls the FSx API */
	CMD_BULK = 1 << 2,   /* many paths, streams */
	CMD_HIDDEN = 1 << 3, /* not listed (internal verbs) */
	CMD_NOREPL = 1 << 4, /* not offered inside the REPL */
};

struct fsx_cmd {
	const char *name;
	const char *const *aliases; /* NULL-terminated, or NULL */
	const char *summary;
	const char *usage; /* after "fsxctl NAME " */
	const char *description; /* longer text for --help and man pages */
	const struct fsx_opt *opts;
	size_t req_size;
	void (*init)(void *req);    /* defaults before parsing */
	void (*release)(void *req); /* frees what callbacks allocated */
	int (*run)(struct fsx_ctx *ctx, void *req);
	const struct fsx_cmd *const *sub; /* a group: `fsxctl dra create` */
	unsigned flags;
	enum fsx_complete args_complete; /* what positionals complete to */
};

/* The sorted table of top-level commands (commands.c), NULL-terminated. */
extern const struct fsx_cmd *const fsx_commands[];

const struct fsx_cmd *fsx_cmd_find(const struct fsx_cmd *const *table,
				   const char *name);
const char *fsx_cmd_suggest(const struct fsx_cmd *const *table,
			    const char *name);
/* Runs argv[0] (a command name) with its arguments; returns an exit code. */
int fsx_cmd_exec(struct fsx_ctx *ctx, const struct fsx_cmd *const *table,
		 int argc, char **argv);
void fsx_cmd_help(FILE *out, const char *prefix, const struct fsx_cmd *cmd);
void fsx_commands_list(FILE *out, const struct fsx_cmd *const *table,
		       const char *prefix);

/* Options: parse argv into req by the rows; 0 or an exit code. */
int fsx_opt_parse(struct fsx_ctx *ctx, const struct fsx_cmd *cmd, void *req,
		  int argc, char **argv);
int fsx_opt_is_global(const char *arg);

/* Messages: `fsxctl: CMD: SUBJECT: msg (strerror)` on ctx->err. */
void fsx_err(const struct fsx_ctx *ctx, const char *subject, int rc,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A usage error: the message, then `Try 'fsxctl CMD --help'.`; returns 2. */
int fsx_usage(const struct fsx_ctx *ctx, const char *subject,
	      const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prints s as a JSON string (the one escaper, util/jsonout.c). */
static inline void fsx_json_str(FILE *out, const char *s)
{
	json_put_str(out, s);
}

#endif
