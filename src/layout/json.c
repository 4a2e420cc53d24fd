/* SPDX-License-Identifier: MIT */
/*
 * getstripe --json: our own stable shape (docs/json.md, version 1). A plain
 * layout is one component with "id": null covering [0, EOF); an EOF end is
 * null, so every number fits a double exactly.
 */
#include <string.h>
#include "layout/layout.h"
#include "util/jsonout.h"

static uint64_t rd(const uint8_t *b, size_t len, size_t o, size_t n)
{
	uint64_t v = 0;

	if (o < len && n <= len - o)
		memcpy(&v, b + o, n);
	return v;
}

static void json_sub(FILE *out, const uint8_t *b, size_t len, size_t o,
		     bool init, bool is_dir)
{
	uint32_t magic = (uint32_t)rd(b, len, o, 4), pattern = (uint32_t)rd(b, len, o + 4, 4);
	uint16_t count = (uint16_t)rd(b, len, o + 28, 2), soff = (uint16_t)rd(b, len, o + 30, 2);
	size_t hdr = magic == LOV_MAGIC_V1 ? 32 : 48;
	char pool[LOV_MAXPOOLNAME + 1] = "", buf[64];
	bool objs = init && !is_dir && !(pattern & LOV_PATTERN_F_RELEASED) &&
		    (pattern & ~LOV_PATTERN_F_MASK) != LOV_PATTERN_MDT;

	if (hdr == 48)
		for (size_t i = 0; i < LOV_MAXPOOLNAME; i++)
			pool[i] = (char)rd(b, len, o + 32 + i, 1);
	fprintf(out, "\"stripe_count\":%d,\"stripe_size\":%llu,\"pattern\":\"%s\",",
		count == 0xFFFF ? -1 : (int)count,
		(unsigned long long)rd(b, len, o + 24, 4),
		layout_pattern_name(pattern, buf, sizeof(buf)));
	if (objs)
		fprintf(out, "\"layout_gen\":%u,\"stripe_offset\":%d,", soff,
			count ? (int)rd(b, len, o + hdr + 20, 4) : -1);
	else
		fprintf(out, "\"stripe_offset\":%d,", soff == 0xFFFF ? -1 : (int)soff);
	fprintf(out, "\"pool\":");
	json_put_str(out, pool);
	fprintf(out, ",\"objects\":[");
	for (unsigned i = 0; objs && i < count && hdr + 24 * (size_t)(i + 1) <= len - o; i++) {
		size_t x = o + hdr + 24 * (size_t)i;
		struct ost_id oi = { .oi = { rd(b, len, x, 8), rd(b, len, x + 8, 8) } };
		uint32_t idx = (uint32_t)rd(b, len, x + 20, 4);
		struct lu_fid fid;

		layout_ostid_to_fid(&oi, idx, &fid);
		fprintf(out, "%s{\"ost\":%u,\"objid\":%llu,\"group\":%llu,\"fid\":\"[%#llx:0x%x:0x%x]\"}",
			i ? "," : "", idx, (unsigned long long)layout_ostid_id(&oi),
			(unsigned long long)layout_ostid_seq(&oi),
			(unsigned long long)fid.f_seq, fid.f_oid, fid.f_ver);
	}
	fprintf(out, "]");
}

static void json_flags(FILE *out, uint32_t flags)
{
	char buf[128], *p = buf;
	bool first = true;

	layout_flags_name(flags, buf, sizeof(buf));
	fputc('[', out);
	while (flags && *p) {
		size_t l = strcspn(p, ",");

		fprintf(out, "%s\"%.*s\"", first ? "" : ",", (int)l, p);
		first = false;
		p += l + (p[l] == ',');
	}
	fputc(']', out);
}

void layout_print_json(FILE *out, const void *blob, size_t len, bool is_dir)
{
	const uint8_t *b = blob;
	uint32_t magic = (uint32_t)rd(b, len, 0, 4);

	if (magic != LOV_MAGIC_COMP_V1) {
		fprintf(out, "{\"composite\":false,\"layout_gen\":%u,\"mirror_count\":1,\"components\":[{\"id\":null,\"flags\":[%s],\"start\":0,\"end\":null,",
			is_dir ? 0 : (unsigned)rd(b, len, 30, 2), is_dir ? "" : "\"init\"");
		json_sub(out, b, len, 0, !is_dir, is_dir);
		fprintf(out, "}]}");
		return;
	}
	fprintf(out, "{\"composite\":true,\"layout_gen\":%u,\"mirror_count\":%u,\"components\":[",
		(unsigned)rd(b, len, 8, 4), (unsigned)rd(b, len, 16, 2) + 1);
	for (unsigned i = 0; i < rd(b, len, 14, 2); i++) {
		size_t x = 32 + 48 * (size_t)i;
		uint32_t id = (uint32_t)rd(b, len, x, 4), flags = (uint32_t)rd(b, len, x + 4, 4);
		uint64_t end = rd(b, len, x + 16, 8);

		fprintf(out, "%s{", i ? "," : "");
		if (id)
			fprintf(out, "\"id\":%u,\"mirror_id\":%u,", id,
				(id & MIRROR_ID_MASK) >> MIRROR_ID_SHIFT);
		else
			fprintf(out, "\"id\":null,\"mirror_id\":null,");
		fprintf(out, "\"flags\":");
		json_flags(out, flags);
		fprintf(out, ",\"start\":%llu,\"end\":", (unsigned long long)rd(b, len, x + 8, 8));
		if (end == LUSTRE_EOF)
			fprintf(out, "null,");
		else
			fprintf(out, "%llu,", (unsigned long long)end);
		json_sub(out, b, len, (size_t)rd(b, len, x + 24, 4), flags & LCME_FL_INIT, is_dir);
		fputc('}', out);
	}
	fprintf(out, "]}");
}
