/* SPDX-License-Identifier: MIT */
/* The census table, the bulk summary as JSON members, the progress line. */
#include <inttypes.h>
#include <stdio.h>
#include "hsm/hsm.h"

static void human(char *buf, size_t len, uint64_t b)
{
	static const char units[] = "KMGTPE";
	double v = (double)b;
	int u = -1;

	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%" PRIu64 " B", b);
	else
		snprintf(buf, len, "%.1f %ciB", v, units[u]);
}

static double pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void census_totals(const struct hsm_census *c, uint64_t *files,
			  uint64_t *bytes, uint64_t *wfiles, uint64_t *wbytes)
{
	*files = *bytes = *wfiles = *wbytes = 0;
	for (int i = 0; i < HSM_NCLASS; i++) {
		*files += c->files[i];
		*bytes += c->bytes[i];
		if (i != HSM_C_RELEASED && i != HSM_C_LOST) {
			*wfiles += c->files[i];
			*wbytes += c->bytes[i];
		}
	}
}

void hsm_census_print(FILE *out, const struct hsm_census *c)
{
	uint64_t files, bytes, wfiles, wbytes;
	char hw[32], ht[32];

	census_totals(c, &files, &bytes, &wfiles, &wbytes);
	fprintf(out, "%-12s %12s %7s %16s\n", "state", "files", "%", "bytes");
	for (int i = 0; i < HSM_NCLASS; i++)
		fprintf(out, "%-12s %12" PRIu64 " %7.1f %16" PRIu64 "\n",
			hsm_class_names[i], c->files[i], pct(c->files[i], files),
			c->bytes[i]);
	fprintf(out, "%-12s %12" PRIu64 " %7.1f %16" PRIu64 "\n", "total", files,
		files ? 100.0 : 0.0, bytes);
	human(hw, sizeof(hw), wbytes);
	human(ht, sizeof(ht), bytes);
	fprintf(out, "warm: %" PRIu64 " of %" PRIu64 " files (%.1f%%), %s of %s\n",
		wfiles, files, pct(wfiles, files), hw, ht);
}

void hsm_census_print_json(FILE *out, const struct hsm_census *c)
{
	uint64_t files, bytes, wfiles, wbytes;

	census_totals(c, &files, &bytes, &wfiles, &wbytes);
	fprintf(out, "{\"version\":1,\"classes\":{");
	for (int i = 0; i < HSM_NCLASS; i++)
		fprintf(out, "%s\"%s\":{\"files\":%" PRIu64 ",\"bytes\":%" PRIu64 "}",
			i ? "," : "", hsm_class_keys[i], c->files[i], c->bytes[i]);
	fprintf(out, "},\"total\":{\"files\":%" PRIu64 ",\"bytes\":%" PRIu64 "}",
		files, bytes);
	fprintf(out, ",\"warm\":{\"files\":%" PRIu64 ",\"bytes\":%" PRIu64 "}", wfiles,
		wbytes);
	fprintf(out, ",\"failed\":%" PRIu64 ",\"state_calls\":%" PRIu64 "}\n",
		c->failed, c->state_calls);
}

void hsm_stats_print_json(FILE *out, enum hsm_verb v, const struct hsm_bulk_stats *st,
			  bool wait)
{
	fprintf(out, "\"action\":\"%s\",\"files\":%" PRIu64 ",\"requested\":%" PRIu64
		     ",\"skipped\":%" PRIu64 ",\"in_progress\":%" PRIu64
		     ",\"duplicates\":%" PRIu64 ",\"failed\":%" PRIu64
		     ",\"bytes_requested\":%" PRIu64 ",\"requests\":%" PRIu64
		     ",\"retried_batches\":%" PRIu64 ",\"states\":{",
		hsm_verb_name(v), st->files, st->requested, st->skipped, st->inflight,
		st->duplicates, st->failed, st->bytes, st->requests, st->retried);
	for (int i = 0; i < HSM_NCLASS; i++)
		fprintf(out, "%s\"%s\":{\"files\":%" PRIu64 ",\"bytes\":%" PRIu64 "}",
			i ? "," : "", hsm_class_keys[i], st->class_files[i],
			st->class_bytes[i]);
	fprintf(out, "}");
	if (wait)
		fprintf(out, ",\"wait\":{\"done\":%" PRIu64 ",\"done_bytes\":%" PRIu64
			     ",\"failed\":%" PRIu64 ",\"pending\":%" PRIu64
			     ",\"timed_out\":%s}",
			st->done, st->done_bytes, st->wait_failed, st->pending,
			st->timed_out ? "true" : "false");
	fprintf(out, ",\"elapsed_seconds\":%.3f", st->elapsed);
}

static void duration(char *buf, size_t len, double s)
{
	unsigned long t = (unsigned long)(s + 0.5);

	if (t >= 3600)
		snprintf(buf, len, "%luh%02lum", t / 3600, t / 60 % 60);
	else if (t >= 60)
		snprintf(buf, len, "%lum%02lus", t / 60, t % 60);
	else
		snprintf(buf, len, "%lus", t);
}

void hsm_progress_format(char *buf, size_t len, enum hsm_verb v,
			 const struct hsm_progress *p)
{
	char d[32], t[32], eta[32] = "?";
	double rate;

	if (!p->waiting) {
		rate = p->elapsed > 0 ? (double)p->seen / p->elapsed : 0;
		snprintf(buf, len, "%s: %" PRIu64 " paths read, %" PRIu64
				   " requested, %.0f paths/s",
			 hsm_verb_name(v), p->seen, p->requested, rate);
		return;
	}
	human(d, sizeof(d), p->done_bytes);
	human(t, sizeof(t), p->total_bytes);
	rate = p->elapsed > 0 ? (double)p->done / p->elapsed : 0;
	if (rate > 0)
		duration(eta, sizeof(eta), (double)(p->total - p->done) / rate);
	snprintf(buf, len, "%s: %" PRIu64 "/%" PRIu64 " files, %s/%s, %.0f files/s, ETA %s",
		 hsm_verb_name(v), p->done, p->total, d, t, rate, eta);
}

void hsm_summary_print(FILE *out, const char *cmd, enum hsm_verb v,
		       const struct hsm_bulk_stats *st, bool wait)
{
	const char *w = hsm_verb_done_word(v);

	fprintf(out, "%s: %" PRIu64 " files: ", cmd, st->files);
	if (wait)
		fprintf(out, "%" PRIu64 " %s", st->done, w);
	else
		fprintf(out, "%" PRIu64 " requested", st->requested);
	fprintf(out, ", %" PRIu64 " already %s", st->skipped,
		v == HSM_CANCEL ? "idle" : w);
	if (st->inflight && !wait)
		fprintf(out, ", %" PRIu64 " already in progress", st->inflight);
	if (st->duplicates)
		fprintf(out, ", %" PRIu64 " named twice", st->duplicates);
	fprintf(out, ", %" PRIu64 " failed", st->failed + st->wait_failed);
	if (st->timed_out)
		fprintf(out, ", %" PRIu64 " still pending (timed out)", st->pending);
	fprintf(out, " (%.2f s)\n", st->elapsed);
}
