/* SPDX-License-Identifier: MIT */
/*
 * --wait: follows the requested files until each one is done or failed.
 * They are kept in a temporary file, not in memory; each pass reads the
 * list, asks hsm_action of every file still pending and writes those that
 * remain into the next list, so a pass costs less as the copytool works.
 * A file whose action is over but whose state is not the wanted one (a
 * restore the copytool failed, say) is reported as failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "hsm/internal.h"
#include "lustre/hsm.h"

int hsm_spill_add(FILE *spill, const struct lu_fid *fid, uint64_t size,
		  const char *path)
{
	struct hsm_spill_rec r = { .fid = *fid, .size = size };
	size_t len = strlen(path);

	if (len > UINT16_MAX)
		return -ENAMETOOLONG;
	r.len = (uint16_t)len;
	if (fwrite(&r, sizeof(r), 1, spill) != 1 || fwrite(path, 1, len, spill) != len)
		return -EIO;
	return 0;
}

enum check { C_PENDING, C_DONE, C_FAILED };

struct pass {
	const struct hsm_bulk_opts *o;
	struct hsm_bulk_stats *st;
	uint64_t total, total_bytes, moving;
	double t0, last;
};

static enum check check(const struct pass *ps, const char *path, uint64_t *moved,
			struct hsm_failure *f)
{
	struct hsm_current_action hca = { 0 };
	struct hsm_user_state hus = { 0 };
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	int rc;

	f->subject = path;
	if (fd < 0) {
		f->rc = -errno;
		f->msg = "cannot open it any more while waiting";
		f->show_errno = true;
		return C_FAILED;
	}
	rc = lustre_hsm_action(fd, &hca);
	if (!rc && hsm_in_progress(hca.hca_action, hca.hca_state)) {
		if (hca.hca_state == HPS_RUNNING &&
		    (hca.hca_action == HUA_RESTORE || hca.hca_action == HUA_ARCHIVE))
			*moved = hca.hca_location.length;
		close(fd);
		return C_PENDING;
	}
	if (!rc)
		rc = lustre_hsm_state_get(fd, &hus);
	close(fd);
	f->show_errno = true;
	f->rc = rc;
	if (rc) {
		f->msg = "cannot follow the request";
		return C_FAILED;
	}
	if (hsm_verb_satisfied(ps->o->verb, &hus))
		return C_DONE;
	f->rc = -EIO;
	f->show_errno = false;
	switch (ps->o->verb) {
	case HSM_RESTORE:
		f->msg = "the restore ended but the file is still released (see the copytool's log)";
		break;
	case HSM_ARCHIVE:
		f->msg = "the archive ended but the file is not archived (see the copytool's log)";
		break;
	default:
		f->msg = "the request ended without effect (see the copytool's log)";
	}
	return C_FAILED;
}

static void report_progress(struct pass *ps, bool force)
{
	struct hsm_progress p = { .waiting = true };
	double now = hsm_now();

	if (!ps->o->progress || (!force && now - ps->last < 0.25))
		return;
	ps->last = now;
	p.requested = ps->st->requested;
	p.done = ps->st->done + ps->st->wait_failed;
	p.total = ps->total;
	p.done_bytes = ps->st->done_bytes + ps->moving;
	p.total_bytes = ps->total_bytes;
	p.elapsed = now - ps->t0;
	ps->o->progress(ps->o->arg, &p);
}

/* One pass over in; what is still pending goes to out. -errno on I/O error. */
static int one_pass(struct pass *ps, FILE *in, FILE *out, uint64_t *ret_pending)
{
	struct hsm_spill_rec r;
	char path[UINT16_MAX + 1];
	uint64_t pending = 0, moving = 0;

	while (fread(&r, sizeof(r), 1, in) == 1) {
		struct hsm_failure f = { 0 };
		uint64_t moved = 0;

		if (fread(path, 1, r.len, in) != r.len)
			return -EIO;
		path[r.len] = 0;
		switch (check(ps, path, &moved, &f)) {
		case C_PENDING:
			pending++;
			moving += moved < r.size ? moved : r.size;
			if (hsm_spill_add(out, &r.fid, r.size, path))
				return -EIO;
			break;
		case C_DONE:
			ps->st->done++;
			ps->st->done_bytes += r.size;
			break;
		case C_FAILED:
			ps->st->wait_failed++;
			if (ps->o->fail)
				ps->o->fail(ps->o->arg, &f);
		}
		report_progress(ps, false);
	}
	ps->moving = moving;
	*ret_pending = pending;
	return ferror(in) ? -EIO : 0;
}

static void nap(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	nanosleep(&ts, NULL);
}

int hsm_wait_run(FILE *spill, const struct hsm_bulk_opts *o,
		 struct hsm_bulk_stats *st, uint64_t total, uint64_t total_bytes,
		 struct fsx_why *why)
{
	struct pass ps = { o, st, total, total_bytes, 0, hsm_now(), 0 };
	FILE *cur = spill, *next;
	double delay = 0.05;
	int rc = 0;

	fflush(spill);
	for (;;) {
		next = tmpfile();
		if (!next) {
			rc = why_set(why, -errno, "cannot create a temporary file for --wait");
			break;
		}
		rewind(cur);
		rc = one_pass(&ps, cur, next, &st->pending);
		if (cur != spill)
			fclose(cur);
		cur = next;
		fflush(cur);
		if (rc) {
			why_set(why, rc, "cannot read back the list of requested files");
			break;
		}
		report_progress(&ps, true);
		if (!st->pending)
			break;
		if (o->timeout > 0 && hsm_now() - ps.t0 >= o->timeout) {
			st->timed_out = true;
			break;
		}
		nap(delay);
		delay = delay * 2 > 1.0 ? 1.0 : delay * 2;
	}
	if (cur != spill)
		fclose(cur);
	return rc;
}
