/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "util/jsonout.h"
#include "aws/json.h"
#include "util/dl.h"

static DL_FN(cJSON_ParseWithLengthOpts);
static DL_FN(cJSON_Delete);
static DL_FN(cJSON_CreateObject);
static DL_FN(cJSON_CreateArray);
static DL_FN(cJSON_AddItemToObject);
static DL_FN(cJSON_AddItemToArray);
static DL_FN(cJSON_DetachItemViaPointer);

int aws_json_load(struct fsx_why *why)
{
	static void *lib;

	return dl_open_once(&lib, "libcjson.so.1", "libcjson1", why,
			    DL_ARG(cJSON_ParseWithLengthOpts),
			    DL_ARG(cJSON_Delete), DL_ARG(cJSON_CreateObject),
			    DL_ARG(cJSON_CreateArray),
			    DL_ARG(cJSON_AddItemToObject),
			    DL_ARG(cJSON_AddItemToArray),
			    DL_ARG(cJSON_DetachItemViaPointer), NULL);
}

int aws_json_parse(const char *text, size_t len, cJSON **ret,
		   struct fsx_why *why)
{
	const char *end = NULL;
	cJSON *j;
	int rc = aws_json_load(why);

	if (rc)
		return rc;
	if (!len)
		return why_set(why, -EBADMSG, "empty response body");
	j = sym_cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!j) {
		size_t at = end && end >= text ? (size_t)(end - text) : 0;

		return why_set(
			why, -EBADMSG,
			"response JSON malformed or truncated at byte %zu of %zu",
			at, len);
	}
	while (end && (size_t)(end - text) < len && strchr(" \t\r\n", *end) &&
	       *end)
		end++;
	if (end && (size_t)(end - text) < len) {
		sym_cJSON_Delete(j);
		return why_set(
			why, -EBADMSG,
			"malformed response JSON: data after the value at byte %zu",
			(size_t)(end - text));
	}
	*ret = j;
	return 0;
}

void aws_json_free(cJSON *j)
{
	if (j)
		sym_cJSON_Delete(j);
}

cJSON *aws_json_get(const cJSON *obj, const char *key)
{
	cJSON *c;

	if (!obj || !(obj->type & cJSON_Object))
		return NULL;
	for (c = obj->child; c; c = c->next)
		if (c->string && !strcmp(c->string, key))
			return (c->type & cJSON_NULL) ? NULL : c;
	return NULL;
}

cJSON *aws_json_path(const cJSON *obj, const char *path)
{
	char part[128];
	const char *dot;
	cJSON *cur = (cJSON *)obj;

	while (cur && path) {
		dot = strchr(path, '.');
		snprintf(part, sizeof(part), "%.*s",
			 (int)(dot ? (size_t)(dot - path) : strlen(path)),
			 path);
		cur = aws_json_get(cur, part);
		path = dot ? dot + 1 : NULL;
	}
	return cur;
}

const char *aws_json_str(const cJSON *obj, const char *path)
{
	cJSON *j = aws_json_path(obj, path);

	return j && (j->type & cJSON_String) ? j->valuestring : NULL;
}

int aws_json_num(const cJSON *obj, const char *path, double *ret)
{
	cJSON *j = aws_json_path(obj, path);

	if (!j || !(j->type & cJSON_Number))
		return -ENOENT;
	*ret = j->valuedouble;
	return 0;
}

int aws_json_bool(const cJSON *obj, const char *path)
{
	cJSON *j = aws_json_path(obj, path);

	if (!j || !(j->type & (cJSON_True | cJSON_False)))
		return -1;
	return !!(j->type & cJSON_True);
}

int aws_json_count(const cJSON *arr)
{
	int n = 0;

	for (cJSON *c = arr ? arr->child : NULL; c; c = c->next)
		n++;
	return n;
}

cJSON *aws_json_new_object(void)
{
	return sym_cJSON_CreateObject();
}

cJSON *aws_json_new_array(void)
{
	return sym_cJSON_CreateArray();
}

int aws_json_add(cJSON *obj, const char *key, cJSON *item)
{
	return sym_cJSON_AddItemToObject(obj, key, item) ? 0 : -ENOMEM;
}

void aws_json_move_items(cJSON *to, cJSON *from)
{
	cJSON *c;

	while (from && (c = from->child))
		sym_cJSON_AddItemToArray(
			to, sym_cJSON_DetachItemViaPointer(from, c));
}

