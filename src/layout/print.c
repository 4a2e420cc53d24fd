/* SPDX-License-Identifier: MIT */
/*
 * getstripe's text and YAML output, byte for byte as lfs 2.15 prints it
 * (lustre-abi.md §8.1). The rules read fields straight from the blob, as
 * lfs does, including its quirks (an object slot read where a sub-layout
 * has none prints what lies there, or 0 past the end of the blob). Every
 * read is bounded by the blob; layout_check() has vetted the structure.
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include "layout/layout.h"

struct blob {
	const uint8_t *b;
	size_t len;
};

static uint64_t rd(const struct blob *bl, size_t off, size_t n)
{
	uint64_t v = 0;

	if (off >= bl->len || n > bl->len - off)
		return 0; /* lfs's buffer is zero past the blob */
	memcpy(&v, bl->b + off, n);
	return v;
}

#define RD8(bl, o)  ((uint8_t)rd(bl, o, 1))
#define RD16(bl, o) ((uint16_t)rd(bl, o, 2))
#define RD32(bl, o) ((uint32_t)rd(bl, o, 4))
#define RD64(bl, o) rd(bl, o, 8)

/* Unlocked output without format parsing: most of getstripe -r's time. */
static void put(FILE *out, const char *s)
{
	fputs_unlocked(s, out);
}

static void put_u(FILE *out, unsigned long long v)
{
	char b[24], *p = b + sizeof(b) - 1;

	*p = 0;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	fputs_unlocked(p, out);
}

static void put_d(FILE *out, long long v)
{
	if (v < 0) {
		fputc_unlocked('-', out);
		put_u(out, 0ULL - (unsigned long long)v);
	} else {
		put_u(out, (unsigned long long)v);
	}
}

/* "%#llx": 0 prints "0", anything else "0x..." */
static void put_x(FILE *out, unsigned long long v, bool alt)
{
	char b[24], *p = b + sizeof(b) - 1;

	*p = 0;
	do
		*--p = "0123456789abcdef"[v & 15];
	while (v >>= 4);
	if (alt && !(p[0] == '0' && !p[1]))
		fputs_unlocked("0x", out);
	fputs_unlocked(p, out);
}

/* "[%#llx:0x%x:0x%x]" or without brackets */
static void put_fid(FILE *out, unsigned long long seq, uint32_t oid, uint32_t ver, bool brace)
{
	if (brace)
		fputc_unlocked('[', out);
	put_x(out, seq, true);
	put(out, ":0x");
	put_x(out, oid, false);
	put(out, ":0x");
	put_x(out, ver, false);
	if (brace)
		fputc_unlocked(']', out);
}

enum dump_flags {
	LDF_IS_DIR = 1 << 0,
	LDF_INDENT = 1 << 1,
	LDF_YAML = 1 << 2,
	LDF_SKIP_OBJS = 1 << 3,
	LDF_EXTENSION = 1 << 4,
	LDF_IS_RAW = 1 << 5,
};

static size_t v1v3_hdr(uint32_t magic)
{
	return magic == LOV_MAGIC_V1 ? 32 : 48;
}

static void label(FILE *out, const char *space, const char *prefix, const char *name)
{
	put(out, space);
	put(out, prefix);
	put(out, name);
}

