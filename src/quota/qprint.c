/* SPDX-License-Identifier: MIT */
/* lfs quota's report (print_quota in lfs 2.15's lfs.c) and our JSON. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "util/jsonout.h"
#include "lustre/quota.h"
#include "quota/quota.h"

#define QC_ROW_GENERAL 0
#define QC_ROW_MDT     1
#define QC_ROW_OST     2

static const char inaccurate_msg[] =
	"Some errors happened when getting quota info. Some devices may be not working or deactivated. The data in \"[]\" is inaccurate.\n";

int quota_over(uint64_t used, uint64_t soft, uint64_t hard, uint64_t time,
	       time_t now)
{
	time &= LQUOTA_GRACE_MASK;
	if (hard && used >= hard)
		return 1;
	if (soft && time)
		return time > (uint64_t)now ? 2 : 3;
	return 0;
}

static uint64_t space_kib(uint64_t bytes)
{
	return bytes / 1024 + (bytes % 1024 != 0);
}

static void kb2str(uint64_t kib, char *buf, size_t len, bool h)
{
	if (!h)
		snprintf(buf, len, "%" PRIu64, kib);
	else if (kib >> 40)
		snprintf(buf, len, "%5.4gP", (double)kib / (double)(1ULL << 40));
	else if (kib >> 30)
		snprintf(buf, len, "%5.4gT", (double)kib / (double)(1ULL << 30));
	else if (kib >> 20)
		snprintf(buf, len, "%5.4gG", (double)kib / (double)(1ULL << 20));
	else if (kib >> 10)
		snprintf(buf, len, "%5.4gM", (double)kib / (double)(1ULL << 10));
	else
		snprintf(buf, len, "%" PRIu64 "k", kib);
}

/* The time left before `when`, or "none" once it passed. */
static void diff2str(uint64_t when, char *buf, size_t len, time_t now)
{
	buf[0] = 0;
	if (!when)
		return;
	if (when <= (uint64_t)now) {
		snprintf(buf, len, "none");
		return;
	}
	quota_sec2str(when - (uint64_t)now, buf, len);
}

/* [%s] when the valid bit is missing */
static void cell(char *buf, size_t len, const char *v, bool valid)
{
	snprintf(buf, len, valid ? "%s" : "[%s]", v);
}

static void row(FILE *out, const char *name, const struct obd_dqblk *in,
		int kind, int rc, bool h, bool dflt, time_t now)
{
	struct obd_dqblk d = *in;
	char num[3][48], tb[48] = "", s[40];
	int bover, iover;

	d.dqb_btime &= LQUOTA_GRACE_MASK;
	d.dqb_itime &= LQUOTA_GRACE_MASK;
	bover = quota_over(space_kib(d.dqb_curspace), d.dqb_bsoftlimit,
			   d.dqb_bhardlimit, d.dqb_btime, now);
	iover = quota_over(d.dqb_curinodes, d.dqb_isoftlimit, d.dqb_ihardlimit,
			   d.dqb_itime, now);
	if (strlen(name) > 15)
		fprintf(out, "%s\n%15s", name, "");
	else
		fprintf(out, "%15s", name);

	if (bover)
		diff2str(d.dqb_btime, tb, sizeof(tb), now);
	else if (dflt)
		snprintf(tb, sizeof(tb), "%" PRIu64, d.dqb_btime);
	kb2str(space_kib(d.dqb_curspace), s, sizeof(s), h);
	if (rc == -EREMOTEIO)
		snprintf(num[0], sizeof(num[0]), "%s*", s);
	else
		cell(num[0], sizeof(num[0]), s, d.dqb_valid & QIF_SPACE);
	kb2str(d.dqb_bsoftlimit, s, sizeof(s), h);
	cell(num[1], sizeof(num[1]), kind == QC_ROW_GENERAL ? s : "-",
	     kind != QC_ROW_GENERAL || (d.dqb_valid & QIF_BLIMITS));
	kb2str(d.dqb_bhardlimit, s, sizeof(s), h);
	cell(num[2], sizeof(num[2]), s, d.dqb_valid & QIF_BLIMITS);
	if (dflt)
		fprintf(out, " %6s %7s %7s", num[1], num[2], tb);
	else
		fprintf(out, " %7s%c %6s %7s %7s", num[0], bover ? '*' : ' ',
			num[1], num[2], bover > 1 ? tb : "-");

	if (iover)
		diff2str(d.dqb_itime, tb, sizeof(tb), now);
	else if (dflt)
		snprintf(tb, sizeof(tb), "%" PRIu64, d.dqb_itime);
	snprintf(s, sizeof(s), "%" PRIu64, d.dqb_curinodes);
	cell(num[0], sizeof(num[0]), s, d.dqb_valid & QIF_INODES);
	snprintf(s, sizeof(s), "%" PRIu64, d.dqb_isoftlimit);
	cell(num[1], sizeof(num[1]), kind == QC_ROW_GENERAL ? s : "-",
	     kind != QC_ROW_GENERAL || (d.dqb_valid & QIF_ILIMITS));
	snprintf(s, sizeof(s), "%" PRIu64, d.dqb_ihardlimit);
	cell(num[2], sizeof(num[2]), s, d.dqb_valid & QIF_ILIMITS);
	if (dflt)
		fprintf(out, " %6s %7s %7s", num[1], num[2], tb);
	else if (kind != QC_ROW_OST)
		fprintf(out, " %7s%c %6s %7s %7s", num[0], iover ? '*' : ' ',
			num[1], num[2], iover > 1 ? tb : "-");
	else
		fprintf(out, " %7s %7s %7s %7s", "-", "-", "-", "-");
	fputc('\n', out);
}

