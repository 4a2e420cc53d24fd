// SPDX-License-Identifier: MIT
/*
 * Layout swap of a named file with an anonymous (volatile) one, the case
 * of lfs migrate, without touching the named file's bytes: the volatile
 * inode already holds the new data, so it takes the named file's
 * identity (user.* xattrs with the FID and HSM state, the relabelled
 * layout, owner, mode) and is renamed over the name in one atomic step.
 * The old inode, still open, becomes the volatile one. Plain tools see
 * the whole old file or the whole new one at every instant, and a
 * kill -9 anywhere leaves at most a spare link in state/swap/, removed
 * by the next use of the mount. Finally the caller's two fds are
 * pointed at the inodes they name on Lustre after a swap (fd1 at the
 * file, fd2 at the volatile), with their flags and offsets, and the
 * per-inode bookkeeping (writers, group locks) follows them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "emu/swap.h"

struct xattrs {
	char *names; /* as flistxattr returns them */
	size_t len;
	const char **name; /* the user.* ones but the layout */
	void **vals;
	size_t *lens;
	unsigned int n;
};

static void xattrs_free(struct xattrs *x)
{
	for (unsigned int i = 0; i < x->n; i++)
		free(x->vals[i]);
	free(x->name);
	free(x->vals);
	free(x->lens);
	free(x->names);
	memset(x, 0, sizeof(*x));
}

static int ours_to_copy(const char *name)
{
	return !strncmp(name, "user.", 5) && strcmp(name, EMU_XA_LOV);
}

/* every user.* xattr of fd but the layout */
static int xattrs_load(int fd, struct xattrs *x)
{
	ssize_t len = emu_real.flistxattr(fd, NULL, 0);
	unsigned int max = 0;

	memset(x, 0, sizeof(*x));
	if (len < 0)
		return -errno;
	if (!(x->names = malloc((size_t)len + 1)))
		return -ENOMEM;
	len = emu_real.flistxattr(fd, x->names, (size_t)len);
	if (len < 0)
		return -errno;
	x->len = (size_t)len;
	for (char *p = x->names; p < x->names + x->len; p += strlen(p) + 1)
		max++;
	x->name = calloc(max + 1, sizeof(*x->name));
	x->vals = calloc(max + 1, sizeof(*x->vals));
	x->lens = calloc(max + 1, sizeof(*x->lens));
	if (!x->name || !x->vals || !x->lens)
		return -ENOMEM;
	for (char *p = x->names; p < x->names + x->len; p += strlen(p) + 1) {
		ssize_t n = ours_to_copy(p) ?
				    emu_real.fgetxattr(fd, p, NULL, 0) :
				    -1;
		void *v = n >= 0 ? malloc(n ? (size_t)n : 1) : NULL;

		if (!v || (n = emu_real.fgetxattr(fd, p, v, (size_t)n)) < 0) {
			free(v);
			continue;
		}
		x->name[x->n] = p;
		x->vals[x->n] = v;
		x->lens[x->n++] = (size_t)n;
	}
	return 0;
}

/* fd's user.* xattrs (but the layout) := those in x; old: what fd has */
static int xattrs_apply(int fd, const struct xattrs *x,
			const struct xattrs *old)
{
	for (unsigned int i = 0; i < old->n; i++)
		emu_real.fremovexattr(fd, old->name[i]);
	for (unsigned int i = 0; i < x->n; i++)
		if (emu_real.fsetxattr(fd, x->name[i], x->vals[i], x->lens[i],
				       0))
			return -errno;
	return 0;
}

/* dst's inode stores from's layout, labelled with id's FID */
static int set_lov_for(const struct side *dst, const struct side *id,
		       const struct side *from, uint32_t gen)
{
	void *blob;
	size_t len;
	int rc;

	if (!from->lov)
		return emu_real.fremovexattr(dst->fd, EMU_XA_LOV) &&
				       errno != ENODATA ?
			       -errno :
			       0;
	if ((rc = emu_swap_relabel(from, id, gen, &blob, &len)))
		return rc;
	rc = emu_real.fsetxattr(dst->fd, EMU_XA_LOV, blob, len, 0) ? -errno : 0;
	free(blob);
	return rc;
}