/* the sub-layout header fields (§8.1.2 rules 1-11) */
static void dump_header(FILE *out, const struct blob *bl, size_t o,
			const struct lov_print *p, unsigned flags)
{
	unsigned v = p->verbose;
	bool is_dir = flags & LDF_IS_DIR, yaml = flags & LDF_YAML;
	bool indent = flags & LDF_INDENT, ext = flags & LDF_EXTENSION;
	bool skip = flags & LDF_SKIP_OBJS;
	const char *prefix = is_dir ? "" : "lmm_", *space = indent ? "      " : "";
	const char *sep = "", *dsep = (!yaml && is_dir) ? " " : "\n";
	uint32_t magic = RD32(bl, o), pattern = RD32(bl, o + 4);
	uint64_t oi_id = RD64(bl, o + 8), oi_seq = RD64(bl, o + 16);
	uint32_t ssize = RD32(bl, o + 24);
	uint16_t scount = RD16(bl, o + 28), soff = RD16(bl, o + 30);
	char pool[LOV_MAXPOOLNAME + 1] = "", buf[64];

	if (magic == LOV_MAGIC_V3 || magic == LOV_MAGIC_SPECIFIC)
		for (size_t i = 0; i < LOV_MAXPOOLNAME; i++)
			pool[i] = (char)RD8(bl, o + 32 + i);

	if (is_dir && oi_seq == FID_SEQ_LOV_DEFAULT) {
		oi_seq = 0;
		if (!indent && (v & VERBOSE_DETAIL)) {
			put(out, space);
			put(out, "(Default) ");
		}
	}
	if (!yaml && !indent && p->depth && p->path &&
	    (v != VERBOSE_OBJID || !is_dir)) {
		put(out, p->path);
		put(out, "\n");
	}
	if ((v & VERBOSE_DETAIL) && !is_dir) {
		fprintf(out, "%s%smagic:         0x%08X\n", space, prefix, magic);
		fprintf(out, "%s%sseq:           %#jx\n", space, prefix, (uintmax_t)oi_seq);
		fprintf(out, "%s%sobject_id:     %#jx\n", space, prefix, (uintmax_t)oi_id);
	}
	if (v & (VERBOSE_DETAIL | VERBOSE_DFID)) {
		unsigned long long seq = oi_seq;
		uint32_t oid = (uint32_t)oi_id, ver = (uint32_t)(oi_id >> 32);

		if (v & ~VERBOSE_DFID) {
			put(out, space);
			put(out, "lmm_fid:           ");
		}
		if (is_dir) {
			seq = p->dir_fid.f_seq;
			oid = p->dir_fid.f_oid;
			ver = p->dir_fid.f_ver;
		}
		put_fid(out, seq, oid, ver, !yaml);
		put(out, "\n");
	}
	if (v & VERBOSE_STRIPE_COUNT) {
		if (v & ~VERBOSE_STRIPE_COUNT)
			label(out, space, prefix, "stripe_count:  ");
		if (is_dir && !p->raw && scount == 0 &&
		    (pattern & ~LOV_PATTERN_F_MASK) != LOV_PATTERN_MDT)
			put_d(out, (int)p->def_stripe_count);
		else if (is_dir)
			put_d(out, ext ? 0 : (int)(int16_t)scount);
		else
			put_d(out, ext ? 0 : (short)scount);
		sep = dsep;
	}
	if (((v & VERBOSE_STRIPE_SIZE) && !ext) || ((v & VERBOSE_EXT_SIZE) && ext)) {
		put(out, sep);
		if ((v & ~VERBOSE_EXT_SIZE) && ext)
			label(out, space, prefix, "extension_size: ");
		if ((v & ~VERBOSE_STRIPE_SIZE) && !ext)
			label(out, space, prefix, "stripe_size:   ");
		if (is_dir && !p->raw && ssize == 0)
			put_u(out, p->def_stripe_size);
		else
			put_u(out, ext ? (unsigned long long)ssize * 1024 : ssize);
		sep = dsep;
	}
	if (v & VERBOSE_PATTERN) {
		put(out, sep);
		if (v & ~VERBOSE_PATTERN)
			label(out, space, prefix, "pattern:       ");
		fputs(layout_pattern_name(pattern, buf, sizeof(buf)), out);
		sep = dsep;
	}
	if ((v & VERBOSE_GENERATION) && !is_dir) {
		put(out, sep);
		if (v & ~VERBOSE_GENERATION)
			label(out, space, prefix, "layout_gen:    ");
		put_u(out, skip ? 0 : soff);
		sep = "\n";
	}
	if (v & VERBOSE_STRIPE_OFFSET) {
		put(out, sep);
		if (v & ~VERBOSE_STRIPE_OFFSET)
			label(out, space, prefix, "stripe_offset: ");
		if (is_dir || skip)
			put_d(out, soff == 0xFFFF ? -1 : (int)soff);
		else if ((pattern & ~LOV_PATTERN_F_MASK) == LOV_PATTERN_MDT)
			fputs("0", out);
		else
			put_u(out, RD32(bl, o + v1v3_hdr(magic) + 20));
		sep = dsep;
	}
	if ((v & VERBOSE_POOL) && pool[0] && (strcmp(pool, "ignore") || p->raw)) {
		put(out, sep);
		if (v & ~VERBOSE_POOL)
			label(out, space, prefix, "pool:          ");
		fputs(pool, out);
		sep = dsep;
	}
	if (*sep)
		fputc_unlocked('\n', out);
}

