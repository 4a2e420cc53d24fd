// SPDX-License-Identifier: MIT
/*
 * The data half of LL_IOC_LOV_SWAP_LAYOUTS (lustre-abi.md §6.15). On
 * Lustre the two inodes exchange their OST objects; here each name gets
 * the other's bytes, layout blob and times, while FIDs, names, owners
 * and modes stay with the names. swapname.c does it by renaming whole
 * new inodes into place (the usual case); what it cannot do falls back
 * to the journal below.
 *
 * Journal: the old contents of every named file involved are first
 * copied to state/swap/<ino>.new/<1|2> (with its path, inode number,
 * layout and times as xattrs) and synced, and the directory renamed to
 * .old; only then are the files rewritten in place; the directory is
 * renamed to .done (the commit point) and removed. A process killed
 * before the commit leaves the .old entry, which the next process to
 * use the mount rolls back. The whole exchange runs under
 * state/swap.lock, which recovery only tries (a live swapper holds it).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "emu/pre.h"
#include "emu/swap.h"

#define XA_PATH "user.fsxemu.path"
#define XA_INO	"user.fsxemu.ino"
#define XA_LOV	"user.fsxemu.lov"
#define XA_TIME "user.fsxemu.times"

/* dst's bytes := src's bytes, holes kept */
int emu_swap_copy_data(int src, int dst)
{
	off_t size = lseek(src, 0, SEEK_END), pos = 0;
	char buf[65536];

	if (size < 0 || ftruncate(dst, 0))
		return -errno;
	while (pos < size) {
		off_t d = lseek(src, pos, SEEK_DATA), end, in, out;

		if (d < 0)
			break; /* ENXIO: only a hole is left */
		end = lseek(src, d, SEEK_HOLE);
		if (end < 0 || end > size)
			end = size;
		for (in = out = d; in < end;) {
			ssize_t n = copy_file_range(src, &in, dst, &out, (size_t)(end - in), 0);

			if (n > 0)
				continue;
			if (n == 0)
				break;
			n = pread(src, buf, sizeof(buf) < (size_t)(end - in) ? sizeof(buf) :
									      (size_t)(end - in), in);
			if (n <= 0 || pwrite(dst, buf, (size_t)n, out) != n)
				return n < 0 ? -errno : -EIO;
			in += n;
			out += n;
		}
		pos = end;
	}
	return ftruncate(dst, size) ? -errno : 0;
}

int emu_swap_reopen(int fd, int flags)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return emu_real.open(path, flags | O_CLOEXEC);
}

int emu_swap_side_load(struct emu_mount *m, int fd, struct side *s)
{
	char link[64];
	ssize_t n;
	int rc;

	memset(s, 0, sizeof(*s));
	s->fd = emu_swap_reopen(fd, O_RDWR);
	if (s->fd < 0)
		return -errno;
	if (fstat(s->fd, &s->st))
		return -errno;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, s->path, sizeof(s->path) - 1);
	s->path[n > 0 ? n : 0] = 0;
	if (s->st.st_nlink == 0 || strstr(s->path, " (deleted)"))
		s->path[0] = 0;
	emu_file_sync_layout(m, s->fd, s->path, 0);
	rc = emu_lov_read(s->fd, s->path, &s->lov, &s->lovlen);
	if (rc && rc != -ENODATA)
		return rc;
	return emu_fid_get(m, s->fd, s->path[0] ? s->path : NULL, &s->fid);
}

/* a copy of the side's old state in the journal entry */
static int backup(const char *dir, int k, const struct side *s)
{
	char path[PATH_MAX + 16], ino[32];
	struct timespec t[2] = { s->st.st_atim, s->st.st_mtim };
	int fd, rc;

	snprintf(path, sizeof(path), "%s/%d", dir, k);
	fd = emu_real.open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	snprintf(ino, sizeof(ino), "%lu", (unsigned long)s->st.st_ino);
	rc = emu_swap_copy_data(s->fd, fd);
	if (!rc && (fsetxattr(fd, XA_PATH, s->path, strlen(s->path), 0) ||
		    fsetxattr(fd, XA_INO, ino, strlen(ino), 0) ||
		    fsetxattr(fd, XA_TIME, t, sizeof(t), 0) ||
		    (s->lov && fsetxattr(fd, XA_LOV, s->lov, s->lovlen, 0)) || fsync(fd)))
		rc = -errno;
	emu_real.close(fd);
	return rc;
}