/* a new fd on the inode behind `on`, with fd `like`'s flags and offset */
static int reopen_like(int on, int like)
{
	int fl = fcntl(like, F_GETFL), fd;
	off_t pos = lseek(like, 0, SEEK_CUR);
	char path[64];

	fl &= ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | O_TMPFILE | O_NOFOLLOW);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", on);
	fd = emu_real.open(path, fl | O_CLOEXEC);
	if (fd < 0 && (fl & (O_NOATIME | O_DIRECT)))
		fd = emu_real.open(path,
				   (fl & ~(O_NOATIME | O_DIRECT)) | O_CLOEXEC);
	if (fd >= 0 && pos > 0)
		lseek(fd, pos, SEEK_SET);
	return fd;
}

/* the emu_fd of fd now refers to the inode st: move its bookkeeping */
static void follow(int fd, const struct stat *st)
{
	struct emu_fd *f = emu_fd_get(fd);
	uint32_t gid;
	int tracked;

	if (!f || !f->m)
		return;
	gid = f->gid;
	tracked = f->wtracked;
	emu_group_unlock(f);
	emu_writer_drop(f);
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	if (tracked)
		emu_writer_add(f);
	if (gid)
		emu_group_lock(f, gid, 0);
}

/* fd1 and fd2 exchange the inodes they refer to */
static void exchange_fds(int fd1, int fd2)
{
	int n1 = reopen_like(fd2, fd1), n2 = reopen_like(fd1, fd2);
	int c1 = fcntl(fd1, F_GETFD) & FD_CLOEXEC ? O_CLOEXEC : 0;
	int c2 = fcntl(fd2, F_GETFD) & FD_CLOEXEC ? O_CLOEXEC : 0;
	struct stat s1, s2;

	if (n1 < 0 || n2 < 0 || fstat(n1, &s1) || fstat(n2, &s2)) {
		if (n1 >= 0)
			emu_real.close(n1);
		if (n2 >= 0)
			emu_real.close(n2);
		return;
	}
	/* the raw system call: the dup3 wrapper would copy our bookkeeping */
	syscall(SYS_dup3, n1, fd1, c1);
	syscall(SYS_dup3, n2, fd2, c2);
	emu_real.close(n1);
	emu_real.close(n2);
	follow(fd1, &s1);
	follow(fd2, &s2);
}

/*
 * The journal of a rename swap: state/swap/<ino>.rnew/ holds K (a link
 * to the inode that will take a name) and K.to (a symlink to that
 * name), K = 1, 2. Renamed to .rgo once complete (the commit point),
 * then each K is renamed over its name. Recovery drops an .rnew and
 * finishes an .rgo, so every name ends with the old or the new inode.
 */
static int jr_open(struct emu_mount *m, ino_t ino, char *dir, size_t len)
{
	snprintf(dir, len, "%s/swap", m->state);
	mkdir(dir, 0777);
	snprintf(dir, len, "%s/swap/%lx.rnew", m->state, (unsigned long)ino);
	emu_swap_rename_recover(dir, 0);
	return mkdir(dir, 0700) ? -errno : 0;
}

static int jr_add(const char *dir, int k, int fd, const char *target)
{
	char proc[64], path[PATH_MAX + 16];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	snprintf(path, sizeof(path), "%s/%d.to", dir, k);
	if (symlink(target, path))
		return -errno;
	snprintf(path, sizeof(path), "%s/%d", dir, k);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW))
		return errno == EXDEV ? -EOPNOTSUPP : -errno;
	return 0;
}

/* finish (go) or drop a journal entry; dir ends in .rnew or .rgo */
void emu_swap_rename_recover(const char *dir, int go)
{
	char path[PATH_MAX + 16], to[PATH_MAX];
	ssize_t n;

	for (int k = 1; k <= 2; k++) {
		snprintf(path, sizeof(path), "%s/%d.to", dir, k);
		n = readlink(path, to, sizeof(to) - 1);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%d", dir, k);
		if (go && n > 0) {
			to[n] = 0;
			if (!rename(path, to))
				continue;
		}
		unlink(path);
	}
	rmdir(dir);
}

