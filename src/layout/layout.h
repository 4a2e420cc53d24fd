/* SPDX-License-Identifier: MIT */
/*
 * Layouts: the lustre.lov wire format (plain V1/V3 and composite PFL),
 * validated, printed exactly as lfs 2.15 prints them (text and YAML), as
 * JSON, and built from setstripe's options or a YAML template.
 */
#ifndef FSX_LAYOUT_LAYOUT_H
#define FSX_LAYOUT_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "lustre/uapi.h"
#include "util/why.h"

/* getstripe selection bits, as lfs numbers them */
enum lov_verbose {
	VERBOSE_STRIPE_COUNT = 0x1,
	VERBOSE_STRIPE_SIZE = 0x2,
	VERBOSE_STRIPE_OFFSET = 0x4,
	VERBOSE_POOL = 0x8,
	VERBOSE_DETAIL = 0x10,
	VERBOSE_OBJID = 0x20,
	VERBOSE_GENERATION = 0x40,
	VERBOSE_MDTINDEX = 0x80,
	VERBOSE_PATTERN = 0x100,
	VERBOSE_COMP_COUNT = 0x200,
	VERBOSE_COMP_FLAGS = 0x400,
	VERBOSE_COMP_START = 0x800,
	VERBOSE_COMP_END = 0x1000,
	VERBOSE_COMP_ID = 0x2000,
	VERBOSE_DFID = 0x4000,
	VERBOSE_HASH_TYPE = 0x8000,
	VERBOSE_MIRROR_COUNT = 0x10000,
	VERBOSE_MIRROR_ID = 0x20000,
	VERBOSE_EXT_SIZE = 0x40000,
	VERBOSE_DEFAULT = 0x1FBF6F,
};

/* A value filter like lfs's find-style comparisons: sign -1, 0, +1. */
struct lov_range {
	bool set;
	int sign;
	uint64_t value;
	uint64_t units;
};

/* What and how getstripe prints one layout. */
struct lov_print {
	unsigned verbose;
	int depth; /* 0: no path line */
	bool yaml;
	bool raw;
	bool is_dir;
	const char *path;
	struct lu_fid dir_fid; /* directories: their own FID, for lmm_fid */
	unsigned def_stripe_count; /* filesystem defaults for a dir's 0 values */
	uint64_t def_stripe_size;
	bool check_comp_id;
	uint32_t comp_id;
	bool check_comp_flags;
	uint32_t comp_flags, comp_neg_flags;
	struct lov_range comp_start, comp_end;
	bool forge_composite; /* a component selector/filter on a plain layout */
	int obd_index;	      /* -O: -1 for none */
};

/*
 * Checks that a blob is a layout whose every structure lies inside len
 * bytes. Returns 0, or -EBADMSG with why saying what is wrong and where.
 */
int layout_check(const void *blob, size_t len, bool is_dir, struct fsx_why *why);

/* lfs's text or YAML dump of one layout; the blob must pass layout_check. */
void layout_print_lfs(FILE *out, const void *blob, size_t len,
		      const struct lov_print *p);
/* Our JSON shape (docs/json.md): one object, no trailing newline. */
void layout_print_json(FILE *out, const void *blob, size_t len, bool is_dir);

/* Names */
const char *layout_pattern_name(uint32_t pattern, char *buf, size_t len);
void layout_flags_name(uint32_t flags, char *buf, size_t len);
int layout_flags_parse(const char *s, uint32_t *set, uint32_t *neg);

/* FID helpers (§2) */
void layout_ostid_to_fid(const struct ost_id *oi, uint32_t idx, struct lu_fid *fid);
uint64_t layout_ostid_seq(const struct ost_id *oi);
uint64_t layout_ostid_id(const struct ost_id *oi);

/* ---- building layouts (setstripe, migrate) ---- */

#define LAYOUT_MAX_COMPS 64
#define LAYOUT_MAX_OSTS	 2000

struct layout_comp_spec {
	uint64_t end;	       /* LUSTRE_EOF for -1/eof */
	uint64_t stripe_size;  /* 0: default */
	int stripe_count;      /* 0: default, -1: all */
	int stripe_offset;     /* -1: default */
	uint32_t pattern;      /* RAID0, MDT, RAID0|OVERSTRIPING */
	uint32_t flags;	       /* --component-flags */
	char pool[LOV_MAXPOOLNAME + 1];
	uint16_t nosts;	       /* -o list */
	uint32_t *osts;
	bool size_set, count_set, pool_set;
};

struct layout_spec {
	bool any;	/* some layout option was given */
	bool composite; /* any -E given */
	unsigned ncomps;
	struct layout_comp_spec comps[LAYOUT_MAX_COMPS];
};

void layout_spec_release(struct layout_spec *s);
/* Option values, each with lfs's rules; -EINVAL/-ERANGE and why on error. */
int layout_parse_stripe_size(const char *s, uint64_t *ret, struct fsx_why *why);
int layout_parse_stripe_count(const char *s, int *ret, struct fsx_why *why);
int layout_parse_stripe_offset(const char *s, int *ret, struct fsx_why *why);
int layout_parse_comp_end(const char *s, uint64_t *ret, struct fsx_why *why);
int layout_parse_pool(const char *s, char *ret, struct fsx_why *why);
int layout_parse_ost_list(const char *s, uint32_t **ret, uint16_t *ret_n,
			  struct fsx_why *why);
/* Checks the whole spec (extents increase, alignment, DoM rules). */
int layout_spec_validate(const struct layout_spec *s, struct fsx_why *why);
/* Encodes the spec as lfs would send it; caller frees *ret. */
int layout_spec_encode(const struct layout_spec *s, void **ret, size_t *ret_len,
		       struct fsx_why *why);
/* A YAML template (getstripe --yaml output) into a spec. */
int layout_yaml_load(const char *file, struct layout_spec *s, struct fsx_why *why);
int layout_yaml_parse(const char *text, size_t len, struct layout_spec *s,
		      struct fsx_why *why);

#endif