/* the layout blob a receiving file stores: its FID, a new generation */
int emu_swap_relabel(const struct side *from, const struct side *to, uint32_t gen,
		   void **ret, size_t *ret_len)
{
	struct emu_layout *lo;
	int rc;

	if (emu_layout_decode(from->lov, from->lovlen, &lo) || lo->magic == LOV_MAGIC_FOREIGN) {
		if (lo)
			emu_layout_free(lo);
		if (!(*ret = malloc(from->lovlen)))
			return -ENOMEM;
		memcpy(*ret, from->lov, from->lovlen);
		*ret_len = from->lovlen;
		return 0;
	}
	for (unsigned int i = 0; i < lo->ncomp; i++) {
		lo->comps[i].oi.oi_id = to->fid.f_oid | (uint64_t)to->fid.f_ver << 32;
		lo->comps[i].oi.oi_seq = to->fid.f_seq;
	}
	if (lo->magic == LOV_MAGIC_COMP_V1)
		lo->gen = gen;
	else
		lo->comps[0].off30 = (uint16_t)gen;
	rc = emu_layout_encode(lo, EMU_FORM_MDT, ret, ret_len);
	emu_layout_free(lo);
	return rc;
}

uint32_t emu_swap_gen_of(const struct side *s)
{
	const struct lov_md *v1 = s->lov;

	if (!s->lov || s->lovlen < 32)
		return 0;
	if (v1->lmm_magic == LOV_MAGIC_COMP_V1)
		return ((const struct lov_comp_md *)s->lov)->lcm_layout_gen;
	return v1->lmm_stripe_offset;
}

static int set_layout(struct side *to, const struct side *from, uint32_t gen)
{
	void *blob;
	size_t len;
	int rc;

	if (!from->lov)
		return emu_real.fremovexattr(to->fd, EMU_XA_LOV) && errno != ENODATA ? -errno : 0;
	if ((rc = emu_swap_relabel(from, to, gen, &blob, &len)))
		return rc;
	rc = emu_lov_write(to->fd, NULL, blob, len);
	free(blob);
	return rc;
}

/* FSXEMU_FAULT swap:KILL (before the commit) or swap:KILL:commit (after) */
void emu_swap_kill_point(int committed)
{
	const char *f = getenv(EMU_ENV_FAULT);
	const char *k = f ? strstr(f, "swap:KILL") : NULL;

	if (k && !strncmp(k + 9, ":commit", 7) == !!committed)
		kill(getpid(), SIGKILL);
}

/* to := from (data, layout, times); old_from is the journal copy of from */
static int take(struct side *to, const struct side *from, int src, uint32_t gen, int killable)
{
	struct timespec t[2] = { from->st.st_atim, from->st.st_mtim };
	int rc;

	if (killable && from->st.st_size > 0) {
		/* the fault hook: die with the file half rewritten */
		off_t half = from->st.st_size / 2;

		if (ftruncate(to->fd, 0) || copy_file_range(src, &(off_t){ 0 }, to->fd,
							     &(off_t){ 0 }, (size_t)half, 0) < 0)
			return -errno;
		fsync(to->fd);
		emu_swap_kill_point(0);
	}
	if ((rc = emu_swap_copy_data(src, to->fd)) || (rc = set_layout(to, from, gen)))
		return rc;
	if (futimens(to->fd, t) || fsync(to->fd))
		return -errno;
	return 0;
}

static ssize_t xget(int fd, const char *name, void *buf, size_t len)
{
	ssize_t n = fgetxattr(fd, name, buf, len);

	return n < 0 ? -errno : n;
}

