/* SPDX-License-Identifier: MIT */
/*
 * The layout options shared by setstripe and migrate (lfs's spellings and
 * meaning): one macro of rows filling a struct layout_spec in the request.
 */
#ifndef FSX_CMD_LAYOUT_OPTS_H
#define FSX_CMD_LAYOUT_OPTS_H

#include "cmd/cmd.h"
#include "layout/layout.h"

int layout_opt_count(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why);
int layout_opt_size(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why);
int layout_opt_index(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why);
int layout_opt_osts(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why);
int layout_opt_pool(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why);
int layout_opt_end(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why);
int layout_opt_pattern(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why);
int layout_opt_overstripe(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why);
int layout_opt_flags(void *req, const struct fsx_opt *o, const char *arg, struct fsx_why *why);

/* off: offsetof(request, the struct layout_spec member) */
#define FSX_LAYOUT_OPTS(off)                                                   \
	OPT_CB('c', "stripe-count", "COUNT", layout_opt_count,                 \
	       "stripe over COUNT OSTs (-1: all)", .offset = (off)),           \
	OPT_CB('S', "stripe-size", "SIZE", layout_opt_size,                    \
	       "bytes per stripe: K/M/G suffix, a multiple of 64K",            \
	       .offset = (off)),                                               \
	OPT_CB('i', "stripe-index", "INDEX", layout_opt_index,                 \
	       "first OST index (-1: any)", .offset = (off),                   \
	       .complete = COMPLETE_OST),                                      \
	OPT_CB('o', "ost", "LIST", layout_opt_osts,                            \
	       "exactly these OSTs, like 0,2,4-7", .offset = (off),            \
	       .complete = COMPLETE_OST),                                      \
	OPT_CB('p', "pool", "POOL", layout_opt_pool,                           \
	       "allocate from this OST pool", .offset = (off),                 \
	       .complete = COMPLETE_POOL),                                     \
	OPT_CB('E', "component-end", "END", layout_opt_end,                    \
	       "end this component at END (-1 or eof: end of file)",           \
	       .offset = (off)),                                               \
	OPT_CB('L', "layout", "mdt|raid0", layout_opt_pattern,                 \
	       "component pattern: mdt for Data-on-MDT (first, with -E)",      \
	       .offset = (off), .complete = COMPLETE_WORDS,                    \
	       .words = "mdt raid0"),                                          \
	OPT_CB('C', "overstripe-count", "COUNT", layout_opt_overstripe,        \
	       "overstriping: COUNT stripes, several per OST", .offset = (off)), \
	OPT_CB(0, "component-flags", "FLAGS", layout_opt_flags,                \
	       "component flags to set (prefer, nosync)", .offset = (off),     \
	       .complete = COMPLETE_WORDS, .words = "prefer nosync"),          \
	OPT_ALIAS("stripe_count", "stripe-count"),                             \
	OPT_ALIAS("stripe_size", "stripe-size"),                               \
	OPT_ALIAS("stripe_index", "stripe-index"),                             \
	OPT_ALIAS("stripe-offset", "stripe-index"),                            \
	OPT_ALIAS("ost-list", "ost"),                                          \
	OPT_ALIAS("comp-end", "component-end")

#endif
