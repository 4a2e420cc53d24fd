/* SPDX-License-Identifier: MIT */
/*
 * The AWS shared config and credentials files, parsed as botocore's
 * configparser does (aws-fsx-api.md §5.3): whole-line # and ; comments
 * only (no inline comments), case-blind keys, = or : separators, indented
 * continuation lines, nested `s3 =` sub-keys, duplicate sections or keys
 * an error. Pure: parses text already read.
 */
#ifndef FSX_AWS_INI_H
#define FSX_AWS_INI_H

#include <stddef.h>
#include "util/why.h"

struct aws_ini_kv {
	char *key;   /* lowercased; a nested key is "parent.sub" */
	char *value; /* trimmed */
};

struct aws_ini_section {
	char *name; /* as written between the brackets, trimmed */
	struct aws_ini_kv *kv;
	size_t nkv;
};

struct aws_ini {
	struct aws_ini_section *sec;
	size_t nsec;
};

#define AWS_INI_MAX (4 << 20) /* a bigger file is refused */

/* Parses text; on error why says `line N: what` and -EINVAL is returned. */
int aws_ini_parse(const char *text, size_t len, struct aws_ini **ret,
		  struct fsx_why *why);
struct aws_ini *aws_ini_free(struct aws_ini *ini);
const struct aws_ini_section *aws_ini_section(const struct aws_ini *ini,
					      const char *name);
/* The value of key in sec (case-blind key), or NULL. */
const char *aws_ini_get(const struct aws_ini_section *sec, const char *key);

#endif