/* put the file saved as dir/k back as it was */
static void restore_one(const char *dir, int k)
{
	char path[PATH_MAX + 16], target[PATH_MAX], ino[32], *lov = NULL;
	struct timespec t[2];
	struct stat st;
	ssize_t n, lovlen;
	int b, fd;

	snprintf(path, sizeof(path), "%s/%d", dir, k);
	b = emu_real.open(path, O_RDONLY | O_CLOEXEC);
	if (b < 0)
		return;
	n = xget(b, XA_PATH, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = 0;
	n = xget(b, XA_INO, ino, sizeof(ino) - 1);
	ino[n > 0 ? n : 0] = 0;
	fd = target[0] ? emu_real.open(target, O_RDWR | O_NOFOLLOW | O_CLOEXEC) : -1;
	if (fd >= 0 && !fstat(fd, &st) && st.st_ino == strtoul(ino, NULL, 10) &&
	    !emu_swap_copy_data(b, fd)) {
		lovlen = xget(b, XA_LOV, NULL, 0);
		if (lovlen > 0 && (lov = malloc((size_t)lovlen)) &&
		    xget(b, XA_LOV, lov, (size_t)lovlen) == lovlen)
			emu_lov_write(fd, NULL, lov, (size_t)lovlen);
		else if (lovlen == -ENODATA)
			emu_real.fremovexattr(fd, EMU_XA_LOV);
		if (xget(b, XA_TIME, t, sizeof(t)) == sizeof(t))
			futimens(fd, t);
		fsync(fd);
		free(lov);
	}
	if (fd >= 0)
		emu_real.close(fd);
	emu_real.close(b);
}

static void rm_entry(const char *dir)
{
	char path[PATH_MAX + 16];

	for (int k = 1; k <= 2; k++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%d", dir, k) < sizeof(path))
			unlink(path);
	}
	rmdir(dir);
}

void emu_swap_recover_entry(const char *dir)
{
	restore_one(dir, 1);
	restore_one(dir, 2);
	rm_entry(dir);
}

/* roll back swaps whose process died before the commit */
void emu_swap_recover(struct emu_mount *m)
{
	char path[PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int lk;

	snprintf(path, sizeof(path), "%s/swap", m->state);
	if (stat(path, &st) || st.st_nlink == 2)
		return; /* no entry (an ext4/tmpfs directory counts its subdirectories) */
	snprintf(path, sizeof(path), "%s/swap.lock", m->state);
	lk = emu_real.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (lk < 0)
		return;
	if (flock(lk, LOCK_EX | LOCK_NB)) {
		emu_real.close(lk); /* a swap is running: not ours to touch */
		return;
	}
	snprintf(path, sizeof(path), "%s/swap", m->state);
	if ((d = opendir(path))) {
		while ((e = readdir(d))) {
			char entry[PATH_MAX + 256];
			size_t l = strlen(e->d_name);

			snprintf(entry, sizeof(entry), "%s/%s", path, e->d_name);
			if (l > 4 && !strcmp(e->d_name + l - 4, ".old"))
				emu_swap_recover_entry(entry);
			else if (l > 4 && (!strcmp(e->d_name + l - 5, ".done") ||
					   !strcmp(e->d_name + l - 4, ".new")))
				rm_entry(entry); /* committed, or nothing touched yet */
			else if (l > 5 && !strcmp(e->d_name + l - 5, ".rnew"))
				emu_swap_rename_recover(entry, 0); /* not committed */
			else if (l > 4 && !strcmp(e->d_name + l - 4, ".rgo"))
				emu_swap_rename_recover(entry, 1); /* committed: finish */
		}
		closedir(d);
	}
	emu_real.close(lk);
}

int emu_swap_data(struct emu_mount *m, int fd1, int fd2)
{
	char dir[PATH_MAX], done[PATH_MAX], tmp[PATH_MAX], b1[PATH_MAX + 16];
	struct side a = { .fd = -1 }, b = { .fd = -1 };
	uint32_t gen;
	int lk, src = -1, rc;

	lk = emu_lock(m, "swap.lock");
	if (lk < 0)
		return lk;
	rc = emu_swap_side_load(m, fd1, &a);
	if (!rc)
		rc = emu_swap_side_load(m, fd2, &b);
	if (rc)
		goto out;
	gen = (emu_swap_gen_of(&a) > emu_swap_gen_of(&b) ? emu_swap_gen_of(&a) :
							    emu_swap_gen_of(&b)) + 1;
	/* a named file and a volatile one (lfs migrate): no byte rewritten */
	if ((rc = emu_swap_by_rename(m, fd1, fd2, &a, &b, gen)) != -EOPNOTSUPP)
		goto out;
	rc = 0;
	snprintf(dir, sizeof(dir), "%s/swap", m->state);
	mkdir(dir, 0777);
	snprintf(dir, sizeof(dir), "%s/swap/%lx.old", m->state, (unsigned long)a.st.st_ino);
	snprintf(done, sizeof(done), "%s/swap/%lx.done", m->state, (unsigned long)a.st.st_ino);
	snprintf(tmp, sizeof(tmp), "%s/swap/%lx.new", m->state, (unsigned long)a.st.st_ino);
	emu_swap_recover_entry(dir); /* one left by a process that died: roll it back */
	rm_entry(done);
	rm_entry(tmp);
	/* the backups are complete (.new renamed to .old) before a file is touched */
	if (mkdir(tmp, 0700)) {
		rc = -errno;
		goto out;
	}
	if ((rc = backup(tmp, 1, &a)) || (b.path[0] && (rc = backup(tmp, 2, &b))) ||
	    (rename(tmp, dir) && (rc = -errno))) {
		rm_entry(tmp);
		goto out;
	}
	snprintf(b1, sizeof(b1), "%s/1", dir);
	src = emu_real.open(b1, O_RDONLY | O_CLOEXEC);
	if (src < 0) {
		rc = -errno;
		goto undo;
	}
	if ((rc = take(&a, &b, b.fd, gen, 1)) || (rc = take(&b, &a, src, gen, 0)))
		goto undo; /* the journal puts both back */
	if (rename(dir, done)) {
		rc = -errno;
		goto undo;
	}
	rm_entry(done);
	goto out;
undo:
	emu_swap_recover_entry(dir);
out:
	if (src >= 0)
		emu_real.close(src);
	for (struct side *s = &a; s; s = s == &a ? &b : NULL) {
		if (s->fd >= 0)
			emu_real.close(s->fd);
		free(s->lov);
	}
	emu_unlock(lk);
	return rc;
}