static int jr_commit(char *dir)
{
	char go[PATH_MAX];
	size_t l = strlen(dir);

	snprintf(go, sizeof(go), "%.*s.rgo", (int)(l - 5), dir);
	emu_swap_kill_point(
		0); /* the fault hooks: die just before the commit */
	if (rename(dir, go))
		return -errno;
	strcpy(dir, go);
	emu_swap_kill_point(1); /* or just after it */
	emu_swap_rename_recover(dir, 1);
	return 0;
}

/* a new anonymous file beside `to` with from's data and to's identity */
static int build(const struct side *to, const struct side *from, uint32_t gen,
		 struct side *t)
{
	struct timespec times[2] = { from->st.st_atim, from->st.st_mtim };
	struct xattrs xt = { 0 }, none = { 0 };
	char dir[PATH_MAX], *slash;
	int rc;

	*t = *to;
	snprintf(dir, sizeof(dir), "%s", to->path);
	if (!(slash = strrchr(dir, '/')))
		return -EOPNOTSUPP;
	*(slash == dir ? slash + 1 : slash) = 0;
	t->fd = emu_real.open(dir, O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
	if (t->fd < 0)
		return -EOPNOTSUPP;
	if (fchown(t->fd, to->st.st_uid, to->st.st_gid) &&
	    geteuid() != to->st.st_uid)
		return -EOPNOTSUPP;
	if ((rc = emu_swap_copy_data(from->fd, t->fd)) ||
	    (rc = xattrs_load(to->fd, &xt)) ||
	    (rc = xattrs_apply(t->fd, &xt, &none)) ||
	    (rc = set_lov_for(t, to, from, gen)))
		goto out;
	if (fchmod(t->fd, to->st.st_mode & 07777) || futimens(t->fd, times) ||
	    fsync(t->fd))
		rc = -errno;
out:
	xattrs_free(&xt);
	return rc;
}

/* fd (the caller's) now names the inode at path, with its flags and offset */
static void repoint(int fd, const char *path)
{
	int fl = fcntl(fd, F_GETFL) & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY);
	int c = fcntl(fd, F_GETFD) & FD_CLOEXEC ? O_CLOEXEC : 0;
	int nfd = emu_real.open(path, fl | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;

	if (nfd < 0 && (fl & (O_NOATIME | O_DIRECT)))
		nfd = emu_real.open(path, (fl & ~(O_NOATIME | O_DIRECT)) |
						  O_CLOEXEC | O_NOFOLLOW);
	if (nfd < 0)
		return;
	if (!fstat(nfd, &st)) {
		lseek(nfd, lseek(fd, 0, SEEK_CUR), SEEK_SET);
		syscall(SYS_dup3, nfd, fd, c);
		follow(fd, &st);
	}
	emu_real.close(nfd);
}

/* two named files: both new contents built aside, then two renames */
static int swap_named(struct emu_mount *m, int fd1, int fd2, struct side *a,
		      struct side *b, uint32_t gen)
{
	struct side ta = { .fd = -1 }, tb = { .fd = -1 };
	char dir[PATH_MAX];
	int rc;

	if (a->st.st_nlink != 1 || b->st.st_nlink != 1)
		return -EOPNOTSUPP;
	if ((rc = build(a, b, gen, &ta)) || (rc = build(b, a, gen, &tb)))
		goto out;
	if ((rc = jr_open(m, a->st.st_ino, dir, sizeof(dir))))
		goto out;
	if ((rc = jr_add(dir, 1, ta.fd, a->path)) ||
	    (rc = jr_add(dir, 2, tb.fd, b->path)) || (rc = jr_commit(dir))) {
		emu_swap_rename_recover(dir, 0);
		goto out;
	}
	emu_swap_gen(m, 1);
	repoint(fd1, a->path);
	repoint(fd2, b->path);
out:
	if (ta.fd >= 0)
		emu_real.close(ta.fd);
	if (tb.fd >= 0)
		emu_real.close(tb.fd);
	return rc;
}

/*
 * -EOPNOTSUPP: not for this pair (hard links, an owner we cannot give,
 * the state on another filesystem), nothing done; the caller falls back
 * to the journal of swap.c.
 */
int emu_swap_by_rename(struct emu_mount *m, int fd1, int fd2, struct side *a,
		       struct side *b, uint32_t gen)
{
	struct side *n = a->path[0] ? a : b, *v = a->path[0] ? b : a;
	struct xattrs xn = { 0 }, xv = { 0 };
	char dir[PATH_MAX];
	int rc;