static bool has_ost(const struct blob *bl, size_t o, int idx)
{
	uint32_t magic = RD32(bl, o);
	uint16_t n = RD16(bl, o + 28);
	size_t h = v1v3_hdr(magic);

	for (unsigned i = 0; i < n && h + 24 * (i + 1) <= bl->len - o; i++)
		if (RD32(bl, o + h + 24 * i + 20) == (uint32_t)idx)
			return true;
	return false;
}

/* a plain layout, or one component's sub-layout (lov_dump_user_lmm_v1v3) */
static void dump_v1v3(FILE *out, const struct blob *bl, size_t o,
		      const struct lov_print *p, unsigned flags)
{
	bool is_dir = flags & LDF_IS_DIR, skip = flags & LDF_SKIP_OBJS;
	bool yaml = flags & LDF_YAML, indent = flags & LDF_INDENT;
	uint32_t magic = RD32(bl, o), pattern = RD32(bl, o + 4);
	uint16_t count = RD16(bl, o + 28);
	size_t h = v1v3_hdr(magic);

	if (p->obd_index >= 0 && !skip && !is_dir && !indent &&
	    !has_ost(bl, o, p->obd_index))
		return;
	dump_header(out, bl, o, p, flags);
	if (!is_dir && !skip && (p->verbose & VERBOSE_OBJID) &&
	    !(pattern & LOV_PATTERN_F_RELEASED) &&
	    (pattern & ~LOV_PATTERN_F_MASK) != LOV_PATTERN_MDT) {
		if (indent)
			fprintf(out, "%6slmm_objects:\n", " ");
		else if (yaml)
			fprintf(out, "lmm_objects:\n");
		else
			fprintf(out, "\tobdidx\t\t objid\t\t objid\t\t group\n");
		for (unsigned i = 0; i < count; i++) {
			size_t x = o + h + 24 * (size_t)i;
			struct ost_id oi = { .oi = { RD64(bl, x), RD64(bl, x + 8) } };
			uint32_t idx = RD32(bl, x + 20);
			unsigned long long oid = layout_ostid_id(&oi);
			unsigned long long gr = layout_ostid_seq(&oi);
			struct lu_fid fid;

			if (p->obd_index >= 0 && (uint32_t)p->obd_index != idx)
				continue;
			layout_ostid_to_fid(&oi, idx, &fid);
			if (yaml) {
				fprintf(out, "      - l_ost_idx: %d\n", (int)idx);
				fprintf(out, "%8sl_fid:     %#llx:0x%x:0x%x\n", " ",
					(unsigned long long)fid.f_seq, fid.f_oid, fid.f_ver);
			} else if (indent) {
				put(out, "      - ");
				put_u(out, i);
				put(out, ": { l_ost_idx: ");
				put_d(out, (int)idx);
				put(out, ", l_fid: ");
				put_fid(out, fid.f_seq, fid.f_oid, fid.f_ver, true);
				put(out, " }\n");
			} else {
				fprintf(out, gr > 11 ? "\t%6u\t%14llu\t%#13llx\t%#14llx%s\n" :
						       "\t%6u\t%14llu\t%#13llx\t%14llu%s\n",
					idx, oid, oid, gr,
					p->obd_index >= 0 && (uint32_t)p->obd_index == idx ? " *" : "");
			}
		}
	}
	fputc_unlocked('\n', out);
}

static void comp_header(FILE *out, const struct blob *bl,
			const struct lov_print *p, unsigned flags, bool forged)
{
	unsigned v = p->verbose;
	bool yaml = flags & LDF_YAML;
	uint32_t magic = RD32(bl, 0);
	char buf[64];

	if (p->depth && p->path && (v != VERBOSE_OBJID || !(flags & LDF_IS_DIR)) && !yaml) {
		put(out, p->path);
		put(out, "\n");
	}
	if (v & VERBOSE_DETAIL) {
		fprintf(out, "composite_header:\n");
		fprintf(out, "%2slcm_magic:         0x%08X\n", " ", magic);
		fprintf(out, "%2slcm_size:          %u\n", " ", RD32(bl, 4));
		if (flags & LDF_IS_DIR)
			fprintf(out, "%2slcm_flags:         %s\n", " ",
				RD16(bl, 16) > 0 ? "mirrored" : "");
		else {
			uint16_t f = RD16(bl, 12) & 0xB;

			snprintf(buf, sizeof(buf), "%s", f == 1 ? "ro" : f == 2 ? "wp" :
							 f == 3 ? "sp" : "0");
			fprintf(out, "%2slcm_flags:         %s\n", " ", buf);
		}
	}
	if (v & VERBOSE_GENERATION) {
		if (v & ~VERBOSE_GENERATION)
			put(out, "  lcm_layout_gen:    ");
		put_u(out, forged ? (flags & LDF_IS_DIR ? 0 : RD16(bl, 30)) : RD32(bl, 8));
		put(out, "\n");
	}
	if (v & VERBOSE_MIRROR_COUNT) {
		if (v & ~VERBOSE_MIRROR_COUNT)
			put(out, "  lcm_mirror_count:  ");
		put_u(out, forged ? 1 : RD16(bl, 16) + 1U);
		put(out, "\n");
	}
	if (v & VERBOSE_COMP_COUNT) {
		if (v & ~VERBOSE_COMP_COUNT)
			put(out, "  lcm_entry_count:   ");
		put_u(out, forged ? 0 : RD16(bl, 14));
		put(out, "\n");
	}
	if ((v & VERBOSE_DETAIL) && !yaml)
		fprintf(out, "components:\n");
}

