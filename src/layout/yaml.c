/* SPDX-License-Identifier: MIT */
/*
 * setstripe --yaml: a layout template in the format getstripe --yaml
 * prints, read with libyaml (opened on first use). Numbers are read as
 * 64-bit values, so templates with extents past 2 GiB round-trip (lfs
 * 2.15 reads them through an int and does not). OST object lists are
 * ignored: a template describes striping, not placement.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h> /* types only: opened with dlopen */
#include "layout/layout.h"
#include "util/dl.h"

static DL_FN(yaml_parser_initialize);
static DL_FN(yaml_parser_set_input_string);
static DL_FN(yaml_parser_parse);
static DL_FN(yaml_parser_delete);
static DL_FN(yaml_event_delete);

static int yaml_load_lib(struct fsx_why *why)
{
	static void *lib;

	return dl_open_once(&lib, "libyaml-0.so.2", "libyaml-0-2", why,
			    DL_ARG(yaml_parser_initialize), DL_ARG(yaml_parser_set_input_string),
			    DL_ARG(yaml_parser_parse), DL_ARG(yaml_parser_delete),
			    DL_ARG(yaml_event_delete), NULL);
}

#define MAX_DEPTH 16

struct frame {
	bool is_map;
	bool want_key;
	char key[64];
};

struct tpl {
	struct layout_spec *s;
	int comp;	  /* current component, -1 for a plain template */
	uint64_t starts[LAYOUT_MAX_COMPS];
	unsigned seen;	  /* recognised keys */
	struct fsx_why *why;
	size_t line;
};

static struct layout_comp_spec *comp_of(struct tpl *t)
{
	unsigned i = t->comp < 0 ? 0 : (unsigned)t->comp;

	if (t->s->ncomps <= i) {
		for (unsigned j = t->s->ncomps; j <= i; j++)
			t->s->comps[j].stripe_offset = -1;
		t->s->ncomps = i + 1;
	}
	return &t->s->comps[i];
}

static int num(struct tpl *t, const char *key, const char *v, long long min, unsigned long long max,
	       long long *ret)
{
	char *end;
	long long x;

	errno = 0;
	if (v[0] == '-')
		x = strtoll(v, &end, 0);
	else
		x = (long long)strtoull(v, &end, 0);
	if (errno || *end || end == v || x < min || (x > 0 && (unsigned long long)x > max))
		return why_set(t->why, -EINVAL, "line %zu: %s: '%s' is not a valid value", t->line, key, v);
	*ret = x;
	return 0;
}

static int set_field(struct tpl *t, const char *key, const char *v)
{
	const char *k = !strncmp(key, "lmm_", 4) ? key + 4 : key;
	struct layout_comp_spec *c;
	long long x;
	int rc = 0;

	if (!strcmp(key, "lcme_extent.e_end") || !strcmp(key, "lcme_extent.e_start")) {
		uint64_t e;

		if (t->comp < 0)
			return why_set(t->why, -EINVAL, "line %zu: %s outside a component", t->line, key);
		if (!strcmp(v, "EOF") || !strcmp(v, "eof") || !strcmp(v, "-1"))
			e = LUSTRE_EOF;
		else if ((rc = num(t, key, v, 0, ~0ULL, &x)))
			return rc;
		else
			e = (uint64_t)x;
		c = comp_of(t);
		if (!strcmp(key, "lcme_extent.e_end"))
			c->end = e;
		else
			t->starts[t->comp] = e;
		t->s->composite = true;
	} else if (!strcmp(k, "stripe_count")) {
		if (!(rc = num(t, key, v, -1, LOV_MAX_STRIPE_COUNT, &x)))
			comp_of(t)->stripe_count = (int)x;
	} else if (!strcmp(k, "stripe_size")) {
		if (!(rc = num(t, key, v, 0, 0xFFFFFFFFULL, &x))) {
			if (x % LOV_MIN_STRIPE_SIZE)
				return why_set(t->why, -EINVAL, "line %zu: %s %lld is not a multiple of 64 KiB", t->line, key, x);
			comp_of(t)->stripe_size = (uint64_t)x;
		}
	} else if (!strcmp(k, "stripe_offset")) {
		if (!(rc = num(t, key, v, -1, LOV_V1_INSANE_STRIPE_COUNT, &x)))
			comp_of(t)->stripe_offset = (int)x;
	} else if (!strcmp(k, "pattern")) {
		c = comp_of(t);
		if (!strcmp(v, "mdt"))
			c->pattern = LOV_PATTERN_MDT;
		else if (!strcmp(v, "raid0"))
			c->pattern = LOV_PATTERN_RAID0;
		else if (!strcmp(v, "raid0,overstriped"))
			c->pattern = LOV_PATTERN_RAID0 | LOV_PATTERN_OVERSTRIPING;
		else
			return why_set(t->why, -EINVAL, "line %zu: pattern '%s' (want raid0, mdt or raid0,overstriped)", t->line, v);
	} else if (!strcmp(k, "pool")) {
		rc = layout_parse_pool(v, comp_of(t)->pool, t->why);
	} else if (!strcmp(key, "lcme_flags")) {
		uint32_t set, neg;

		if (layout_flags_parse(v, &set, &neg) && strcmp(v, "0"))
			return why_set(t->why, -EINVAL, "line %zu: lcme_flags '%s'", t->line, v);
		comp_of(t)->flags = strcmp(v, "0") ? set & (LCME_FL_PREF_RW | LCME_FL_NOSYNC) : 0;
	} else {
		return 0; /* ids, generations, objects, FIDs: not part of a template */
	}
	if (rc == 0)
		t->seen++;
	return rc;
}

