// SPDX-License-Identifier: MIT
/*
 * read/write and friends on fds we opened on an emulated mount: they wait
 * while someone else holds a group lock on the file, writes make the next
 * data version differ, and FSXEMU_FAULT can make writes fail:
 *
 *   write:ERRNO[:SPEC]   SPEC is '|'-separated alternatives, any of
 *     volatile           writes to volatile (migration target) files
 *     ost=K[,K...]       files whose layout has an object on OST K
 *     after=N            every write after the first N through one fd
 *     N% or paths        as for the HSM faults (relative to the mount)
 *   empty SPEC: every write to the mount.
 *
 * copy_file_range, sendfile and splice follow the same rules: the target
 * is written (faults, group-lock waits, data version), the source read.
 * truncate(path) is an open for write, ftruncate and a close.
 *
 * Everything else (other fds, stdio's internal writes) goes to libc as is.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>

#include "emu/hsmcore.h"
#include "emu/pre.h"

#define DEF(ret, name, ...) static ret (*real_##name)(__VA_ARGS__)
DEF(ssize_t, read, int, void *, size_t);
DEF(ssize_t, write, int, const void *, size_t);
DEF(ssize_t, pread, int, void *, size_t, off_t);
DEF(ssize_t, pwrite, int, const void *, size_t, off_t);
DEF(ssize_t, readv, int, const struct iovec *, int);
DEF(ssize_t, writev, int, const struct iovec *, int);
DEF(ssize_t, preadv, int, const struct iovec *, int, off_t);
DEF(ssize_t, pwritev, int, const struct iovec *, int, off_t);
DEF(int, ftruncate, int, off_t);
DEF(int, fallocate, int, int, off_t, off_t);
DEF(ssize_t, copy_file_range, int, off_t *, int, off_t *, size_t, unsigned int);
DEF(ssize_t, sendfile, int, int, off_t *, size_t);
DEF(ssize_t, splice, int, off_t *, int, off_t *, size_t, unsigned int);
DEF(int, truncate, const char *, off_t);

__attribute__((constructor)) static void load(void)
{
	real_read = dlsym(RTLD_NEXT, "read");
	real_write = dlsym(RTLD_NEXT, "write");
	real_pread = dlsym(RTLD_NEXT, "pread");
	real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	real_readv = dlsym(RTLD_NEXT, "readv");
	real_writev = dlsym(RTLD_NEXT, "writev");
	real_preadv = dlsym(RTLD_NEXT, "preadv");
	real_pwritev = dlsym(RTLD_NEXT, "pwritev");
	real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
	real_fallocate = dlsym(RTLD_NEXT, "fallocate");
	real_copy_file_range = dlsym(RTLD_NEXT, "copy_file_range");
	real_sendfile = dlsym(RTLD_NEXT, "sendfile");
	real_splice = dlsym(RTLD_NEXT, "splice");
	real_truncate = dlsym(RTLD_NEXT, "truncate");
}

#define READY(name)                 \
	do {                        \
		if (!real_##name)   \
			load();     \
	} while (0)

static int has_objects_on(int fd, const char *list)
{
	struct emu_layout *lo;
	int hit = 0;

	if (emu_lov_load(fd, NULL, &lo))
		return 0;
	for (unsigned int i = 0; i < lo->ncomp && !hit; i++) {
		for (unsigned int j = 0; j < lo->comps[i].nobj && !hit; j++) {
			uint32_t ost = lo->comps[i].objs[j].l_ost_idx;

			for (const char *p = list; *p && !hit; p += strcspn(p, ",") + !!p[strcspn(p, ",")])
				hit = ost != 0xFFFFFFFFu && ost == strtoul(p, NULL, 0);
		}
	}
	emu_layout_free(lo);
	return hit;
}

/* does one '|'-alternative of a write rule cover this fd? */
static int alt_hits(struct emu_fd *f, int fd, const char *alt, const char *rel)
{
	if (!strcmp(alt, "volatile"))
		return f->isvolatile;
	if (!strncmp(alt, "ost=", 4))
		return has_objects_on(fd, alt + 4);
	if (!strncmp(alt, "after=", 6))
		return 1; /* counted by the caller */
	return emu_spec_hits(alt, rel);
}

/* decide once per fd which write rule applies: f->fault, f->nafter */
static void fault_setup(struct emu_fd *f, int fd)
{
	const char *env = getenv(EMU_ENV_FAULT);
	char rule[PATH_MAX], abs[PATH_MAX], link[64];
	const char *rel = "";
	ssize_t n;

	f->fault = -1;
	if (!env || !strstr(env, "write:"))
		return;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, abs, sizeof(abs) - 1);
	abs[n > 0 ? n : 0] = 0;
	if (n > 0 && (size_t)n >= f->m->rootlen)
		rel = emu_rel(f->m, abs);
	while (*env && f->fault < 0) {
		size_t len = strcspn(env, ";");
		char *err, *spec, *alt, *save = NULL;

		snprintf(rule, sizeof(rule), "%.*s", (int)len, env);
		env += len + (env[len] == ';');
		if (strncmp(rule, "write:", 6))
			continue;
		err = rule + 6;
		spec = strchr(err, ':');
		if (spec)
			*spec++ = 0;
		if (!spec || !*spec) {
			f->fault = emu_errno_of(err);
			break;
		}
		for (alt = strtok_r(spec, "|", &save); alt; alt = strtok_r(NULL, "|", &save)) {
			if (!alt_hits(f, fd, alt, rel))
				continue;
			f->fault = emu_errno_of(err);
			f->nafter = !strncmp(alt, "after=", 6) ? strtoul(alt + 6, NULL, 0) : 0;
			break;
		}
	}
}