struct entry {
	uint32_t id, flags, offset, size;
	uint64_t start, end, timestamp;
};

static void comp_entry(FILE *out, const struct entry *e, const struct lov_print *p,
		       unsigned flags, int index)
{
	unsigned v = p->verbose;
	bool yaml = flags & LDF_YAML;
	const char *sep = "";
	char buf[128];

	if (yaml)
		fprintf(out, "%2scomponent%d:\n", " ", index);
	if (v & VERBOSE_COMP_ID) {
		if ((v & VERBOSE_DETAIL) && !yaml)
			put(out, "  - lcme_id:             ");
		else if (v & ~VERBOSE_COMP_ID)
			put(out, "    lcme_id:             ");
		if (e->id)
			put_u(out, e->id);
		else
			fputs("N/A", out);
		sep = "\n";
	}
	if (v & VERBOSE_MIRROR_ID) {
		put(out, sep);
		if (v & ~VERBOSE_MIRROR_ID)
			put(out, "    lcme_mirror_id:      ");
		if (e->id)
			put_u(out, (e->id & MIRROR_ID_MASK) >> MIRROR_ID_SHIFT);
		else
			fputs("N/A", out);
		sep = "\n";
	}
	if (v & VERBOSE_COMP_FLAGS) {
		put(out, sep);
		if (v & ~VERBOSE_COMP_FLAGS)
			put(out, "    lcme_flags:          ");
		layout_flags_name(e->flags, buf, sizeof(buf));
		fputs(buf, out);
		sep = "\n";
	}
	if ((v & VERBOSE_COMP_FLAGS) && (e->flags & LCME_FL_NOSYNC)) {
		put(out, sep);
		if (v & ~VERBOSE_COMP_FLAGS)
			fprintf(out, "%4slcme_timestamp:      ", " ");
		if (yaml) {
			fprintf(out, "%llu", (unsigned long long)e->timestamp);
		} else {
			time_t t = (time_t)e->timestamp;
			struct tm tm;
			char *s;

			localtime_r(&t, &tm);
			s = asctime_r(&tm, buf);
			if (s) {
				s[strcspn(s, "\n")] = 0;
				fprintf(out, "'%s'", s);
			}
		}
		sep = "\n";
	}
	if (v & VERBOSE_COMP_START) {
		put(out, sep);
		if (v & ~VERBOSE_COMP_START)
			put(out, "    lcme_extent.e_start: ");
		put_u(out, e->start);
		sep = "\n";
	}
	if (v & VERBOSE_COMP_END) {
		put(out, sep);
		if (v & ~VERBOSE_COMP_END)
			put(out, "    lcme_extent.e_end:   ");
		if (e->end == LUSTRE_EOF)
			put(out, "EOF");
		else
			put_u(out, e->end);
		sep = "\n";
	}
	put(out, sep);
	if (yaml) {
		fprintf(out, "%4ssub_layout:\n", " ");
	} else if (v & VERBOSE_DETAIL) {
		fprintf(out, "%4slcme_offset:         %u\n", " ", e->offset);
		fprintf(out, "%4slcme_size:           %u\n", " ", e->size);
		fprintf(out, "%4ssub_layout:\n", " ");
	}
}

static int range_cmp(uint64_t val, const struct lov_range *r)
{
	/* find-style: N matches (N-U, N]; +N matches > N; -N matches <= N-U */
	if (r->sign > 0)
		return val > r->value ? 1 : -1;
	if (r->sign < 0)
		return val <= r->value - r->units ? 1 : -1;
	return (val > r->value - r->units && val <= r->value) ? 1 : -1;
}