cJSON *aws_json_detach(cJSON *obj, const char *key)
{
	cJSON *c = obj ? aws_json_get(obj, key) : NULL;

	return c ? sym_cJSON_DetachItemViaPointer(obj, c) : NULL;
}

void aws_json_drop(cJSON *parent, cJSON *item)
{
	sym_cJSON_Delete(sym_cJSON_DetachItemViaPointer(parent, item));
}

void aws_json_quote(FILE *out, const char *s)
{
	json_put_str(out, s);
}

void aws_json_print_num(FILE *out, double d)
{
	char buf[64];

	if (d != d || d > 1e308 || d < -1e308) {
		fputs("null", out);
		return;
	}
	if (d < 1e17 && d > -1e17 && d == (double)(long long)d) {
		fprintf(out, "%.0f", d);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	fputs(buf, out);
}

static void print_rec(FILE *out, const cJSON *j, int depth, int version)
{
	const cJSON *c;
	int open = j->type & (cJSON_Object | cJSON_Array);

	if (j->type & cJSON_String)
		aws_json_quote(out, j->valuestring);
	else if (j->type & cJSON_Number)
		aws_json_print_num(out, j->valuedouble);
	else if (j->type & cJSON_True)
		fputs("true", out);
	else if (j->type & cJSON_False)
		fputs("false", out);
	else if (!open)
		fputs("null", out);
	if (!open)
		return;
	fputc((j->type & cJSON_Object) ? '{' : '[', out);
	if (version)
		fprintf(out, "\n%*s\"version\": %d%s", (depth + 1) * 4, "",
			version, j->child ? "," : "");
	for (c = j->child; c; c = c->next) {
		fprintf(out, "\n%*s", (depth + 1) * 4, "");
		if (j->type & cJSON_Object) {
			aws_json_quote(out, c->string ? c->string : "");
			fputs(": ", out);
		}
		print_rec(out, c, depth + 1, 0);
		if (c->next)
			fputc(',', out);
	}
	if (j->child || version)
		fprintf(out, "\n%*s", depth * 4, "");
	fputc((j->type & cJSON_Object) ? '}' : ']', out);
}

void aws_json_print(FILE *out, const cJSON *j)
{
	print_rec(out, j, 0, 0);
	fputc('\n', out);
}

void aws_json_print_versioned(FILE *out, const cJSON *j, int version)
{
	print_rec(out, j, 0, (j->type & cJSON_Object) ? version : 0);
	fputc('\n', out);
}

int aws_jw_open(struct aws_jw *w)
{
	memset(w, 0, sizeof(*w));
	w->f = open_memstream(&w->buf, &w->len);
	w->first = 1;
	return w->f ? 0 : -ENOMEM;
}

char *aws_jw_close(struct aws_jw *w, size_t *ret_len)
{
	if (fclose(w->f)) {
		free(w->buf);
		return NULL;
	}
	if (ret_len)
		*ret_len = w->len;
	return w->buf;
}

static void sep(struct aws_jw *w, const char *key)
{
	if (!(w->first & (1u << w->depth)))
		fputc(',', w->f);
	w->first &= ~(1u << w->depth);
	if (key) {
		aws_json_quote(w->f, key);
		fputc(':', w->f);
	}
}

static void open_level(struct aws_jw *w, const char *key, char c)
{
	if (w->depth)
		sep(w, key);
	fputc(c, w->f);
	w->depth++;
	w->first |= 1u << w->depth;
}

void aws_jw_obj(struct aws_jw *w, const char *key)
{
	open_level(w, key, '{');
}

void aws_jw_arr(struct aws_jw *w, const char *key)
{
	open_level(w, key, '[');
}

void aws_jw_end_obj(struct aws_jw *w)
{
	w->depth--;
	fputc('}', w->f);
}

void aws_jw_end_arr(struct aws_jw *w)
{
	w->depth--;
	fputc(']', w->f);
}

void aws_jw_str(struct aws_jw *w, const char *key, const char *v)
{
	sep(w, key);
	aws_json_quote(w->f, v);
}

void aws_jw_int(struct aws_jw *w, const char *key, long long v)
{
	sep(w, key);
	fprintf(w->f, "%lld", v);
}

void aws_jw_bool(struct aws_jw *w, const char *key, int v)
{
	sep(w, key);
	fputs(v ? "true" : "false", w->f);
}
