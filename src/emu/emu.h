/* SPDX-License-Identifier: MIT */
/*
 * fsxemu internals shared by the launcher (fsxemu) and the LD_PRELOAD
 * library (libfsxemu.so). See docs/fsxemu.md for what is emulated.
 */
#ifndef EMU_EMU_H
#define EMU_EMU_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "emu/uapi.h"

#define EMU_ENV_MOUNTS "FSXEMU_MOUNTS" /* colon list of active mount roots */
#define EMU_ENV_FAULT  "FSXEMU_FAULT"

/* xattrs on the backing inodes */
#define EMU_XA_LOV "user.lustre.lov"	/* layout, exact wire format */
#define EMU_XA_FID "user.lustre.fid"	/* struct lu_fid */
#define EMU_XA_HSM "user.lustre.hsm"	/* struct emu_hsm + repository key */
#define EMU_XA_LMV "user.lustre.lmvdef" /* default dir striping, as set */
#define EMU_XA_DV  "user.lustre.dv"	/* data-version counter (u64) */
#define EMU_XA_PRJ "user.lustre.projid" /* project id, decimal text */

#define EMU_MAX_POOLS 32
#define EMU_MAX_OSTS  4096
#define EMU_MAX_MDTS  256

struct emu_pool {
	char name[LOV_MAXPOOLNAME + 1];
	unsigned int n;
	uint16_t idx[1024];
};

struct emu_config {
	char fsname[16];
	char nid[128];
	char inst[17]; /* 16 hex digits: the "superblock pointer" */
	char repo[PATH_MAX];
	unsigned int osts;
	unsigned int mdts;
	uint64_t ost_size; /* bytes per OST */
	uint64_t mdt_size; /* bytes per MDT */
	uint32_t stripesize;
	int stripecount;
	int stripeoffset;
	unsigned int hsm_max_active; /* per MDT, default 3 */
	char quota_types[4];	     /* enabled quota types: subset of "ugp" */
	unsigned int npools;
	struct emu_pool pools[EMU_MAX_POOLS];
};

struct emu_mount {
	char *root; /* canonical, no trailing slash */
	size_t rootlen;
	char *state; /* sibling .NAME.fsxemu directory */
	int loaded;
	int recovered; /* interrupted layout swaps rolled back (swap.c) */
	dev_t dev;
	ino_t ino;
	struct emu_config cfg;
};

/* config.c */
int emu_state_dir(const char *root, char *buf, size_t len);
int emu_config_load(const char *state, struct emu_config *cfg);
int emu_config_save(const char *state, const struct emu_config *cfg);
const struct emu_pool *emu_pool_find(const struct emu_config *cfg, const char *name);
int emu_parse_size(const char *s, uint64_t *ret);
int emu_parse_idx_list(const char *s, uint16_t *idx, unsigned int max, unsigned int *ret_n);
void emu_lov_name(const struct emu_config *cfg, char *buf, size_t len);
void emu_lmv_name(const struct emu_config *cfg, char *buf, size_t len);
int emu_write_virt(const char *state, const struct emu_config *cfg);

/* state.c: counters shared between processes (flock'ed file) */
struct emu_alloc {
	unsigned int n;	 /* objects wanted */
	int start;	 /* first OST (-1: round robin) */
	const uint16_t *set; /* OSTs to pick from */
	unsigned int nset;
	int overstripe;
	const uint16_t *exact; /* explicit list (SPECIFIC), or NULL */
};
int emu_fid_alloc(const struct emu_mount *m, struct lu_fid *ret);
int emu_fid_reserve(const struct emu_mount *m, uint64_t count, uint64_t *ret_first);
void emu_fid_nth(uint64_t n, struct lu_fid *ret);
int emu_obj_alloc(const struct emu_mount *m, const struct emu_alloc *a,
		  struct lov_ost_data *objs);
int emu_lock(const struct emu_mount *m, const char *name);
void emu_unlock(int fd);

/* hsmcore.c: truncate(2) that bypasses the preload's wrapper */
int emu_truncate_raw(const char *abs, off_t len);

/* real libc entry points (preload.c fills them; the launcher uses libc) */
struct emu_real {
	int (*open)(const char *, int, ...);
	int (*openat)(int, const char *, int, ...);
	int (*close)(int);
	int (*ioctl)(int, unsigned long, ...);
	ssize_t (*getxattr)(const char *, const char *, void *, size_t);
	ssize_t (*lgetxattr)(const char *, const char *, void *, size_t);
	ssize_t (*fgetxattr)(int, const char *, void *, size_t);
	int (*setxattr)(const char *, const char *, const void *, size_t, int);
	int (*lsetxattr)(const char *, const char *, const void *, size_t, int);
	int (*fsetxattr)(int, const char *, const void *, size_t, int);
	ssize_t (*listxattr)(const char *, char *, size_t);
	ssize_t (*llistxattr)(const char *, char *, size_t);
	ssize_t (*flistxattr)(int, char *, size_t);
	int (*lremovexattr)(const char *, const char *);
	int (*fremovexattr)(int, const char *);
};
extern struct emu_real emu_real;

#endif /* EMU_EMU_H */
