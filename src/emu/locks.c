// SPDX-License-Identifier: MIT
/*
 * Cross-process state for migrate (lustre-abi.md §5, §6.14, §6.16):
 * group locks, who has a file open for write, leases. All of it rests on
 * open-file-description (OFD) locks on state/locks, so that a process
 * killed at any point leaves nothing held. Per inode i, bytes 4i..4i+3:
 *   4i+0  mutex while a group lock changes hands
 *   4i+1  group-lock holders: one read lock per holding fd (own OFD)
 *   4i+2  writers: a read lock per process with the file open for write
 * The holders' gid is in state/glock/<ino>; a lease is the file
 * state/lease/<ino> ("pid token"), which any open for write unlinks
 * (that is the break). state/shm, mapped shared, counts group locks and
 * leases so that I/O skips every check while there are none (a count
 * left high by a killed holder only costs a system call per I/O).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emu/pre.h"

struct emu_shm {
	uint32_t glocks;
	uint32_t leases;
	uint32_t dv_epoch;  /* bumped by every data-version query */
	uint32_t use_gen;   /* bumped when a writer closes (statfs cache) */
	uint32_t use_valid; /* the cache below was computed at this use_gen + 1 */
	uint32_t swaps;	    /* bumped by every swap that renames (swapname.c) */
	uint64_t use_when;  /* CLOCK_MONOTONIC ns of the walk */
	uint64_t use_bytes, use_inodes;
};

struct mlocks {
	struct emu_mount *m;
	int fd;	   /* this process's OFD on state/locks */
	pid_t pid; /* the process that opened it (fork check) */
	struct emu_shm *shm;
};

static pthread_mutex_t lk = PTHREAD_MUTEX_INITIALIZER;
static struct mlocks ml[8];
static struct emu_shm dummy;

/* writers in this process: inode -> number of writable fds */
static struct wref {
	const struct emu_mount *m;
	ino_t ino;
	unsigned int n;
} *wrefs;
static size_t nwrefs;

static void state_path(const struct emu_mount *m, char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", m->state, name);
}

static struct emu_shm *map_shm(const struct emu_mount *m)
{
	char path[PATH_MAX];
	void *p;
	int fd;

	state_path(m, path, sizeof(path), "shm");
	fd = emu_real.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		return NULL;
	if (ftruncate(fd, 4096) && errno != EPERM) {
		emu_real.close(fd);
		return NULL;
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	emu_real.close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/* this process's entry for m (reopened after a fork) */
static struct mlocks *get(struct emu_mount *m)
{
	char path[PATH_MAX];
	struct mlocks *e = NULL;
	pid_t pid = getpid();

	pthread_mutex_lock(&lk);
	for (size_t i = 0; i < sizeof(ml) / sizeof(ml[0]) && !e; i++)
		if (ml[i].m == m || !ml[i].m)
			e = &ml[i];
	if (e && (!e->m || e->pid != pid)) {
		if (e->m && e->fd >= 0)
			emu_real.close(e->fd); /* the parent's OFD: its locks stay its own */
		state_path(m, path, sizeof(path), "locks");
		e->fd = emu_real.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
		if (!e->shm)
			e->shm = map_shm(m);
		e->m = m;
		e->pid = pid;
	}
	pthread_mutex_unlock(&lk);
	return e && e->fd >= 0 ? e : NULL;
}

struct emu_shm *emu_shm(struct emu_mount *m)
{
	struct mlocks *e = get(m);

	return e && e->shm ? e->shm : &dummy;
}


#define USAGE_TTL_NS 2000000000ull

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* statfs's walk, shared by every process for USAGE_TTL_NS unless a writer closed */
int emu_usage_get(struct emu_mount *m, uint64_t *bytes, uint64_t *inodes, uint32_t *gen)
{
	struct emu_shm *s = emu_shm(m);

	*gen = __atomic_load_n(&s->use_gen, __ATOMIC_SEQ_CST);
	if (s == &dummy || s->use_valid != *gen + 1 ||
	    now_ns() - __atomic_load_n(&s->use_when, __ATOMIC_SEQ_CST) > USAGE_TTL_NS)
		return 0;
	*bytes = s->use_bytes;
	*inodes = s->use_inodes;
	return 1;
}

void emu_usage_put(struct emu_mount *m, uint64_t bytes, uint64_t inodes, uint32_t gen)
{
	struct emu_shm *s = emu_shm(m);

	s->use_valid = 0;
	s->use_bytes = bytes;
	s->use_inodes = inodes;
	__atomic_store_n(&s->use_when, now_ns(), __ATOMIC_SEQ_CST);
	__atomic_store_n(&s->use_valid, gen + 1, __ATOMIC_SEQ_CST);
}

void emu_usage_invalidate(struct emu_mount *m)
{
	__atomic_add_fetch(&emu_shm(m)->use_gen, 1, __ATOMIC_SEQ_CST);
}

uint32_t emu_dv_epoch(struct emu_mount *m, int bump)
{
	struct emu_shm *s = emu_shm(m);

	return bump ? __atomic_add_fetch(&s->dv_epoch, 1, __ATOMIC_SEQ_CST) :
		      __atomic_load_n(&s->dv_epoch, __ATOMIC_SEQ_CST);
}

static int ofd(int fd, int cmd, short type, off_t start)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = 1 };