static void print_targets(FILE *out, const struct quota_report *r, bool h,
			  time_t now)
{
	uint64_t ialloc = 0, balloc = 0;
	char name[64], s[40];

	for (size_t i = 0; i < r->ntargets; i++) {
		const struct quota_target *t = &r->targets[i];

		snprintf(name, sizeof(name), "%s%s", t->uuid, t->rc ? "[inact]" : "");
		row(out, name, &t->dqb, t->is_mdt ? QC_ROW_MDT : QC_ROW_OST, 0, h,
		    false, now);
		if (t->is_mdt)
			ialloc += t->dqb.dqb_ihardlimit;
		else
			balloc += t->dqb.dqb_bhardlimit;
	}
	kb2str(balloc, s, sizeof(s), h);
	fprintf(out, "Total allocated inode limit: %" PRIu64 ", total allocated block limit: %s\n",
		ialloc, s);
}

void quota_print_lfs(FILE *out, const struct quota_report *r, bool human,
		     bool title, time_t now)
{
	const char *tn = quota_type_name(r->type);

	if (title && r->is_default) {
		fprintf(out, "Disk default %s quota:\n", tn);
		fprintf(out, "%15s %8s%8s%8s %8s%8s%8s\n", "Filesystem", "bquota",
			"blimit", "bgrace", "iquota", "ilimit", "igrace");
	} else if (title) {
		fprintf(out, "Disk quotas for %s %s (%cid %u):\n", tn, r->name,
			tn[0], r->id);
		fprintf(out, "%15s%8s %7s%8s%8s%8s %7s%8s%8s\n", "Filesystem",
			human ? "used" : "kbytes", "quota", "limit", "grace",
			"files", "quota", "limit", "grace");
	}
	row(out, r->path, &r->dqb, QC_ROW_GENERAL, r->rc, human, r->is_default, now);
	if (!r->is_default && (r->dqb.dqb_valid & QIF_BTIME) &&
	    ((r->dqb.dqb_btime >> LQUOTA_GRACE_BITS) & LQUOTA_FLAG_DEFAULT))
		fprintf(out, "%cid %u is using default block quota setting\n", tn[0], r->id);
	if (!r->is_default && (r->dqb.dqb_valid & QIF_ITIME) &&
	    ((r->dqb.dqb_itime >> LQUOTA_GRACE_BITS) & LQUOTA_FLAG_DEFAULT))
		fprintf(out, "%cid %u is using default file quota setting\n", tn[0], r->id);
	if (r->verbose)
		print_targets(out, r, human, now);
	if (quota_report_inaccurate(r))
		fputs(inaccurate_msg, out);
}

