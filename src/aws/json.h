/* SPDX-License-Identifier: MIT */
/*
 * JSON for the FSx API: responses are parsed with cJSON (opened with
 * dlopen, never linked); requests are written by hand with the aws_jw_*
 * writer; aws_json_print() renders a tree as the AWS CLI does (4-space
 * indent, keys in response order).
 */
#ifndef FSX_AWS_JSON_H
#define FSX_AWS_JSON_H

#include <stdio.h>
#include <cjson/cJSON.h> /* types only */
#include "util/why.h"

int aws_json_load(struct fsx_why *why);
/* Parses text (len bytes); -EBADMSG with why saying where on bad JSON. */
int aws_json_parse(const char *text, size_t len, cJSON **ret,
		   struct fsx_why *why);
void aws_json_free(cJSON *j);

/* Member key of obj (exact case), or NULL; JSON null counts as absent. */
cJSON *aws_json_get(const cJSON *obj, const char *key);
/* A dotted path "Status.TotalCount" through objects. */
cJSON *aws_json_path(const cJSON *obj, const char *path);
const char *aws_json_str(const cJSON *obj, const char *path);
/* 0 and the number, or -ENOENT when absent or not a number. */
int aws_json_num(const cJSON *obj, const char *path, double *ret);
int aws_json_bool(const cJSON *obj, const char *path); /* 1, 0, -1 absent */
int aws_json_count(const cJSON *arr);
#define aws_json_each(el, arr) \
	for (el = (arr) ? (arr)->child : NULL; el; el = el->next)

/* Tree building for merged pages (cJSON functions, loaded). */
cJSON *aws_json_new_object(void);
cJSON *aws_json_new_array(void);
int aws_json_add(cJSON *obj, const char *key, cJSON *item);
/* Moves every element of from into to (both arrays). */
void aws_json_move_items(cJSON *to, cJSON *from);
cJSON *aws_json_detach(cJSON *obj, const char *key);
/* Removes item from parent and frees it. */
void aws_json_drop(cJSON *parent, cJSON *item);

/* Prints j as the AWS CLI's json output does, then a newline. */
void aws_json_print(FILE *out, const cJSON *j);
/* The same for an object, with "version": version as its first member. */
void aws_json_print_versioned(FILE *out, const cJSON *j, int version);
/* One number as the API wrote it would read: integers bare, else %.15g..%.17g */
void aws_json_print_num(FILE *out, double d);

/* A tiny streaming writer for request bodies. */
struct aws_jw {
	FILE *f;
	char *buf;
	size_t len;
	unsigned first; /* bit per depth: nothing written yet at that depth */
	int depth;
};
int aws_jw_open(struct aws_jw *w);
char *aws_jw_close(struct aws_jw *w, size_t *ret_len); /* malloc'd body */
void aws_jw_obj(struct aws_jw *w, const char *key);    /* key NULL in arrays */
void aws_jw_arr(struct aws_jw *w, const char *key);
void aws_jw_end_obj(struct aws_jw *w);
void aws_jw_end_arr(struct aws_jw *w);
void aws_jw_str(struct aws_jw *w, const char *key, const char *v);
void aws_jw_int(struct aws_jw *w, const char *key, long long v);
void aws_jw_bool(struct aws_jw *w, const char *key, int v);
/* A JSON string literal of s to out. */
void aws_json_quote(FILE *out, const char *s);

#endif
