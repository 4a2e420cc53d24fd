// SPDX-License-Identifier: MIT
/*
 * The HSM request queue, shared by the preload (requests, restore on
 * open, hsm_action) and the copytool. Every operation costs O(1) per file
 * whatever the queue's length:
 *
 *   state/hsm/queue   a 64-byte header (epoch, record count, the
 *                     copytool's cursor, requests running) then 64-byte
 *                     records, appended, updated in place, never
 *                     rewritten; truncated (epoch + 1) once all are done
 *   state/hsm/pend/SEQ:OID:VER
 *                     a symlink to "EPOCH:INDEX", the file's newest
 *                     request; each record links the request pending
 *                     before it for the same file (prev), so a lookup
 *                     reads one link and a record or two
 *
 * Changes are made under flock(state/hsm/queue); lookups read without
 * the lock and check the epoch, so a stale marker reads as "none".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emu/hsmcore.h"

#define Q_MAGIC 0x51534645u /* "EFSQ" */
#define Q_HDR	64

struct qhdr {
	uint32_t magic;
	uint32_t epoch;
	uint64_t nrec;
	uint64_t cursor;  /* records before it are not waiting */
	uint64_t running; /* records in state running */
	char pad[32];
};

static off_t rec_off(uint64_t i)
{
	return (off_t)(Q_HDR + i * sizeof(struct emu_qrec));
}

static int hdr_read(int fd, struct qhdr *h)
{
	ssize_t n = pread(fd, h, sizeof(*h), 0);

	if (n == (ssize_t)sizeof(*h) && h->magic == Q_MAGIC)
		return 0;
	if (n < 0)
		return -errno;
	memset(h, 0, sizeof(*h)); /* empty, or an older format: start afresh */
	h->magic = Q_MAGIC;
	h->epoch = (uint32_t)time(NULL);
	return 1;
}

static int hdr_write(int fd, const struct qhdr *h)
{
	return pwrite(fd, h, sizeof(*h), 0) == (ssize_t)sizeof(*h) ? 0 : -EIO;
}

static int rec_read(int fd, uint64_t i, struct emu_qrec *r)
{
	return pread(fd, r, sizeof(*r), rec_off(i)) == (ssize_t)sizeof(*r) ?
		       0 :
		       -ENOENT;
}

static int rec_write(int fd, uint64_t i, const struct emu_qrec *r)
{
	return pwrite(fd, r, sizeof(*r), rec_off(i)) == (ssize_t)sizeof(*r) ?
		       0 :
		       -EIO;
}

static void pend_path(const struct emu_mount *m, const struct lu_fid *fid,
		      char *buf, size_t len)
{
	snprintf(buf, len, "%s/hsm/pend/%llx:%x:%x", m->state,
		 (unsigned long long)fid->f_seq, fid->f_oid, fid->f_ver);
}

/* the newest request index recorded for fid (and its epoch), or -1 */
static int64_t pend_read(const struct emu_mount *m, const struct lu_fid *fid,
			 uint32_t *ret_epoch)
{
	char path[PATH_MAX], val[64];
	unsigned long long idx;
	unsigned int ep;
	ssize_t n;

	pend_path(m, fid, path, sizeof(path));
	n = readlink(path, val, sizeof(val) - 1);
	if (n <= 0)
		return -1;
	val[n] = 0;
	if (sscanf(val, "%u:%llu", &ep, &idx) != 2)
		return -1;
	*ret_epoch = ep;
	return (int64_t)idx;
}

static void pend_set(const struct emu_mount *m, const struct lu_fid *fid,
		     uint32_t epoch, uint64_t idx)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16], val[64];

	pend_path(m, fid, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	snprintf(val, sizeof(val), "%u:%llu", epoch, (unsigned long long)idx);
	unlink(tmp);
	if (symlink(val, tmp) && errno == ENOENT) {
		char dir[PATH_MAX];

		snprintf(dir, sizeof(dir), "%s/hsm/pend", m->state);
		mkdir(dir, 0777);
		chmod(dir, 0777);
		if (symlink(val, tmp))
			return;
	}
	if (rename(tmp, path))
		unlink(tmp);
}

static void pend_clear(const struct emu_mount *m, const struct lu_fid *fid)
{
	char path[PATH_MAX];

	pend_path(m, fid, path, sizeof(path));
	unlink(path);
}

static int pending(const struct emu_qrec *r)
{
	return r->state == Q_WAITING || r->state == Q_RUNNING;
}

typedef int walk_fn(int fd, uint64_t i, struct emu_qrec *r, void *arg);