	while (fcntl(fd, cmd, &fl) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return cmd == F_OFD_GETLK ? fl.l_type != F_UNLCK : 0;
}

#define BYTE(ino, k) ((off_t)(ino) * 4 + (k))

/* ---- writers ---- */

static struct wref *wref_find(const struct emu_mount *m, ino_t ino, int add)
{
	struct wref *w;

	for (size_t i = 0; i < nwrefs; i++)
		if (wrefs[i].m == m && wrefs[i].ino == ino)
			return &wrefs[i];
	if (!add || !(w = realloc(wrefs, (nwrefs + 1) * sizeof(*w))))
		return NULL;
	wrefs = w;
	w = &wrefs[nwrefs++];
	*w = (struct wref){ m, ino, 0 };
	return w;
}

void emu_writer_add(struct emu_fd *f)
{
	struct mlocks *e = get(f->m);
	struct wref *w;

	if (!e || f->wtracked)
		return;
	pthread_mutex_lock(&lk);
	w = wref_find(f->m, f->ino, 1);
	if (w && !w->n++)
		ofd(e->fd, F_OFD_SETLK, F_RDLCK, BYTE(f->ino, 2));
	f->wtracked = !!w;
	pthread_mutex_unlock(&lk);
}

void emu_writer_drop(struct emu_fd *f)
{
	struct mlocks *e = get(f->m);
	struct wref *w;

	if (!e || !f->wtracked)
		return;
	pthread_mutex_lock(&lk);
	w = wref_find(f->m, f->ino, 0);
	if (w && w->n && !--w->n)
		ofd(e->fd, F_OFD_SETLK, F_UNLCK, BYTE(f->ino, 2));
	f->wtracked = 0;
	pthread_mutex_unlock(&lk);
}

/* other open-for-write handles than f itself, in any process */
static int other_writers(struct emu_fd *f, struct mlocks *e)
{
	struct wref *w;
	unsigned int mine;

	pthread_mutex_lock(&lk);
	w = wref_find(f->m, f->ino, 0);
	mine = w ? w->n : 0;
	pthread_mutex_unlock(&lk);
	if (mine > (f->wtracked ? 1u : 0u))
		return 1;
	return ofd(e->fd, F_OFD_GETLK, F_WRLCK, BYTE(f->ino, 2)) > 0;
}

/* ---- group locks ---- */

static int gid_file(const struct emu_mount *m, ino_t ino, uint32_t *gid, int write)
{
	char path[PATH_MAX];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/glock/%lx", m->state, (unsigned long)ino);
	fd = emu_real.open(path, write ? O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC : O_RDONLY | O_CLOEXEC, 0666);
	if (fd < 0 && write && errno == ENOENT) {
		state_path(m, path, sizeof(path), "glock");
		mkdir(path, 0777);
		chmod(path, 0777);
		return gid_file(m, ino, gid, write);
	}
	if (fd < 0)
		return -errno;
	if ((write ? pwrite(fd, gid, 4, 0) : pread(fd, gid, 4, 0)) != 4)
		rc = -EIO;
	emu_real.close(fd);
	return rc;
}

int emu_group_lock(struct emu_fd *f, uint32_t gid, int nonblock)
{
	struct mlocks *e = get(f->m);
	char path[PATH_MAX];
	uint32_t cur;
	int held, h;

	if (!e)
		return -ENOLCK;
	state_path(f->m, path, sizeof(path), "locks");
	for (;;) {
		ofd(e->fd, F_OFD_SETLKW, F_WRLCK, BYTE(f->ino, 0));
		held = ofd(e->fd, F_OFD_GETLK, F_WRLCK, BYTE(f->ino, 1));
		if (held <= 0 || (!gid_file(f->m, f->ino, &cur, 0) && cur == gid))
			break;
		ofd(e->fd, F_OFD_SETLK, F_UNLCK, BYTE(f->ino, 0));
		if (nonblock)
			return -EAGAIN;
		ofd(e->fd, F_OFD_SETLKW, F_WRLCK, BYTE(f->ino, 1)); /* until they are gone */
		ofd(e->fd, F_OFD_SETLK, F_UNLCK, BYTE(f->ino, 1));
	}
	h = emu_real.open(path, O_RDWR | O_CLOEXEC);
	if (h >= 0 && (held > 0 || !gid_file(f->m, f->ino, &gid, 1)) &&
	    !ofd(h, F_OFD_SETLKW, F_RDLCK, BYTE(f->ino, 1))) {
		f->glock_fd = h;
		f->gid = gid;
		__atomic_add_fetch(&emu_shm(f->m)->glocks, 1, __ATOMIC_SEQ_CST);
		h = -1;
	}
	if (h >= 0)
		emu_real.close(h);
	ofd(e->fd, F_OFD_SETLK, F_UNLCK, BYTE(f->ino, 0));
	return f->gid ? 0 : -ENOLCK;
}

void emu_group_unlock(struct emu_fd *f)
{
	struct emu_shm *s;

	if (!f->gid)
		return;
	emu_real.close(f->glock_fd);
	f->gid = 0;
	s = emu_shm(f->m);
	if (__atomic_load_n(&s->glocks, __ATOMIC_SEQ_CST))
		__atomic_sub_fetch(&s->glocks, 1, __ATOMIC_SEQ_CST);
}

/* I/O by anyone but the holders waits while a group lock is held */
uint32_t emu_swap_gen(struct emu_mount *m, int bump)
{
	struct emu_shm *s = emu_shm(m);

	if (bump)
		return __atomic_add_fetch(&s->swaps, 1, __ATOMIC_SEQ_CST);
	return __atomic_load_n(&s->swaps, __ATOMIC_RELAXED);
}

void emu_group_wait(struct emu_mount *m, struct emu_fd *f, ino_t ino)
{
	struct mlocks *e;

	if (f && f->gid)
		return;
	if (!__atomic_load_n(&emu_shm(m)->glocks, __ATOMIC_RELAXED) || !(e = get(m)))
		return;
	if (ofd(e->fd, F_OFD_GETLK, F_WRLCK, BYTE(ino, 1)) <= 0)
		return;
	ofd(e->fd, F_OFD_SETLKW, F_WRLCK, BYTE(ino, 1));
	ofd(e->fd, F_OFD_SETLK, F_UNLCK, BYTE(ino, 1));
}

/* ---- leases ---- */

static void lease_path(const struct emu_mount *m, ino_t ino, char *buf, size_t len)
{
	snprintf(buf, len, "%s/lease/%lx", m->state, (unsigned long)ino);
}

static int lease_read(const struct emu_mount *m, ino_t ino, long *pid, uint64_t *token)
{
	char path[PATH_MAX], buf[64];
	ssize_t n;
	int fd;

	lease_path(m, ino, path, sizeof(path));
	fd = emu_real.open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	emu_real.close(fd);
	if (n <= 0)
		return -ENOENT;
	buf[n] = 0;
	return sscanf(buf, "%ld %lx", pid, (unsigned long *)token) == 2 ? 0 : -ENOENT;
}

int emu_lease_set(struct emu_fd *f, uint32_t mode)
{
	struct mlocks *e = get(f->m);
	char path[PATH_MAX], buf[64];
	struct timespec ts;
	uint64_t token;
	long pid;
	int fd, n;

	if (!e)
		return -ENOLCK;
	if (f->lease)
		return -EBUSY;
	if (!lease_read(f->m, f->ino, &pid, &token) && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
		return -EBUSY; /* another lease */
	if (other_writers(f, e))
		return -EBUSY;
	clock_gettime(CLOCK_REALTIME, &ts);
	token = ((uint64_t)ts.tv_sec << 30 ^ (uint64_t)ts.tv_nsec) * 2654435761u ^ (uint64_t)getpid();
	lease_path(f->m, f->ino, path, sizeof(path));
	fd = emu_real.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 && errno == ENOENT) {
		char dir[PATH_MAX];

		state_path(f->m, dir, sizeof(dir), "lease");
		mkdir(dir, 0777);
		chmod(dir, 0777);
		fd = emu_real.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	}
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%ld %lx\n", (long)getpid(), (unsigned long)token);
	if (write(fd, buf, (size_t)n) != n) {
		emu_real.close(fd);
		return -EIO;
	}
	emu_real.close(fd);
	f->lease = mode;
	f->lease_token = token;
	__atomic_add_fetch(&emu_shm(f->m)->leases, 1, __ATOMIC_SEQ_CST);
	return 0;
}

/* the lease still stands (nobody opened the file for write since) */
int emu_lease_intact(struct emu_fd *f)
{
	uint64_t token;
	long pid;

	return f->lease && !lease_read(f->m, f->ino, &pid, &token) && pid == getpid() &&
	       token == f->lease_token;
}

/* give the lease up: the mode held, 0 if it was broken, -ENOLCK if none */
int emu_lease_unlock(struct emu_fd *f)
{
	char path[PATH_MAX];
	int mode = f->lease, intact;
	struct emu_shm *s;

	if (!mode)
		return -ENOLCK;
	intact = emu_lease_intact(f);
	if (intact) {
		lease_path(f->m, f->ino, path, sizeof(path));
		unlink(path);
	}
	f->lease = 0;
	s = emu_shm(f->m);
	if (__atomic_load_n(&s->leases, __ATOMIC_SEQ_CST))
		__atomic_sub_fetch(&s->leases, 1, __ATOMIC_SEQ_CST);
	return intact ? mode : 0;
}

/* an open for write breaks any lease on the file */
void emu_lease_break(struct emu_mount *m, ino_t ino)
{
	char path[PATH_MAX];

	if (!__atomic_load_n(&emu_shm(m)->leases, __ATOMIC_RELAXED))
		return;
	lease_path(m, ino, path, sizeof(path));
	unlink(path);
}
