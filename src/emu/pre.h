/* SPDX-License-Identifier: MIT */
/* Internals of the LD_PRELOAD library (libfsxemu.so). */
#ifndef EMU_PRE_H
#define EMU_PRE_H

#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>

#include "emu/emu.h"
#include "emu/layout.h"

/* What we remember about an fd we opened on an emulated mount. */
struct emu_fd {
	struct emu_mount *m;
	dev_t dev;
	ino_t ino;
	int flags;	  /* open flags as the caller gave them */
	int isdir;	  /* a directory: path below is its absolute path */
	char *path;	  /* directories only (their fds are used as bases) */
	int writable;	  /* opened for write: check the layout at close */
	int lease;	  /* LL_LEASE_RDLCK / WRLCK held by this fd, 0 none */
	uint64_t lease_token; /* ours in state/lease/<ino> while intact */
	uint32_t gid;	  /* group lock held, 0 none */
	int glock_fd;	  /* the OFD holding it */
	int wtracked;	  /* counted as a writer of the inode (locks.c) */
	int isvolatile;	  /* an anonymous file created by a volatile name */
	int released;	  /* HSM-released at an O_NONBLOCK open: restore before I/O */
	uint32_t swap_gen; /* emu_swap_gen when last checked (swapname.c) */
	uint32_t dv_epoch; /* data-version epoch at the last counter bump */
	int fault;	  /* injected write errno: 0 unknown, -1 none */
	unsigned long nwrites, nafter; /* writes so far, first failing one */
	struct timespec mtime; /* at open, to notice writes (HSM dirty) */
	off_t size;
};

/* returned by emu_*xattr for paths that are not ours: call libc */
#define EMU_PASS (-100000)

/* core.c */
extern struct emu_mount *emu_mounts;
extern int emu_nmounts;
void emu_init(void);
int emu_mount_ready(struct emu_mount *m);
struct emu_mount *emu_path_mount(int dirfd, const char *path, char *abs, size_t len);
struct emu_mount *emu_fd_mount(int fd, char *abs, size_t len);
struct emu_mount *emu_fd_is_root(int fd, struct emu_mount *m);
const char *emu_rel(const struct emu_mount *m, const char *abs);
struct emu_fd *emu_fd_get(int fd);
struct emu_fd *emu_fd_new(int fd);
void emu_fd_drop(int fd);
int emu_is_root_path(const struct emu_mount *m, const char *abs);
void emu_cwd_invalidate(void);

/* file.c: the metadata the emulated MDT keeps per inode */
int emu_fid_get(struct emu_mount *m, int fd, const char *abs, struct lu_fid *ret);
int emu_lov_read(int fd, const char *abs, void **ret, size_t *ret_len);
int emu_lov_stale(const void *blob, size_t len, uint64_t size);
int emu_lov_write(int fd, const char *abs, const void *buf, size_t len);
int emu_lov_load(int fd, const char *abs, struct emu_layout **ret);
int emu_lov_store(int fd, const char *abs, const struct emu_layout *lo);
int emu_file_sync_layout(struct emu_mount *m, int fd, const char *abs, int create);
int emu_file_new_layout(struct emu_mount *m, int fd, const char *abs, const void *req,
			size_t len);
int emu_dir_default(struct emu_mount *m, const char *dirabs, int root_fallback, void **ret,
		    size_t *ret_len);
int emu_fid2path(struct emu_mount *m, const struct lu_fid *fid, unsigned int linkno,
		 char *buf, size_t len, unsigned int *ret_more);
void emu_fid_index(struct emu_mount *m, const struct lu_fid *fid, const char *abs);
int emu_is_volatile(const char *path);

/* open.c */
int emu_open(int dirfd, const char *path, int flags, mode_t mode);
void emu_close_fd(int fd);
void emu_fd_dup(int from, int to);
void emu_close_all(void);

/* xattr.c */
ssize_t emu_getxattr(int fd, const char *path, int nofollow, const char *name, void *val,
		     size_t size);