/* call fn on each pending request of fid from index i back (newest first) */
static int walk_from(int fd, const struct qhdr *h, const struct lu_fid *fid,
		     int64_t i, walk_fn *fn, void *arg)
{
	struct emu_qrec r;
	int rc;

	for (int hops = 0; i >= 0 && (uint64_t)i < h->nrec && hops < 1024;
	     hops++) {
		if (rec_read(fd, (uint64_t)i, &r) ||
		    memcmp(&r.fid, fid, sizeof(*fid)))
			return 0;
		if (pending(&r) && (rc = fn(fd, (uint64_t)i, &r, arg)))
			return rc;
		i = (int64_t)r.prev - 1;
	}
	return 0;
}

/*
 * Walk fid's chain from its newest request: call fn on each pending one
 * until it returns non-zero. Returns fn's value, or 0.
 */
static int chain_walk(const struct emu_mount *m, int fd, const struct qhdr *h,
		      const struct lu_fid *fid, walk_fn *fn, void *arg)
{
	uint32_t ep = 0;
	int64_t i = pend_read(m, fid, &ep);

	return i >= 0 && ep == h->epoch ? walk_from(fd, h, fid, i, fn, arg) : 0;
}

int emu_queue_lock(struct emu_mount *m)
{
	return emu_lock(m, "hsm/queue");
}

static int first_hit(int fd, uint64_t i, struct emu_qrec *r, void *arg)
{
	(void)fd, (void)i;
	*(struct emu_qrec *)arg = *r;
	return 1;
}

/* the newest pending or running request for fid, without the lock */
int emu_queue_find(struct emu_mount *m, const struct lu_fid *fid,
		   struct emu_qrec *ret)
{
	char path[PATH_MAX];
	uint32_t ep = 0;
	int64_t i = pend_read(m, fid, &ep);
	struct qhdr h;
	int fd, rc = -ENOENT;

	if (i < 0)
		return -ENOENT; /* the usual case: nothing queued for this file */
	snprintf(path, sizeof(path), "%s/hsm/queue", m->state);
	fd = emu_real.open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!hdr_read(fd, &h) && h.epoch == ep &&
	    walk_from(fd, &h, fid, i, first_hit, ret))
		rc = 0;
	emu_real.close(fd);
	return rc;
}

struct add_ctx {
	uint32_t action;
	int dup;
	int64_t newest; /* newest pending request of the file */
};

static int add_scan(int fd, uint64_t i, struct emu_qrec *r, void *arg)
{
	struct add_ctx *c = arg;

	(void)fd;
	if (c->newest < 0)
		c->newest = (int64_t)i;
	if (c->action == HUA_CANCEL) {
		if (r->state == Q_WAITING) {
			r->state = Q_CANCELED;
			rec_write(fd, i, r);
		}
		return 0;
	}
	c->dup |= r->action == c->action;
	return c->dup;
}

/* is fid still waiting or running anywhere in its chain? */
static int any_pending(int fd, uint64_t i, struct emu_qrec *r, void *arg)
{
	(void)fd, (void)i, (void)r, (void)arg;
	return 1;
}

/*
 * Queue the wanted items of one request (duplicates collapse; CANCEL
 * drops waiting ones): one lock, one write of the new records.
 */
int emu_queue_add(struct emu_mount *m, const struct hsm_request *hr,
		  const struct hsm_user_item *items, const int *want)
{
	struct emu_qrec *add = calloc(hr->hr_itemcount + 1u, sizeof(*add));
	struct qhdr h;
	size_t n = 0;
	int fd, rc = 0;

	if (!add)
		return -ENOMEM;
	if ((fd = emu_queue_lock(m)) < 0) {
		rc = fd;
		goto out_free;
	}
	if (hdr_read(fd, &h) > 0 && ftruncate(fd, Q_HDR))
		rc = -errno;
	for (uint32_t i = 0; i < hr->hr_itemcount && !rc; i++) {
		struct add_ctx c = { .action = hr->hr_action, .newest = -1 };
		size_t j;

		if (!want[i])
			continue;
		for (j = 0; j < n; j++) /* the same FID twice in this request */
			if (!memcmp(&add[j].fid, &items[i].hui_fid,
				    sizeof(add[j].fid)))
				break;
		if (j < n)
			continue;
		chain_walk(m, fd, &h, &items[i].hui_fid, add_scan, &c);
		if (hr->hr_action == HUA_CANCEL) {
			if (!chain_walk(m, fd, &h, &items[i].hui_fid,
					any_pending, NULL))
				pend_clear(m, &items[i].hui_fid);
			continue;
		}
		if (c.dup)
			continue;
		memset(&add[n], 0, sizeof(add[n]));
		add[n].fid = items[i].hui_fid;
		add[n].action = hr->hr_action;
		add[n].state = Q_WAITING;
		add[n].archive_id = hr->hr_archive_id;
		add[n].length = items[i].hui_extent.length;
		add[n].when = (uint64_t)time(NULL);
		add[n].prev = (uint32_t)(c.newest + 1);
		add[n].self = (uint32_t)(h.nrec + n);
		n++;
	}
	if (!rc && n) {
		ssize_t len = (ssize_t)(n * sizeof(*add));

		if (pwrite(fd, add, (size_t)len, rec_off(h.nrec)) != len)
			rc = -EIO;
		h.nrec += n;
		if (!rc)
			rc = hdr_write(fd, &h);
		for (size_t j = 0; j < n && !rc; j++)
			pend_set(m, &add[j].fid, h.epoch, add[j].self);
	}
	emu_unlock(fd);
out_free:
	free(add);
	return rc;
}