	if (a->path[0] && b->path[0])
		return swap_named(m, fd1, fd2, a, b, gen);
	if (!n->path[0] || n->st.st_nlink != 1 || v->st.st_nlink != 0)
		return -EOPNOTSUPP;
	if ((v->st.st_uid != n->st.st_uid || v->st.st_gid != n->st.st_gid) &&
	    fchown(v->fd, n->st.st_uid, n->st.st_gid))
		return -EOPNOTSUPP;
	if ((rc = jr_open(m, n->st.st_ino, dir, sizeof(dir))))
		return rc;
	if ((rc = jr_add(dir, 1, v->fd, n->path))) {
		emu_swap_rename_recover(dir, 0);
		return rc;
	}
	if ((rc = xattrs_load(n->fd, &xn)) || (rc = xattrs_load(v->fd, &xv)))
		goto out;
	/* the volatile inode becomes the file: identity, layout, mode */
	if ((rc = xattrs_apply(v->fd, &xn, &xv)) ||
	    (rc = set_lov_for(v, n, v, gen)) ||
	    (fchmod(v->fd, n->st.st_mode & 07777) && (rc = -errno)) ||
	    (fsync(v->fd) && (rc = -errno)) || (rc = jr_commit(dir)))
		goto out;
	emu_swap_gen(m, 1);
	/* the old inode, now anonymous, becomes the volatile one */
	xattrs_apply(n->fd, &xv, &xn);
	set_lov_for(n, v, n, gen);
	fchmod(n->fd, v->st.st_mode & 07777);
	exchange_fds(fd1, fd2);
out:
	if (rc)
		emu_swap_rename_recover(dir, 0);
	xattrs_free(&xn);
	xattrs_free(&xv);
	return rc;
}

/*
 * Before I/O through fd, after a swap that renamed: an fd left on the
 * replaced inode (opened before the swap, by a process that is not the
 * swapper) is pointed at the file that now has its name, as on Lustre
 * its I/O would reach the new layout. Cheap: one shared counter.
 */
void emu_swap_follow(struct emu_fd *f, int fd)
{
	char link[64], path[PATH_MAX + 16];
	uint32_t gen = emu_swap_gen(f->m, 0);
	struct stat st, now;
	ssize_t n;
	size_t l;
	int nfd, fl;

	if (gen == f->swap_gen || f->isvolatile || f->isdir)
		return;
	f->swap_gen = gen;
	if (fstat(fd, &st) || st.st_nlink || !S_ISREG(st.st_mode))
		return;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n <= 0)
		return;
	path[n] = 0;
	l = strlen(path);
	if (l < 11 || strcmp(path + l - 10, " (deleted)"))
		return;
	path[l - 10] = 0;
	fl = fcntl(fd, F_GETFL) & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY);
	nfd = emu_real.open(path, fl | O_CLOEXEC | O_NOFOLLOW);
	if (nfd < 0)
		return;
	if (fstat(nfd, &now) || !S_ISREG(now.st_mode)) {
		emu_real.close(nfd);
		return;
	}
	lseek(nfd, lseek(fd, 0, SEEK_CUR), SEEK_SET);
	syscall(SYS_dup3, nfd, fd,
		fcntl(fd, F_GETFD) & FD_CLOEXEC ? O_CLOEXEC : 0);
	emu_real.close(nfd);
	follow(fd, &now);
}