static int on_scalar(struct tpl *t, struct frame *st, int depth, const char *val)
{
	struct frame *f = &st[depth];

	if (!f->is_map)
		return 0;
	if (f->want_key) {
		snprintf(f->key, sizeof(f->key), "%s", val);
		f->want_key = false;
		return 0;
	}
	f->want_key = true;
	if (depth > 0 && t->comp < 0 && strncmp(st[1].key, "component", 9))
		return 0;
	return set_field(t, f->key, val);
}

static int on_map_start(struct tpl *t, struct frame *st, int depth)
{
	struct frame *f = &st[depth];
	char *end;
	long n;

	if (f->is_map && !strncmp(f->key, "component", 9)) {
		n = strtol(f->key + 9, &end, 10);
		if (*end || n < 0 || n >= LAYOUT_MAX_COMPS)
			return why_set(t->why, -EINVAL, "line %zu: %s: component number out of range", t->line, f->key);
		t->comp = (int)n;
		comp_of(t);
	}
	return 0;
}

static int finish(struct tpl *t)
{
	struct layout_spec *s = t->s;
	uint64_t prev = 0;

	if (!t->seen || !s->ncomps)
		return why_set(t->why, -EINVAL, "not a layout template (no stripe_count, stripe_size or components found)");
	for (unsigned i = 0; s->composite && i < s->ncomps; i++) {
		if (!s->comps[i].end)
			return why_set(t->why, -EINVAL, "component%u has no lcme_extent.e_end", i);
		if (t->starts[i] != prev)
			return why_set(t->why, -EINVAL, "component%u starts at %llu, not where component%u ends (%llu)",
				       i, (unsigned long long)t->starts[i], i ? i - 1 : 0, (unsigned long long)prev);
		prev = s->comps[i].end;
	}
	s->any = true;
	return 0;
}

int layout_yaml_parse(const char *text, size_t len, struct layout_spec *s, struct fsx_why *why)
{
	struct tpl t = { .s = s, .comp = -1, .why = why };
	struct frame st[MAX_DEPTH];
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = -1, rc = yaml_load_lib(why);

	if (rc)
		return rc;
	if (!sym_yaml_parser_initialize(&parser))
		return why_set(why, -ENOMEM, "out of memory");
	sym_yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	for (bool done = false; !done && !rc;) {
		if (!sym_yaml_parser_parse(&parser, &ev)) {
			rc = why_set(why, -EINVAL, "line %zu: not YAML: %s", parser.problem_mark.line + 1,
				     parser.problem ? parser.problem : "syntax error");
			break;
		}
		t.line = ev.start_mark.line + 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (depth >= 0 && (rc = (ev.type == YAML_MAPPING_START_EVENT ?
							 on_map_start(&t, st, depth) : 0)))
				break;
			if (++depth >= MAX_DEPTH) {
				rc = why_set(why, -EINVAL, "line %zu: nested too deep", t.line);
				break;
			}
			st[depth] = (struct frame){ .is_map = ev.type == YAML_MAPPING_START_EVENT,
						    .want_key = true };
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			if (depth >= 0)
				st[depth].want_key = true;
			break;
		case YAML_SCALAR_EVENT:
			if (depth >= 0)
				rc = on_scalar(&t, st, depth, (const char *)ev.data.scalar.value);
			else
				rc = why_set(why, -EINVAL, "line %zu: a bare value, not a layout template", t.line);
			break;
		case YAML_ALIAS_EVENT:
			rc = why_set(why, -EINVAL, "line %zu: YAML aliases are not allowed in templates", t.line);
			break;
		default:
			break;
		}
		sym_yaml_event_delete(&ev);
	}
	sym_yaml_parser_delete(&parser);
	return rc ? rc : finish(&t);
}

int layout_yaml_load(const char *file, struct layout_spec *s, struct fsx_why *why)
{
	FILE *f = fopen(file, "r");
	char *buf;
	size_t n;
	int rc;

	if (!f)
		return why_set(why, -errno, "cannot open template: %s", strerror(errno));
	buf = malloc(1 << 20);
	if (!buf) {
		fclose(f);
		return why_set(why, -ENOMEM, "out of memory");
	}
	n = fread(buf, 1, (1 << 20) - 1, f);
	if (!feof(f)) {
		rc = why_set(why, -EFBIG, "template larger than 1 MiB");
	} else if (ferror(f)) {
		rc = why_set(why, -EIO, "cannot read template");
	} else {
		buf[n] = 0;
		rc = layout_yaml_parse(buf, n, s, why);
	}
	free(buf);
	fclose(f);
	return rc;
}
