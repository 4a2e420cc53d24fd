/* SPDX-License-Identifier: MIT */
/* lfs df's text (format strings from lfs 2.15) and our JSON. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "util/jsonout.h"
#include "quota/df.h"

struct state_name {
	uint32_t bit;
	char letter;
	bool always; /* printed without -v */
};

static const struct state_name state_names[] = {
	{ 0x001, 'D', true },  { 0x002, 'R', true },  { 0x004, 'N', true },
	{ 0x008, '?', true },  { 0x010, '?', true },  { 0x020, 'S', true },
	{ 0x040, 'I', true },  { 0x100, 'a', false }, { 0x200, 'f', false },
};

int df_ratio(const struct obd_statfs *st, bool inodes)
{
	double avail, used, ratio = 0;

	if (inodes) {
		avail = (double)st->os_ffree;
		used = (double)(st->os_files - st->os_ffree);
	} else {
		avail = (double)st->os_bavail;
		used = (double)(st->os_blocks - st->os_bfree);
	}
	if (avail + used > 0)
		ratio = used / (used + avail) * 100;
	/* rounded up, as df(1) does */
	return (ratio - (int)ratio) > 0 ? (int)(ratio + 1) : (int)ratio;
}

void df_cook(char *buf, size_t len, uint64_t v, unsigned flags)
{
	const char *suffix = (flags & DF_SI) ? "kMGTPEZY" : "KMGTPEZY";
	double base = (flags & DF_SI) ? 1000 : 1024, d = (double)v;
	char cell[32];
	int i = 0;

	if (!(flags & (DF_HUMAN | DF_SI))) {
		snprintf(buf, len, "%11" PRIu64, v);
		return;
	}
	while (d > base) {
		d /= base;
		i++;
	}
	if (i > 0)
		snprintf(cell, sizeof(cell), "%8.1f%c", d, suffix[i - 1]);
	else
		snprintf(cell, sizeof(cell), "%11" PRIu64, v);
	snprintf(buf, len, "%11s", cell);
}

static void values(const struct obd_statfs *st, unsigned flags, uint64_t *tot,
		   uint64_t *used, uint64_t *avail)
{
	unsigned shift = (flags & (DF_HUMAN | DF_SI)) ? 0 : 10;
	uint64_t bs = st->os_bsize;

	if (flags & DF_INODES) {
		*avail = st->os_ffree;
		*used = st->os_files - st->os_ffree;
		*tot = st->os_files;
		return;
	}
	*avail = (st->os_bavail * bs) >> shift;
	*used = ((st->os_blocks - st->os_bfree) * bs) >> shift;
	*tot = (st->os_blocks * bs) >> shift;
}

static void row(FILE *out, const char *name, const char *mnt,
		const struct obd_statfs *st, unsigned flags)
{
	char t[32], u[32], a[32], r[16];
	uint64_t tot, used, avail;

	values(st, flags, &tot, &used, &avail);
	df_cook(t, sizeof(t), tot, flags);
	df_cook(u, sizeof(u), used, flags);
	df_cook(a, sizeof(a), avail, flags);
	snprintf(r, sizeof(r), "%3d%%",
		 used + avail > 0 ? df_ratio(st, flags & DF_INODES) : 0);
	fprintf(out, "%-20s %11s %11s %11s %4s %-s", name, t, u, a, r, mnt);
}

static void target_line(FILE *out, const struct df_fs *fs,
			const struct df_target *t, unsigned flags)
{
	if (t->rc == -ENODATA) {
		fprintf(out, "%-20s: inactive device\n", t->uuid);
		return;
	}
	if (t->rc) {
		fprintf(out, "%-20s: %s\n", t->uuid, strerror(-t->rc));
		return;
	}
	row(out, t->uuid, fs->mnt, &t->st, flags);
	fprintf(out, "[%s:%u]", t->is_mdt ? "MDT" : "OST", t->index);
	if (t->st.os_state) {
		fputc(' ', out);
		for (size_t i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++)
			if ((t->st.os_state & state_names[i].bit) &&
			    (state_names[i].always || (flags & DF_VERBOSE)))
				fputc(state_names[i].letter, out);
	}
	fputc('\n', out);
}

void df_print_lfs(FILE *out, const struct df_fs *fs, unsigned flags)
{
	bool ino = flags & DF_INODES;

	fprintf(out, "%-20s %11s %11s %11s %4s %-s\n", "UUID",
		ino ? "Inodes" : (flags & (DF_HUMAN | DF_SI)) ? "bytes" : "1K-blocks",
		ino ? "IUsed" : "Used", ino ? "IFree" : "Available",
		ino ? "IUse%" : "Use%", "Mounted on");
	for (size_t i = 0; i < fs->n; i++)
		target_line(out, fs, &fs->t[i], flags);
	fputc('\n', out);
	row(out, "filesystem_summary:", fs->mnt, &fs->sum, flags);
	fputs("\n\n", out);
}

static void json_space(FILE *out, const struct obd_statfs *st)
{
	uint64_t bs = st->os_bsize;

	fprintf(out, "\"bytes\":{\"total\":%" PRIu64 ",\"used\":%" PRIu64
		     ",\"available\":%" PRIu64 ",\"use_pct\":%d},",
		st->os_blocks * bs, (st->os_blocks - st->os_bfree) * bs,
		st->os_bavail * bs, df_ratio(st, false));
	fprintf(out, "\"inodes\":{\"total\":%" PRIu64 ",\"used\":%" PRIu64
		     ",\"free\":%" PRIu64 ",\"use_pct\":%d}",
		st->os_files, st->os_files - st->os_ffree, st->os_ffree,
		df_ratio(st, true));
}

static void json_target(FILE *out, const struct df_target *t)
{
	fprintf(out, "{\"uuid\":");
	json_put_str(out, t->uuid);
	fprintf(out, ",\"type\":\"%s\",\"index\":%u,", t->is_mdt ? "MDT" : "OST",
		t->index);
	if (t->rc) {
		fprintf(out, "\"status\":\"%s\",\"error\":",
			t->rc == -ENODATA ? "inactive" : "error");
		json_put_str(out, strerror(-t->rc));
		fputc('}', out);
		return;
	}
	fprintf(out, "\"status\":\"active\",");
	json_space(out, &t->st);
	fprintf(out, ",\"state\":\"");
	for (size_t i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++)
		if (t->st.os_state & state_names[i].bit)
			fputc(state_names[i].letter, out);
	fprintf(out, "\"}");
}

void df_print_json(FILE *out, const struct df_fs *fs)
{
	fprintf(out, "{\"mount\":");
	json_put_str(out, fs->mnt);
	fprintf(out, ",\"fsname\":");
	json_put_str(out, fs->fsname);
	fprintf(out, ",\"targets\":[");
	for (size_t i = 0; i < fs->n; i++) {
		fprintf(out, "%s\n    ", i ? "," : "");
		json_target(out, &fs->t[i]);
	}
	fprintf(out, "],\n   \"summary\":{");
	json_space(out, &fs->sum);
	fprintf(out, "}}");
}
