// SPDX-License-Identifier: MIT
/*
 * Which paths and fds belong to an emulated mount. The active mounts come
 * from FSXEMU_MOUNTS (set by `fsxemu run`), read once. Membership is decided
 * lexically on the absolute path (the cwd is cached and refreshed after
 * chdir), so calls on other paths cost no extra system call.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/pre.h"

struct emu_mount *emu_mounts;
int emu_nmounts;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char cwd[PATH_MAX];
static int cwd_ok;

#define EMU_MAX_FD 65536
static struct emu_fd **fds;

static void add_mount(const char *root)
{
	struct emu_mount *m;
	char state[PATH_MAX];
	size_t len = strlen(root);

	while (len > 1 && root[len - 1] == '/')
		len--;
	if (root[0] != '/' || len < 2)
		return;
	m = &emu_mounts[emu_nmounts];
	memset(m, 0, sizeof(*m));
	m->root = strndup(root, len);
	if (!m->root || emu_state_dir(m->root, state, sizeof(state)) || !(m->state = strdup(state)))
		return;
	m->rootlen = len;
	emu_nmounts++;
}

static void parse(void)
{
	const char *env = getenv(EMU_ENV_MOUNTS);
	char *copy, *tok, *save;
	int n = 1;

	if (!env || !*env)
		return;
	for (const char *p = env; *p; p++)
		n += *p == ':';
	emu_mounts = calloc((size_t)n, sizeof(*emu_mounts));
	copy = strdup(env);
	if (!emu_mounts || !copy)
		return;
	for (tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
		add_mount(tok);
	free(copy);
}

void emu_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, parse);
}

/* Load the mount's configuration on first use. */
int emu_mount_ready(struct emu_mount *m)
{
	struct stat st;
	int rc = 0;

	if (m->loaded)
		return m->loaded > 0 ? 0 : -ENODEV;
	pthread_mutex_lock(&lock);
	if (!m->loaded) {
		rc = emu_config_load(m->state, &m->cfg);
		if (!rc && stat(m->root, &st))
			rc = -errno;
		if (!rc) {
			m->dev = st.st_dev;
			m->ino = st.st_ino;
		}
		m->loaded = rc ? -1 : 1;
	}
	pthread_mutex_unlock(&lock);
	if (m->loaded > 0 && !m->recovered) {
		m->recovered = 1;
		emu_swap_recover(m);
	}
	return m->loaded > 0 ? 0 : -ENODEV;
}

void emu_cwd_invalidate(void)
{
	cwd_ok = 0;
}

/* Lexical normalisation of base + "/" + path into out ("." and ".." folded). */
static int normalize(const char *base, const char *path, char *out, size_t len)
{
	size_t o = 0;
	const char *segs[2] = { base, path };

	out[0] = 0;
	for (int s = 0; s < 2; s++) {
		const char *p = segs[s];

		while (p && *p) {
			const char *e;
			size_t n;

			while (*p == '/')
				p++;
			if (!*p)
				break;
			e = strchrnul(p, '/');
			n = (size_t)(e - p);
			if (n == 1 && p[0] == '.') {
				/* nothing */
			} else if (n == 2 && p[0] == '.' && p[1] == '.') {
				while (o > 0 && out[o - 1] != '/')
					o--;
				if (o > 0)
					o--;
			} else {
				if (o + 1 + n + 1 > len)
					return -ENAMETOOLONG;
				out[o++] = '/';
				memcpy(out + o, p, n);
				o += n;
			}
			p = e;
		}
	}
	if (!o)
		out[o++] = '/';
	out[o] = 0;
	return 0;
}

static struct emu_mount *match(const char *abs)
{
	for (int i = 0; i < emu_nmounts; i++) {
		struct emu_mount *m = &emu_mounts[i];

		if (!strncmp(abs, m->root, m->rootlen) &&
		    (abs[m->rootlen] == '/' || !abs[m->rootlen]))
			return emu_mount_ready(m) ? NULL : m;
	}
	return NULL;
}

static int fd_path(int fd, char *buf, size_t len)
{
	struct emu_fd *f = emu_fd_get(fd);
	char link[64];
	ssize_t n;

	/* a directory we saw opened: its path without a readlink */
	if (f && f->path) {
		size_t l = strlen(f->path);

		if (l >= len)
			return -ENAMETOOLONG;
		memcpy(buf, f->path, l + 1);
		return 0;
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, len - 1);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	if (buf[0] != '/')
		return -EINVAL; /* pipe:, socket:, anon_inode: */
	return 0;
}

/* The mount a (dirfd, path) pair names, and its absolute path in abs. */
struct emu_mount *emu_path_mount(int dirfd, const char *path, char *abs, size_t len)
{
	char base[PATH_MAX];
	const char *b = NULL;

	emu_init();
	if (!emu_nmounts || !path)
		return NULL;
	if (path[0] != '/') {
		if (dirfd == AT_FDCWD) {
			if (!cwd_ok) {
				pthread_mutex_lock(&lock);
				cwd_ok = getcwd(cwd, sizeof(cwd)) != NULL;
				pthread_mutex_unlock(&lock);
				if (!cwd_ok)
					return NULL;
			}
			b = cwd;
		} else {
			if (fd_path(dirfd, base, sizeof(base)))
				return NULL;
			b = base;
		}
	}
	if (normalize(b, path, abs, len))
		return NULL;
	return match(abs);
}

struct emu_mount *emu_fd_mount(int fd, char *abs, size_t len)
{
	emu_init();
	if (!emu_nmounts || fd < 0 || fd_path(fd, abs, len))
		return NULL;
	/* an O_TMPFILE (volatile) file reads "/dir/#123 (deleted)" */
	return match(abs);
}

struct emu_mount *emu_fd_is_root(int fd, struct emu_mount *m)
{
	struct stat st;

	if (!m || fstat(fd, &st) || st.st_dev != m->dev || st.st_ino != m->ino)
		return NULL;
	return m;
}

int emu_is_root_path(const struct emu_mount *m, const char *abs)
{
	return !strcmp(abs, m->root);
}

const char *emu_rel(const struct emu_mount *m, const char *abs)
{
	const char *r = abs + m->rootlen;

	while (*r == '/')
		r++;
	return r;
}

struct emu_fd *emu_fd_get(int fd)
{
	if (!fds || fd < 0 || fd >= EMU_MAX_FD)
		return NULL;
	return fds[fd];
}

struct emu_fd *emu_fd_new(int fd)
{
	struct emu_fd *f;

	if (fd < 0 || fd >= EMU_MAX_FD)
		return NULL;
	pthread_mutex_lock(&lock);
	if (!fds)
		fds = calloc(EMU_MAX_FD, sizeof(*fds));
	f = fds ? fds[fd] : NULL;
	if (fds && !f)
		f = fds[fd] = calloc(1, sizeof(*f));
	else if (f) {
		free(f->path);
		memset(f, 0, sizeof(*f));
	}
	pthread_mutex_unlock(&lock);
	return f;
}

void emu_fd_drop(int fd)
{
	struct emu_fd *f;

	if (!fds || fd < 0 || fd >= EMU_MAX_FD || !fds[fd])
		return;
	pthread_mutex_lock(&lock);
	f = fds[fd];
	fds[fd] = NULL;
	pthread_mutex_unlock(&lock);
	if (f)
		free(f->path);
	free(f);
}