static bool entry_selected(const struct entry *e, const struct lov_print *p)
{
	if (p->check_comp_flags &&
	    ((p->comp_flags & e->flags) != p->comp_flags || (p->comp_neg_flags & e->flags)))
		return false;
	if (p->check_comp_id && p->comp_id != e->id)
		return false;
	if (p->comp_start.set && range_cmp(e->start, &p->comp_start) < 0)
		return false;
	if (p->comp_end.set) {
		const struct lov_range *r = &p->comp_end;

		if (r->value == LUSTRE_EOF) {
			if (r->sign < 0 || (r->sign == 0) != (e->end == LUSTRE_EOF))
				return false;
		} else if (range_cmp(e->end, r) < 0) {
			return false;
		}
	}
	return true;
}

static bool filtered(const struct lov_print *p)
{
	return p->check_comp_flags || p->check_comp_id || p->comp_start.set ||
	       p->comp_end.set;
}

static void read_entry(const struct blob *bl, unsigned i, struct entry *e)
{
	size_t x = 32 + 48 * (size_t)i;

	e->id = RD32(bl, x);
	e->flags = RD32(bl, x + 4);
	e->start = RD64(bl, x + 8);
	e->end = RD64(bl, x + 16);
	e->offset = RD32(bl, x + 24);
	e->size = RD32(bl, x + 28);
	e->timestamp = RD64(bl, x + 36);
}

static void dump_comp(FILE *out, const struct blob *bl, const struct lov_print *p,
		      unsigned flags)
{
	unsigned n = RD16(bl, 14), pick;
	struct entry e;

	if (p->obd_index >= 0 && !(flags & LDF_IS_DIR)) {
		bool found = false;

		for (unsigned i = 0; i < n && !found; i++) {
			read_entry(bl, i, &e);
			found = (e.flags & LCME_FL_INIT) && has_ost(bl, e.offset, p->obd_index);
		}
		if (!found)
			return;
	}
	comp_header(out, bl, p, flags, false);
	flags |= LDF_INDENT;
	if ((p->verbose & VERBOSE_DEFAULT) != VERBOSE_DEFAULT && !filtered(p) && n) {
		/* one component: the last of the leading instantiated run */
		for (pick = 0; pick < n; pick++) {
			read_entry(bl, pick, &e);
			if (!(e.flags & LCME_FL_INIT))
				break;
		}
		pick = (pick == 0 || pick == n) ? n - 1 : pick - 1;
		read_entry(bl, pick, &e);
		comp_entry(out, &e, p, flags, (int)pick);
		dump_v1v3(out, bl, e.offset, p,
			  flags | ((e.flags & LCME_FL_EXTENSION) ? LDF_EXTENSION : 0));
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		unsigned f = flags;

		read_entry(bl, i, &e);
		if (!entry_selected(&e, p))
			continue;
		if (e.flags & LCME_FL_EXTENSION)
			f |= LDF_EXTENSION;
		if (!(e.flags & LCME_FL_INIT))
			f |= LDF_SKIP_OBJS;
		comp_entry(out, &e, p, f, (int)i);
		dump_v1v3(out, bl, e.offset, p, f);
	}
}

/* A plain layout shown as a one-component composite (component selectors). */
static void dump_forged(FILE *out, const struct blob *bl, const struct lov_print *p,
			unsigned flags)
{
	struct entry e = { .flags = (flags & LDF_IS_DIR) ? 0 : LCME_FL_INIT,
			   .end = LUSTRE_EOF, .size = (uint32_t)bl->len };

	comp_header(out, bl, p, flags, true);
	flags |= LDF_INDENT;
	if (filtered(p) && !entry_selected(&e, p))
		return;
	comp_entry(out, &e, p, flags, 0);
	dump_v1v3(out, bl, 0, p, flags);
}

void layout_print_lfs(FILE *out, const void *blob, size_t len,
		      const struct lov_print *p)
{
	struct blob bl = { blob, len };
	unsigned flags = (p->is_dir ? LDF_IS_DIR : 0) | (p->yaml ? LDF_YAML : 0) |
			 (p->raw ? LDF_IS_RAW : 0);
	uint32_t magic = RD32(&bl, 0);

	if (magic == LOV_MAGIC_COMP_V1)
		dump_comp(out, &bl, p, flags);
	else if (p->forge_composite)
		dump_forged(out, &bl, p, flags);
	else
		dump_v1v3(out, &bl, 0, p, flags);
}
