// SPDX-License-Identifier: MIT
/*
 * Per-target statfs (IOC_OBD_STATFS, lustre-abi.md §6.10): capacities from
 * the configuration, usage from the data actually placed: each file's
 * blocks are attributed to the OST objects of its instantiated components,
 * Data-on-MDT and inodes to MDT0.
 */
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "emu/pre.h"

#define MDT_TABLE 64 /* the client's MDT bitmap size (§6.9) */

static struct {
	const struct emu_mount *m;
	uint64_t *ost_bytes;
	uint64_t *ost_objs;
	uint64_t mdt_bytes;
	uint64_t inodes;
} acct;

static void attribute(const struct emu_layout *lo, uint64_t size, uint64_t bytes)
{
	for (unsigned int i = 0; i < lo->ncomp; i++) {
		const struct emu_comp *c = &lo->comps[i];
		uint64_t end = c->end < size ? c->end : size, part;

		if (lo->magic == LOV_MAGIC_COMP_V1 && !(c->flags & LCME_FL_INIT))
			continue;
		if (c->pattern & LOV_PATTERN_F_RELEASED)
			continue;
		part = size && end > c->start ? bytes / size * (end - c->start) +
							 bytes % size * (end - c->start) / size : 0;
		if ((c->pattern & 0xffff) == LOV_PATTERN_MDT) {
			acct.mdt_bytes += part;
			continue;
		}
		for (unsigned int j = 0; j < c->nobj; j++) {
			uint32_t ost = c->objs[j].l_ost_idx;

			if (ost >= acct.m->cfg.osts)
				continue;
			acct.ost_objs[ost]++;
			acct.ost_bytes[ost] += c->nobj ? part / c->nobj : 0;
		}
	}
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct emu_layout *lo;

	(void)ftw;
	if (type == FTW_NS)
		return 0;
	acct.inodes++;
	acct.mdt_bytes += 4096;
	if (!S_ISREG(st->st_mode) || emu_lov_load(-1, path, &lo))
		return 0;
	attribute(lo, (uint64_t)st->st_size, (uint64_t)st->st_blocks * 512);
	emu_layout_free(lo);
	return 0;
}

static int account(const struct emu_mount *m)
{
	acct.m = m;
	acct.ost_bytes = calloc(m->cfg.osts, sizeof(uint64_t));
	acct.ost_objs = calloc(m->cfg.osts, sizeof(uint64_t));
	acct.mdt_bytes = acct.inodes = 0;
	if (!acct.ost_bytes || !acct.ost_objs)
		return -ENOMEM;
	nftw(m->root, visit, 32, FTW_PHYS | FTW_MOUNT);
	return 0;
}

/*
 * lfs df asks once per target: one walk serves the whole round (two
 * seconds, unless a writer closed a file through the emulator meanwhile).
 */
static int account_cached(struct emu_mount *m)
{
	static const struct emu_mount *last;
	static struct timespec when;
	static uint32_t last_gen;
	struct timespec now;
	uint64_t b, i;
	uint32_t gen;
	int rc;

	emu_usage_get(m, &b, &i, &gen);
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (last == m && gen == last_gen && now.tv_sec - when.tv_sec < 2)
		return 0;
	free(acct.ost_bytes);
	free(acct.ost_objs);
	acct.ost_bytes = acct.ost_objs = NULL;
	last = NULL;
	if ((rc = account(m)))
		return rc;
	last = m;
	last_gen = gen;
	when = now;
	return 0;
}

static void fill(const struct emu_mount *m, int mdt, unsigned int idx, struct obd_statfs *os,
		 char *uuid)
{
	uint64_t size = mdt ? m->cfg.mdt_size : m->cfg.ost_size, used, files, fused;

	used = mdt ? (idx ? 0 : acct.mdt_bytes) : acct.ost_bytes[idx];
	files = mdt ? size / 2048 : size / 65536;
	fused = mdt ? (idx ? 1 : acct.inodes) : acct.ost_objs[idx];
	memset(os, 0, sizeof(*os));
	os->os_type = 0xEF53; /* ldiskfs */
	os->os_bsize = 4096;
	os->os_blocks = size / 4096;
	used = (used + 4095) / 4096;
	os->os_bfree = os->os_blocks > used ? os->os_blocks - used : 0;
	os->os_bavail = os->os_bfree;
	os->os_files = files;
	os->os_ffree = files > fused ? files - fused : 0;
	os->os_namelen = 255;
	os->os_maxbytes = mdt ? 0 : 0xFFFFFFFFFFFull;
	snprintf(uuid, 40, "%s-%s%04x_UUID", m->cfg.fsname, mdt ? "MDT" : "OST", idx);
	memcpy(os->os_fsid, uuid, strlen(uuid) < 40 ? strlen(uuid) : 40);
}

static int obd_statfs(struct emu_mount *m, char *buf)
{
	static pthread_mutex_t lk = PTHREAD_MUTEX_INITIALIZER;
	uint32_t len, ver, plen1, plen2, inl1, inl2, type, idx;
	struct obd_statfs *os;
	char *uuid, name[40];
	int mdt, rc;

	memcpy(&len, buf + OBD_IOC_OFF_LEN, 4);
	memcpy(&ver, buf + OBD_IOC_OFF_VER, 4);
	memcpy(&plen1, buf + OBD_IOC_OFF_PLEN1, 4);
	memcpy(&plen2, buf + OBD_IOC_OFF_PLEN2, 4);
	memcpy(&os, buf + OBD_IOC_OFF_PBUF1, 8);
	memcpy(&uuid, buf + OBD_IOC_OFF_PBUF2, 8);
	memcpy(&inl1, buf + OBD_IOC_OFF_INL1, 4);
	memcpy(&inl2, buf + OBD_IOC_OFF_INL2, 4);
	if (ver != OBD_IOCTL_VERSION || len > 8192 || len < OBD_IOC_DATA_SIZE + 16)
		return -EINVAL;
	if (inl1 != 4 || inl2 != 4 || plen1 != sizeof(*os) || plen2 != 40 || !os || !uuid)
		return -EINVAL;
	memcpy(&type, buf + OBD_IOC_DATA_SIZE, 4);
	memcpy(&idx, buf + OBD_IOC_DATA_SIZE + 8, 4);
	if (!(type & 3))
		return -ENODEV;
	mdt = type & 1;
	if (mdt && idx >= m->cfg.mdts)
		return idx >= MDT_TABLE ? -ENODEV : -EAGAIN;
	if (!mdt && idx >= m->cfg.osts)
		return -ENODEV;
	pthread_mutex_lock(&lk);
	rc = account_cached(m);
	if (!rc)
		fill(m, mdt, idx, os, name);
	pthread_mutex_unlock(&lk);
	if (!rc)
		memcpy(uuid, name, 40);
	return rc;
}

int emu_target_ioctl(struct emu_mount *m, int fd, const char *abs, unsigned long req, void *arg)
{
	(void)fd, (void)abs;
	switch (req) {
	case IOC_OBD_STATFS:
		return obd_statfs(m, arg);
	case OBD_IOC_QUOTACTL:
		return emu_quotactl(m, arg);
	}
	return -ENOTTY;
}
