/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lustre/statfs.h"
#include "quota/df.h"

#define DF_MAX_INDEX 65536 /* a broken kernel answer cannot loop forever */
#define POOL_BUF     (64 * 1024)

static bool in_pool(const char *members, const char *uuid)
{
	size_t l = strlen(uuid);

	for (const char *p = members; *p;) {
		size_t n = strcspn(p, "\n");

		if (n == l && !strncmp(p, uuid, l))
			return true;
		p += n;
		if (*p)
			p++;
	}
	return false;
}

static int add_target(struct df_fs *fs, const struct df_target *t)
{
	struct df_target *nt = realloc(fs->t, sizeof(*nt) * (fs->n + 1));

	if (!nt)
		return -ENOMEM;
	fs->t = nt;
	nt[fs->n++] = *t;
	return 0;
}

static int load_type(struct df_fs *fs, int fd, bool mdt, const char *members,
		     unsigned flags)
{
	uint32_t type = mdt ? LL_STATFS_LMV : LL_STATFS_LOV;

	if (flags & DF_LAZY)
		type |= LL_STATFS_NODELAY;
	for (uint32_t i = 0; i < DF_MAX_INDEX; i++) {
		struct df_target t = { .is_mdt = mdt, .index = i };
		char uuid[40];
		int rc;

		rc = lustre_target_statfs(fd, type, i, &t.st, uuid);
		if (rc == -ENODEV)
			break;
		/* the call itself is refused: not a per-target error */
		if (rc == -ENOTTY || rc == -EINVAL || rc == -EFAULT ||
		    rc == -EOPNOTSUPP || rc == -ENOSYS)
			return rc;
		if (rc == -EAGAIN)
			continue;
		if (rc == -ENODATA && !(flags & DF_VERBOSE))
			continue;
		t.rc = rc;
		if (uuid[0])
			snprintf(t.uuid, sizeof(t.uuid), "%s", uuid);
		else
			snprintf(t.uuid, sizeof(t.uuid), "%s%04x", mdt ? "MDT" : "OST", i);
		if (!mdt && members && !in_pool(members, t.uuid))
			continue;
		if (rc && rc != -ENODATA && !fs->rc)
			fs->rc = rc;
		rc = add_target(fs, &t);
		if (rc)
			return rc;
	}
	return 0;
}

static int read_pool(int fd, const char *fsname, const char *pool,
		     char **ret, struct fsx_why *why)
{
	const char *dot = strchr(pool, '.');
	char *buf;
	ssize_t n;

	if (dot) {
		if ((size_t)(dot - pool) != strlen(fsname) ||
		    strncmp(pool, fsname, strlen(fsname)))
			return why_set(why, -EINVAL, "pool '%s' names another filesystem than '%s'",
				       pool, fsname);
		pool = dot + 1;
	}
	buf = malloc(POOL_BUF);
	if (!buf)
		return -ENOMEM;
	n = lustre_pool_read(fd, pool, buf, POOL_BUF);
	if (n < 0) {
		free(buf);
		if (n == -ENOENT)
			return why_set(why, -ENOENT, "no pool '%s' in filesystem '%s'",
				       pool, fsname);
		return why_set(why, (int)n, "cannot read pool '%s'", pool);
	}
	*ret = buf;
	return 0;
}

int df_load(const char *mnt, const char *fsname, const char *pool,
	    unsigned flags, struct df_fs *ret, struct fsx_why *why)
{
	struct df_fs fs = { .n = 0 };
	char *members = NULL;
	int fd, rc;

	snprintf(fs.mnt, sizeof(fs.mnt), "%s", mnt);
	snprintf(fs.fsname, sizeof(fs.fsname), "%s", fsname);
	fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return why_set(why, -errno, "cannot open the mount point");
	if (pool) {
		rc = read_pool(fd, fsname, pool, &members, why);
		if (rc)
			goto out;
	}
	rc = load_type(&fs, fd, true, NULL, flags);
	if (!rc)
		rc = load_type(&fs, fd, false, members, flags);
	if (rc) {
		why_set(why, rc, "cannot read target capacity");
		free(fs.t);
		goto out;
	}
	df_sum(&fs);
	*ret = fs;
out:
	free(members);
	close(fd);
	return rc;
}

void df_release(struct df_fs *fs)
{
	free(fs->t);
	fs->t = NULL;
	fs->n = 0;
}

void df_sum(struct df_fs *fs)
{
	struct obd_statfs *sum = &fs->sum;
	uint64_t ost_ffree = 0;

	memset(sum, 0, sizeof(*sum));
	sum->os_bsize = 1;
	fs->have_sum_osts = false;
	for (size_t i = 0; i < fs->n; i++) {
		const struct df_target *t = &fs->t[i];
		uint64_t bs = t->st.os_bsize;

		if (t->rc)
			continue;
		if (t->is_mdt) {
			sum->os_ffree += t->st.os_ffree;
			sum->os_files += t->st.os_files;
		} else {
			ost_ffree += t->st.os_ffree;
			/* MDT space counts only while no OST answered */
			if (!fs->have_sum_osts) {
				sum->os_blocks = sum->os_bfree = sum->os_bavail = 0;
				fs->have_sum_osts = true;
			}
		}
		sum->os_blocks += t->st.os_blocks * bs;
		sum->os_bfree += t->st.os_bfree * bs;
		sum->os_bavail += t->st.os_bavail * bs;
	}
	if (ost_ffree && ost_ffree < sum->os_ffree) {
		sum->os_files = (sum->os_files - sum->os_ffree) + ost_ffree;
		sum->os_ffree = ost_ffree;
	}
}