void quota_print_grace_lfs(FILE *out, uint64_t bgrace, uint64_t igrace)
{
	char b[48], i[48];

	if (bgrace == LQUOTA_NOTIFY_GRACE)
		snprintf(b, sizeof(b), "notify");
	else
		quota_sec2str(bgrace, b, sizeof(b));
	if (igrace == LQUOTA_NOTIFY_GRACE)
		snprintf(i, sizeof(i), "notify");
	else
		quota_sec2str(igrace, i, sizeof(i));
	fprintf(out, "Block grace time: %s; Inode grace time: %s\n", b, i);
}

static void json_limit(FILE *out, const char *key, uint64_t used, uint64_t soft,
		       uint64_t hard, uint64_t t, time_t now)
{
	static const char *const states[] = { "ok", "over-hard", "grace", "grace-expired" };
	int over = quota_over(used, soft, hard, t, now);

	t &= LQUOTA_GRACE_MASK;
	fprintf(out, "\"%s\":{\"used\":%" PRIu64 ",\"soft\":%" PRIu64 ",\"hard\":%" PRIu64
		     ",\"state\":\"%s\",\"grace_expires\":",
		key, used, soft, hard, states[over]);
	if (over >= 2)
		fprintf(out, "%" PRIu64 ",\"grace_left\":%" PRIu64 "}", t,
			over == 2 ? t - (uint64_t)now : 0);
	else
		fprintf(out, "null,\"grace_left\":null}");
}

static void json_dqb(FILE *out, const struct obd_dqblk *d, time_t now)
{
	json_limit(out, "blocks_kb", space_kib(d->dqb_curspace), d->dqb_bsoftlimit,
		   d->dqb_bhardlimit, d->dqb_btime, now);
	fputc(',', out);
	json_limit(out, "inodes", d->dqb_curinodes, d->dqb_isoftlimit,
		   d->dqb_ihardlimit, d->dqb_itime, now);
}

void quota_print_json(FILE *out, const struct quota_report *r, time_t now)
{
	fprintf(out, "{\"type\":\"%s\",\"name\":", quota_type_name(r->type));
	json_put_str(out, r->is_default ? "" : r->name);
	fprintf(out, ",\"id\":%u,\"path\":", r->id);
	json_put_str(out, r->path);
	fprintf(out, ",\"default\":%s,\"accurate\":%s,",
		r->is_default ? "true" : "false",
		quota_report_inaccurate(r) ? "false" : "true");
	fprintf(out, "\"uses_default\":%s,",
		((r->dqb.dqb_btime >> LQUOTA_GRACE_BITS) & LQUOTA_FLAG_DEFAULT) ? "true" : "false");
	if (r->is_default)
		fprintf(out, "\"grace\":{\"blocks\":%" PRIu64 ",\"inodes\":%" PRIu64 "},",
			(uint64_t)(r->dqb.dqb_btime & LQUOTA_GRACE_MASK),
			(uint64_t)(r->dqb.dqb_itime & LQUOTA_GRACE_MASK));
	json_dqb(out, &r->dqb, now);
	fprintf(out, ",\"targets\":[");
	for (size_t i = 0; i < r->ntargets; i++) {
		const struct quota_target *t = &r->targets[i];

		fprintf(out, "%s{\"uuid\":", i ? "," : "");
		json_put_str(out, t->uuid);
		fprintf(out, ",\"type\":\"%s\",\"index\":%u,\"active\":%s,",
			t->is_mdt ? "MDT" : "OST", t->index, t->rc ? "false" : "true");
		json_dqb(out, &t->dqb, now);
		fputc('}', out);
	}
	fprintf(out, "]}");
}