int emu_setxattr(int fd, const char *path, int nofollow, const char *name, const void *val,
		 size_t size, int flags);
ssize_t emu_listxattr(int fd, const char *path, int nofollow, char *list, size_t size);

/* ioctl.c */
int emu_ioctl(int fd, unsigned long req, void *arg, int *handled);
int emu_ioctl_layout(struct emu_mount *m, int fd, const char *abs, unsigned long req,
		     void *arg);
int emu_setstripe_dir(struct emu_mount *m, const char *abs, const void *buf, size_t len,
		      int via_xattr);

/* procfs.c: /proc/mounts, /proc/self/mountinfo, /sys and /proc/fs/lustre */
int emu_proc_open(const char *path, int flags, int *handled);
const char *emu_virt_map(const char *path, char *buf, size_t len);
int emu_statfs_fill(struct emu_mount *m, struct statfs *st);

/* hsm.c */
int emu_hsm_ioctl(struct emu_mount *m, int fd, const char *abs, unsigned long req,
		  void *arg);
int emu_hsm_on_open(struct emu_mount *m, const char *abs, int flags, int writer);
void emu_hsm_on_close(struct emu_mount *m, int fd, const char *abs, struct emu_fd *f);
int emu_hsm_before_write(struct emu_fd *f, int fd);
int emu_hsm_is_released(int fd);

/* target.c: per-target statfs, quotas, counts */
int emu_target_ioctl(struct emu_mount *m, int fd, const char *abs, unsigned long req,
		     void *arg);

/* quota.c */
int emu_quotactl(struct emu_mount *m, struct if_quotactl *qc);
int emu_projid_ioctl(struct emu_mount *m, int fd, unsigned long req, void *arg);
uint32_t emu_projid(int fd, const char *abs);
void emu_quota_invalidate(void);

/* migrate.c: data version, group locks, leases, layout swap */
int emu_migrate_ioctl(struct emu_mount *m, int fd, const char *abs, unsigned long req,
		      void *arg);
void emu_lease_on_open(struct emu_mount *m, const char *abs, int flags, const struct stat *st);
void emu_lease_on_close(struct emu_mount *m, struct emu_fd *f);
void emu_dv_touch(struct emu_fd *f, int fd);

/* locks.c: cross-process group locks, writers and leases */
struct emu_shm;
struct emu_shm *emu_shm(struct emu_mount *m);
void emu_writer_add(struct emu_fd *f);
void emu_writer_drop(struct emu_fd *f);
int emu_group_lock(struct emu_fd *f, uint32_t gid, int nonblock);
void emu_group_unlock(struct emu_fd *f);
void emu_group_wait(struct emu_mount *m, struct emu_fd *f, ino_t ino);
int emu_lease_set(struct emu_fd *f, uint32_t mode);
int emu_lease_intact(struct emu_fd *f);
int emu_lease_unlock(struct emu_fd *f);
void emu_lease_break(struct emu_mount *m, ino_t ino);
uint32_t emu_dv_epoch(struct emu_mount *m, int bump);
uint32_t emu_swap_gen(struct emu_mount *m, int bump);
int emu_usage_get(struct emu_mount *m, uint64_t *bytes, uint64_t *inodes, uint32_t *gen);
void emu_usage_put(struct emu_mount *m, uint64_t bytes, uint64_t inodes, uint32_t gen);
void emu_usage_invalidate(struct emu_mount *m);

/* swap.c: exchange two files' data and layouts, crash-safe */
int emu_swap_data(struct emu_mount *m, int fd1, int fd2);
void emu_swap_recover(struct emu_mount *m);
void emu_swap_recover_entry(const char *dir);
void emu_swap_follow(struct emu_fd *f, int fd);

/* io.c: read/write wrappers (group locks, data version, faults) */
int emu_write_fault(struct emu_fd *f, int fd);

#endif /* EMU_PRE_H */