static int mark_restore_done(int fd, uint64_t i, struct emu_qrec *r, void *arg)
{
	(void)arg;
	if (r->action == HUA_RESTORE && r->state == Q_WAITING) {
		r->state = Q_DONE;
		r->moved = r->length;
		rec_write(fd, i, r);
	}
	return 0;
}

/* the open restored the file: its waiting restore requests are done */
void emu_queue_restore_done(struct emu_mount *m, const struct lu_fid *fid)
{
	struct emu_qrec r;
	struct qhdr h;
	int fd;

	if (emu_queue_find(m, fid, &r) || (fd = emu_queue_lock(m)) < 0)
		return;
	if (!hdr_read(fd, &h)) {
		chain_walk(m, fd, &h, fid, mark_restore_done, NULL);
		if (!chain_walk(m, fd, &h, fid, any_pending, NULL))
			pend_clear(m, fid);
	}
	emu_unlock(fd);
}

/*
 * One round of the copytool, under one lock: record the results of the
 * requests it ran (done[0..ndone), err[]), then move waiting requests
 * to running, up to max running in all, into out. Returns how many were
 * taken; *ret_waiting says whether any are left waiting.
 */
size_t emu_queue_cycle(struct emu_mount *m, const struct emu_qrec *done,
		       const int *err, size_t ndone, struct emu_qrec *out,
		       size_t max, int *ret_waiting)
{
	struct emu_qrec r;
	struct qhdr h;
	size_t got = 0;
	int fd = emu_queue_lock(m);

	*ret_waiting = 0;
	if (fd < 0)
		return 0;
	if (hdr_read(fd, &h) > 0) {
		ftruncate(fd, Q_HDR);
		ndone = 0; /* the queue was reset under us */
	}
	for (size_t i = 0; i < ndone; i++) {
		uint64_t k = done[i].self;

		if (rec_read(fd, k, &r) || r.state != Q_RUNNING ||
		    memcmp(&r.fid, &done[i].fid, sizeof(r.fid)))
			continue;
		r.state = err[i] ? Q_FAILED : Q_DONE;
		r.err = err[i];
		r.moved = r.length;
		rec_write(fd, k, &r);
		h.running -= h.running > 0;
		if (!chain_walk(m, fd, &h, &r.fid, any_pending, NULL))
			pend_clear(m, &r.fid);
	}
	for (uint64_t i = h.cursor; i < h.nrec; i++) {
		if (rec_read(fd, i, &r))
			break;
		if (r.state != Q_WAITING) {
			if (i == h.cursor)
				h.cursor++;
			continue;
		}
		if (h.running >= max) {
			*ret_waiting = 1;
			break;
		}
		r.state = Q_RUNNING;
		r.err = (int32_t)getpid();
		rec_write(fd, i, &r);
		h.running++;
		if (i == h.cursor)
			h.cursor++;
		out[got++] = r;
	}
	if (h.cursor >= h.nrec && !h.running && h.nrec) {
		/* all done: start a new epoch with an empty queue */
		h.nrec = h.cursor = 0;
		h.epoch++;
		ftruncate(fd, Q_HDR);
	}
	hdr_write(fd, &h);
	emu_unlock(fd);
	return got;
}

/*
 * At copytool start: requests left running by a copytool that died
 * (its pid is gone) wait again, or they would hold the coordinator's
 * slots forever. One pass over the queue.
 */
void emu_queue_requeue_orphans(struct emu_mount *m)
{
	struct emu_qrec r;
	struct qhdr h;
	int fd = emu_queue_lock(m);

	if (fd < 0)
		return;
	if (!hdr_read(fd, &h) && h.running) {
		for (uint64_t i = 0; i < h.nrec && !rec_read(fd, i, &r); i++) {
			if (r.state != Q_RUNNING || r.err <= 0 ||
			    kill((pid_t)r.err, 0) == 0 || errno != ESRCH)
				continue;
			r.state = Q_WAITING;
			r.err = 0;
			rec_write(fd, i, &r);
			h.running -= h.running > 0;
			if (i < h.cursor)
				h.cursor = i;
		}
		hdr_write(fd, &h);
	}
	emu_unlock(fd);
}
