// SPDX-License-Identifier: MIT
/*
 * Allocation counters shared by every process using one emulated mount:
 * the next FID, the round-robin OST cursor and each OST's next object id.
 * They live in state/counters, updated under flock(2); each update opens
 * the file afresh so that a fork never shares a lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "emu/emu.h"

#define FID_SEQ_WIDTH 0x20000u /* oids per sequence, as a client gets them */
#define FIRST_OBJID   2

struct counters {
	uint64_t next_fid;
	uint32_t rr;
	uint32_t nost;
	uint64_t objid[EMU_MAX_OSTS];
};

int emu_lock(const struct emu_mount *m, const char *name)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", m->state, name);
	fd = emu_real.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			int rc = -errno;

			emu_real.close(fd);
			return rc;
		}
	}
	return fd;
}

void emu_unlock(int fd)
{
	if (fd >= 0)
		emu_real.close(fd); /* drops the flock */
}

static int counters_read(int fd, struct counters *c, unsigned int nost)
{
	ssize_t n = pread(fd, c, sizeof(*c), 0);

	if (n < 0)
		return -errno;
	if ((size_t)n < offsetof(struct counters, objid))
		memset(c, 0, sizeof(*c));
	else if ((size_t)n < sizeof(*c))
		memset((char *)c + n, 0, sizeof(*c) - (size_t)n);
	for (unsigned int i = 0; i < nost && i < EMU_MAX_OSTS; i++)
		if (c->objid[i] < FIRST_OBJID)
			c->objid[i] = FIRST_OBJID;
	c->nost = nost;
	return 0;
}

static int counters_write(int fd, const struct counters *c)
{
	size_t len = offsetof(struct counters, objid) + c->nost * sizeof(c->objid[0]);

	if (pwrite(fd, c, len, 0) != (ssize_t)len)
		return -EIO;
	return 0;
}

/* the FID of allocation number n */
void emu_fid_nth(uint64_t n, struct lu_fid *ret)
{
	ret->f_seq = FID_SEQ_NORMAL + 1 + n / FID_SEQ_WIDTH;
	ret->f_oid = (uint32_t)(1 + n % FID_SEQ_WIDTH);
	ret->f_ver = 0;
}

/* reserve count FIDs in one go: numbers *ret_first .. + count - 1 */
int emu_fid_reserve(const struct emu_mount *m, uint64_t count, uint64_t *ret_first)
{
	struct counters c;
	int fd = emu_lock(m, "counters"), rc;

	if (fd < 0)
		return fd;
	rc = counters_read(fd, &c, m->cfg.osts);
	if (!rc) {
		*ret_first = c.next_fid;
		c.next_fid += count;
		rc = counters_write(fd, &c);
	}
	emu_unlock(fd);
	return rc;
}

int emu_fid_alloc(const struct emu_mount *m, struct lu_fid *ret)
{
	uint64_t n;
	int rc = emu_fid_reserve(m, 1, &n);

	if (!rc)
		emu_fid_nth(n, ret);
	return rc;
}

static int in_set(const struct emu_alloc *a, unsigned int ost)
{
	for (unsigned int i = 0; i < a->nset; i++)
		if (a->set[i] == ost)
			return (int)i;
	return -1;
}

static void obj_set(struct lov_ost_data *o, unsigned int ost, struct counters *c)
{
	memset(o, 0, sizeof(*o));
	o->l_ost_oi.oi_id = c->objid[ost]++; /* group 0: oi_seq stays 0 */
	o->l_ost_idx = ost;
}

/*
 * Allocate a->n objects: on the listed OSTs (SPECIFIC), or round robin over
 * a->set starting at a->start (or the shared cursor). Without overstriping
 * a->n must not exceed a->nset; the caller caps it.
 */
int emu_obj_alloc(const struct emu_mount *m, const struct emu_alloc *a,
		  struct lov_ost_data *objs)
{
	struct counters c;
	int fd = emu_lock(m, "counters"), rc;
	unsigned int pos;

	if (fd < 0)
		return fd;
	rc = counters_read(fd, &c, m->cfg.osts);
	if (rc)
		goto out;
	if (a->exact) {
		for (unsigned int i = 0; i < a->n; i++)
			obj_set(&objs[i], a->exact[i], &c);
		goto write;
	}
	if (a->start >= 0 && in_set(a, (unsigned int)a->start) >= 0)
		pos = (unsigned int)in_set(a, (unsigned int)a->start);
	else
		pos = c.rr++ % a->nset;
	for (unsigned int i = 0; i < a->n; i++)
		obj_set(&objs[i], a->set[(pos + i) % a->nset], &c);
write:
	rc = counters_write(fd, &c);
out:
	emu_unlock(fd);
	return rc;
}
