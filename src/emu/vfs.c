// SPDX-License-Identifier: MIT
/*
 * /sys/fs/lustre and /proc/fs/lustre for stat, access, opendir and glob:
 * lfs finds its parameter files with glob(GLOB_BRACE), which inside libc
 * bypasses our other wrappers, so glob gets our directory functions
 * through GLOB_ALTDIRFUNC. Several active mounts share one listing.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/pre.h"

static int (*real_stat)(const char *, struct stat *);
static int (*real_lstat)(const char *, struct stat *);
static int (*real_xstat)(int, const char *, struct stat *);
static int (*real_lxstat)(int, const char *, struct stat *);
static int (*real_fstatat)(int, const char *, struct stat *, int);
static int (*real_statx)(int, const char *, int, unsigned int, struct statx *);
static int (*real_access)(const char *, int);
static int (*real_faccessat)(int, const char *, int, int);
static DIR *(*real_opendir)(const char *);
static int (*real_glob)(const char *, int, int (*)(const char *, int), glob_t *);
static int (*real_glob64)(const char *, int, int (*)(const char *, int), glob_t *);

__attribute__((constructor)) static void load(void)
{
	real_stat = dlsym(RTLD_NEXT, "stat");
	real_lstat = dlsym(RTLD_NEXT, "lstat");
	real_xstat = dlsym(RTLD_NEXT, "__xstat");
	real_lxstat = dlsym(RTLD_NEXT, "__lxstat");
	real_fstatat = dlsym(RTLD_NEXT, "fstatat");
	real_statx = dlsym(RTLD_NEXT, "statx");
	real_access = dlsym(RTLD_NEXT, "access");
	real_faccessat = dlsym(RTLD_NEXT, "faccessat");
	real_opendir = dlsym(RTLD_NEXT, "opendir");
	real_glob = dlsym(RTLD_NEXT, "glob");
	real_glob64 = dlsym(RTLD_NEXT, "glob64");
}

static const char *map(const char *path, char *buf)
{
	const char *v;

	if (!real_stat)
		load();
	if (!path || path[0] != '/' || (path[1] != 's' && path[1] != 'p'))
		return path;
	v = emu_virt_map(path, buf, PATH_MAX);
	return v ? v : path;
}

int stat(const char *path, struct stat *st)
{
	char buf[PATH_MAX];

	path = map(path, buf);
	return real_stat(path, st);
}

int lstat(const char *path, struct stat *st)
{
	char buf[PATH_MAX];

	path = map(path, buf);
	return real_lstat(path, st);
}

int stat64(const char *path, struct stat64 *st)
{
	return stat(path, (struct stat *)st);
}

int lstat64(const char *path, struct stat64 *st)
{
	return lstat(path, (struct stat *)st);
}

int __xstat(int ver, const char *path, struct stat *st)
{
	char buf[PATH_MAX];

	path = map(path, buf);
	return real_xstat(ver, path, st);
}

int __lxstat(int ver, const char *path, struct stat *st)
{
	char buf[PATH_MAX];

	path = map(path, buf);
	return real_lxstat(ver, path, st);
}

int __xstat64(int ver, const char *path, struct stat64 *st)
{
	return __xstat(ver, path, (struct stat *)st);
}

int __lxstat64(int ver, const char *path, struct stat64 *st)
{
	return __lxstat(ver, path, (struct stat *)st);
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	char buf[PATH_MAX];

	path = map(path, buf);
	return real_fstatat(dirfd, path, st, flags);
}

int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
	return fstatat(dirfd, path, (struct stat *)st, flags);
}

int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *stx)
{
	char buf[PATH_MAX];

	path = map(path, buf);
	return real_statx(dirfd, path, flags, mask, stx);
}

int access(const char *path, int mode)
{
	char buf[PATH_MAX];

	path = map(path, buf);
	return real_access(path, mode);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	char buf[PATH_MAX];

	path = map(path, buf);
	return real_faccessat(dirfd, path, mode, flags);
}

DIR *opendir(const char *path)
{
	char buf[PATH_MAX];

	path = map(path, buf);
	return real_opendir(path);
}

/* glob's directory functions: every active mount's virt/ tree merged */
struct vdir {
	struct dirent *ents;
	size_t n, pos;
};

static int virtual(const char *path)
{
	return !strncmp(path, "/sys/fs/lustre", 14) || !strncmp(path, "/proc/fs/lustre", 15);
}

static void vdir_add(struct vdir *v, DIR *d)
{
	struct dirent *e;

	while ((e = readdir(d))) {
		size_t i;
		struct dirent *grown;

		for (i = 0; i < v->n && strcmp(v->ents[i].d_name, e->d_name); i++)
			;
		if (i < v->n)
			continue;
		grown = realloc(v->ents, (v->n + 1) * sizeof(*grown));
		if (!grown)
			return;
		v->ents = grown;
		v->ents[v->n++] = *e;
	}
}

static void *g_opendir(const char *path)
{
	struct vdir *v = calloc(1, sizeof(*v));
	char buf[PATH_MAX];
	int any = 0;

	if (!v)
		return NULL;
	if (!virtual(path)) {
		DIR *d = real_opendir(path);

		if (d) {
			vdir_add(v, d);
			closedir(d);
			return v;
		}
		free(v);
		return NULL;
	}
	for (int i = 0; i < emu_nmounts; i++) {
		DIR *d;

		if (emu_mount_ready(&emu_mounts[i]))
			continue;
		snprintf(buf, sizeof(buf), "%s/virt%s", emu_mounts[i].state, path);
		if ((d = real_opendir(buf))) {
			vdir_add(v, d);
			closedir(d);
			any = 1;
		}
	}
	if (!any) {
		free(v->ents);
		free(v);
		errno = ENOENT;
		return NULL;
	}
	return v;
}

static void *g_readdir(void *p)
{
	struct vdir *v = p;

	return v->pos < v->n ? &v->ents[v->pos++] : NULL;
}

static void g_closedir(void *p)
{
	struct vdir *v = p;

	free(v->ents);
	free(v);
}

static int g_stat(const char *restrict path, struct stat *restrict st)
{
	return stat(path, st);
}

static int g_lstat(const char *restrict path, struct stat *restrict st)
{
	return lstat(path, st);
}

static int glob_common(int (*real)(const char *, int, int (*)(const char *, int), glob_t *),
		       const char *pat, int flags, int (*err)(const char *, int), glob_t *g)
{
	emu_init();
	if (!emu_nmounts || (flags & GLOB_ALTDIRFUNC) || !strstr(pat, "lustre"))
		return real(pat, flags, err, g);
	g->gl_opendir = g_opendir;
	g->gl_readdir = (struct dirent * (*)(void *)) g_readdir;
	g->gl_closedir = g_closedir;
	g->gl_stat = g_stat;
	g->gl_lstat = g_lstat;
	return real(pat, flags | GLOB_ALTDIRFUNC, err, g);
}

int glob(const char *pat, int flags, int (*err)(const char *, int), glob_t *g)
{
	if (!real_glob)
		load();
	return glob_common(real_glob, pat, flags, err, g);
}

int glob64(const char *pat, int flags, int (*err)(const char *, int), glob64_t *g)
{
	if (!real_glob64)
		load();
	return glob_common(real_glob64 ? real_glob64 : real_glob, pat, flags, err, (glob_t *)g);
}
