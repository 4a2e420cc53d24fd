// SPDX-License-Identifier: MIT
/*
 * What the kernel shows about the mounts: the mount tables get one `lustre`
 * line per emulated mount (served from a memfd), /sys/fs/lustre and
 * /proc/fs/lustre are the state directories' virt/ trees, and statfs
 * reports the Lustre superblock magic with the OSTs' capacity.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "emu/pre.h"

#define MNT_OPTS "rw,checksum,flock,nouser_xattr,lruresize,lazystatfs,user_fid2path,verbose,encrypt"

static int is_table(const char *path, int *info)
{
	char self[64];

	*info = 0;
	if (!strcmp(path, "/proc/mounts") || !strcmp(path, "/proc/self/mounts") ||
	    !strcmp(path, "/etc/mtab") || !strcmp(path, "/proc/thread-self/mounts"))
		return 1;
	snprintf(self, sizeof(self), "/proc/%d/mountinfo", (int)getpid());
	if (!strcmp(path, "/proc/self/mountinfo") || !strcmp(path, self) ||
	    !strcmp(path, "/proc/thread-self/mountinfo"))
		return *info = 1;
	snprintf(self, sizeof(self), "/proc/%d/mounts", (int)getpid());
	return !strcmp(path, self);
}

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			fprintf(f, "\\%03o", (unsigned char)*s);
		else
			fputc(*s, f);
	}
}

static void add_lines(FILE *f, int info)
{
	for (int i = 0; i < emu_nmounts; i++) {
		struct emu_mount *m = &emu_mounts[i];

		if (emu_mount_ready(m))
			continue;
		if (info)
			fprintf(f, "%d 1 %u:%u / ", 4000 + i, major(m->dev), minor(m->dev));
		else
			fprintf(f, "%s:/%s ", m->cfg.nid, m->cfg.fsname);
		put_escaped(f, m->root);
		if (info)
			fprintf(f, " rw,relatime shared:%d - lustre %s:/%s %s\n", 4000 + i,
				m->cfg.nid, m->cfg.fsname, MNT_OPTS);
		else
			fprintf(f, " lustre %s 0 0\n", MNT_OPTS);
	}
}

static int table_open(const char *path, int info)
{
	char buf[65536];
	int in, out;
	ssize_t n;
	FILE *f;

	in = emu_real.open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = memfd_create("fsxemu-mounts", MFD_CLOEXEC);
	if (out < 0) {
		emu_real.close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	emu_real.close(in);
	f = fdopen(dup(out), "w");
	if (f) {
		lseek(out, 0, SEEK_END);
		add_lines(f, info);
		fclose(f);
	}
	lseek(out, 0, SEEK_SET);
	return out;
}

/* /sys/fs/lustre/... and /proc/fs/lustre/... -> state/virt/... */
const char *emu_virt_map(const char *path, char *buf, size_t len)
{
	struct emu_mount *first = NULL;
	const char *rest;
	char name[160];

	if (!strncmp(path, "/sys/fs/lustre", 14))
		rest = path + 14;
	else if (!strncmp(path, "/proc/fs/lustre", 15))
		rest = path + 15;
	else
		return NULL;
	if (*rest && *rest != '/')
		return NULL;
	emu_init();
	for (int i = 0; i < emu_nmounts; i++) {
		struct emu_mount *m = &emu_mounts[i];
		const char *kind[3] = { "/lov/", "/lmv/", "/llite/" };

		if (emu_mount_ready(m))
			continue;
		if (!first)
			first = m;
		for (int k = 0; k < 3; k++) {
			size_t kl = strlen(kind[k]), nl;

			if (strncmp(rest, kind[k], kl))
				continue;
			if (k == 0)
				emu_lov_name(&m->cfg, name, sizeof(name));
			else if (k == 1)
				emu_lmv_name(&m->cfg, name, sizeof(name));
			else
				snprintf(name, sizeof(name), "%s-%s", m->cfg.fsname, m->cfg.inst);
			nl = strlen(name);
			if (!strncmp(rest + kl, name, nl) && (!rest[kl + nl] || rest[kl + nl] == '/')) {
				first = m;
				goto found;
			}
		}
	}
	if (!first)
		return NULL;
found:
	snprintf(buf, len, "%s/virt%s", first->state, path);
	return buf;
}

int emu_proc_open(const char *path, int flags, int *handled)
{
	char buf[PATH_MAX];
	const char *v;
	int info;

	*handled = 0;
	if (path[1] != 'p' && path[1] != 's' && path[1] != 'e')
		return 0;
	emu_init();
	if (!emu_nmounts)
		return 0;
	if ((flags & O_ACCMODE) == O_RDONLY && is_table(path, &info)) {
		*handled = 1;
		return table_open(path, info);
	}
	v = emu_virt_map(path, buf, sizeof(buf));
	if (!v)
		return 0;
	*handled = 1;
	return emu_real.open(v, flags & ~O_CREAT, 0);
}

/* space and inodes in use under the mount (a walk shared through state/shm) */
static uint64_t used_bytes, used_inodes;

static int count(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
	(void)p;
	(void)type;
	(void)ftw;
	used_bytes += (uint64_t)st->st_blocks * 512;
	used_inodes++;
	return 0;
}

static void usage(struct emu_mount *m, uint64_t *bytes, uint64_t *inodes)
{
	static pthread_mutex_t lk = PTHREAD_MUTEX_INITIALIZER;
	uint32_t gen;

	if (emu_usage_get(m, bytes, inodes, &gen))
		return;
	pthread_mutex_lock(&lk);
	used_bytes = used_inodes = 0;
	nftw(m->root, count, 32, FTW_PHYS | FTW_MOUNT);
	*bytes = used_bytes;
	*inodes = used_inodes;
	pthread_mutex_unlock(&lk);
	emu_usage_put(m, *bytes, *inodes, gen);
}

int emu_statfs_fill(struct emu_mount *m, struct statfs *st)
{
	uint64_t bytes, inodes, files;

	usage(m, &bytes, &inodes);
	st->f_type = LL_SUPER_MAGIC;
	st->f_bsize = 4096;
	st->f_frsize = 4096;
	st->f_blocks = m->cfg.ost_size * m->cfg.osts / 4096;
	st->f_bfree = st->f_blocks > bytes / 4096 ? st->f_blocks - bytes / 4096 : 0;
	st->f_bavail = st->f_bfree;
	files = m->cfg.mdt_size / 2048 * m->cfg.mdts;
	st->f_files = files;
	st->f_ffree = files > inodes ? files - inodes : 0;
	st->f_namelen = 255;
	return 0;
}