int emu_write_fault(struct emu_fd *f, int fd)
{
	if (!f->fault)
		fault_setup(f, fd);
	if (f->fault < 0)
		return 0;
	return f->nwrites++ < f->nafter ? 0 : f->fault;
}

static struct emu_fd *ours(int fd)
{
	struct emu_fd *f = emu_fd_get(fd);

	return f && f->m ? f : NULL;
}

static int before_write(struct emu_fd *f, int fd)
{
	int err;

	emu_group_wait(f->m, f, f->ino);
	emu_swap_follow(f, fd);
	if ((err = -emu_hsm_before_write(f, fd)) > 0) {
		errno = err;
		return err;
	}
	err = emu_write_fault(f, fd);
	if (err)
		errno = err;
	return err;
}

#define WRITE_BODY(call)                               \
	struct emu_fd *f = ours(fd);                   \
	ssize_t n;                                     \
	if (!f)                                        \
		return call;                           \
	if (before_write(f, fd))                       \
		return -1;                             \
	n = call;                                      \
	if (n > 0)                                     \
		emu_dv_touch(f, fd);                   \
	return n

#define READ_BODY(call)                                \
	struct emu_fd *f = ours(fd);                   \
	if (f) {                                       \
		emu_group_wait(f->m, f, f->ino);       \
		emu_swap_follow(f, fd);                \
	}                                              \
	return call

ssize_t write(int fd, const void *buf, size_t len)
{
	READY(write);
	WRITE_BODY(real_write(fd, buf, len));
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	READY(pwrite);
	WRITE_BODY(real_pwrite(fd, buf, len, off));
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	return pwrite(fd, buf, len, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	READY(writev);
	WRITE_BODY(real_writev(fd, iov, cnt));
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	READY(pwritev);
	WRITE_BODY(real_pwritev(fd, iov, cnt, off));
}

ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return pwritev(fd, iov, cnt, off);
}

ssize_t read(int fd, void *buf, size_t len)
{
	READY(read);
	READ_BODY(real_read(fd, buf, len));
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	READY(pread);
	READ_BODY(real_pread(fd, buf, len, off));
}

ssize_t pread64(int fd, void *buf, size_t len, off_t off)
{
	return pread(fd, buf, len, off);
}

ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
	READY(readv);
	READ_BODY(real_readv(fd, iov, cnt));
}

ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off)
{
	READY(preadv);
	READ_BODY(real_preadv(fd, iov, cnt, off));
}

ssize_t preadv64(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return preadv(fd, iov, cnt, off);
}

int ftruncate(int fd, off_t len)
{
	struct emu_fd *f;
	int rc;

	READY(ftruncate);
	f = ours(fd);
	if (f) {
		emu_group_wait(f->m, f, f->ino);
		emu_swap_follow(f, fd);
	}
	if (f && (rc = emu_hsm_before_write(f, fd))) {
		errno = -rc;
		return -1;
	}
	rc = real_ftruncate(fd, len);
	if (f && !rc)
		emu_dv_touch(f, fd);
	return rc;
}

int ftruncate64(int fd, off_t len)
{
	return ftruncate(fd, len);
}

int fallocate(int fd, int mode, off_t off, off_t len)
{
	struct emu_fd *f;
	int rc;

	READY(fallocate);
	f = ours(fd);
	if (f && before_write(f, fd))
		return -1;
	rc = real_fallocate(fd, mode, off, len);
	if (f && !rc)
		emu_dv_touch(f, fd);
	return rc;
}

int fallocate64(int fd, int mode, off_t off, off_t len)
{
	return fallocate(fd, mode, off, len);
}

/* fd to fd: the source waits like a read, the target obeys the write rules */
#define XFER_BODY(in, out, call)                               \
	struct emu_fd *fi = ours(in), *fo = ours(out);         \
	ssize_t n;                                             \
	if (fi) {                                              \
		emu_group_wait(fi->m, fi, fi->ino);            \
		emu_swap_follow(fi, in);                       \
	}                                                      \
	if (fo && before_write(fo, out))                       \
		return -1;                                     \
	n = call;                                              \
	if (fo && n > 0)                                       \
		emu_dv_touch(fo, out);                         \
	return n

ssize_t copy_file_range(int in, off_t *inoff, int out, off_t *outoff, size_t len,
			unsigned int flags)
{
	READY(copy_file_range);
	XFER_BODY(in, out, real_copy_file_range(in, inoff, out, outoff, len, flags));
}

ssize_t sendfile(int out, int in, off_t *off, size_t len)
{
	READY(sendfile);
	XFER_BODY(in, out, real_sendfile(out, in, off, len));
}

ssize_t sendfile64(int out, int in, __off64_t *off, size_t len)
{
	return sendfile(out, in, off, len);
}

ssize_t splice(int in, off_t *inoff, int out, off_t *outoff, size_t len, unsigned int flags)
{
	READY(splice);
	XFER_BODY(in, out, real_splice(in, inoff, out, outoff, len, flags));
}

/*
 * truncate(path) on the mount: what an open for write does (restore a
 * released file, mark an archived one dirty, break leases, wait for
 * group locks), then ftruncate's rules, then what close does (layout).
 */
int truncate(const char *path, off_t len)
{
	char abs[PATH_MAX];
	int fd, rc, err;

	READY(truncate);
	if (!emu_path_mount(AT_FDCWD, path, abs, sizeof(abs)))
		return real_truncate(path, len);
	fd = emu_open(AT_FDCWD, path, O_WRONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	rc = ftruncate(fd, len);
	err = errno;
	emu_close_fd(fd);
	emu_real.close(fd);
	errno = err;
	return rc;
}

int truncate64(const char *path, off_t len)
{
	return truncate(path, len);
}
