// SPDX-License-Identifier: MIT
/*
 * HSM ioctls (lustre-abi.md §6.12): state get/set, current action, and
 * requests on a directory fd. Release runs at once, as the client does;
 * archive, restore and remove are queued for the copytool. Opening a
 * released file (without O_NONBLOCK) restores it first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emu/hsmcore.h"
#include "emu/pre.h"

static int state_get(struct emu_mount *m, int fd, const char *abs, struct hsm_user_state *hus)
{
	struct emu_qrec q;
	struct lu_fid fid;
	struct emu_hsm h;
	int rc;

	if ((rc = emu_hsm_get(fd, abs, &h)) || (rc = emu_fid_get(m, fd, abs, &fid)))
		return rc;
	memset(hus, 0, sizeof(*hus));
	hus->hus_states = h.states;
	hus->hus_archive_id = h.archive_id;
	if (!emu_queue_find(m, &fid, &q)) {
		hus->hus_in_progress_state = q.state;
		hus->hus_in_progress_action = q.action;
		hus->hus_in_progress_location.length = q.state == Q_RUNNING ? q.moved : q.length;
	}
	return 0;
}

static int state_set(int fd, const char *abs, const struct hsm_state_set *hss)
{
	uint64_t set = hss->hss_valid & HSS_SETMASK ? hss->hss_setmask : 0;
	uint64_t clr = hss->hss_valid & HSS_CLEARMASK ? hss->hss_clearmask : 0;
	struct emu_hsm h;
	int rc;

	if ((set | clr) & ~(uint64_t)HSM_FLAGS_MASK)
		return -EINVAL;
	if (((set | clr) & ~(uint64_t)HSM_USER_MASK) && geteuid())
		return -EPERM;
	if ((rc = emu_hsm_get(fd, abs, &h)))
		return rc;
	h.states = (uint32_t)((h.states | set) & ~clr);
	if (hss->hss_valid & HSS_ARCHIVE_ID)
		h.archive_id = hss->hss_archive_id;
	return emu_hsm_put(fd, abs, &h);
}

static int action(struct emu_mount *m, int fd, const char *abs, struct hsm_current_action *a)
{
	struct emu_qrec q;
	struct lu_fid fid;
	int rc = emu_fid_get(m, fd, abs, &fid);

	if (rc)
		return rc;
	memset(a, 0, sizeof(*a));
	a->hca_action = HUA_NONE;
	if (!emu_queue_find(m, &fid, &q)) {
		a->hca_state = q.state;
		a->hca_action = q.action;
		a->hca_location.offset = 0;
		a->hca_location.length = q.state == Q_RUNNING ? q.moved : q.length;
	}
	return 0;
}

/* is this item worth queueing? 0 yes, 1 skip, -errno refuse */
static int item_check(uint32_t act, const struct emu_hsm *h, uint32_t archive_id,
		      const struct hsm_user_item *it)
{
	switch (act) {
	case HUA_RESTORE:
		if (!(h->states & HS_RELEASED))
			return 1;
		if (h->states & (HS_DIRTY | HS_LOST))
			return -EPERM;
		return it->hui_extent.offset ? -EPROTO : 0;
	case HUA_ARCHIVE:
		if (h->states & HS_NOARCHIVE)
			return -EPERM;
		if ((h->states & HS_ARCHIVED) && archive_id && h->archive_id &&
		    archive_id != h->archive_id)
			return -EPERM;
		return (h->states & HS_ARCHIVED) && !(h->states & HS_DIRTY) ? 1 : 0;
	case HUA_REMOVE:
		return h->states & HS_RELEASED ? -EPERM : 0;
	}
	return 0;
}

static int item_path(struct emu_mount *m, const struct lu_fid *fid, char *abs, size_t len)
{
	char rel[PATH_MAX];
	unsigned int more;
	int rc = emu_fid2path(m, fid, 0, rel, sizeof(rel), &more);

	if (rc)
		return rc;
	if ((size_t)snprintf(abs, len, "%s/%s", m->root, rel) >= len)
		return -ENAMETOOLONG;
	return 0;
}

static int request(struct emu_mount *m, int fd, const struct hsm_request *hr)
{
	const struct hsm_user_item *items = (const void *)(hr + 1);
	uint32_t act = hr->hr_action;
	char abs[PATH_MAX];
	struct stat st;
	int *want, rc = 0;

	if (fstat(fd, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTTY;
	if (sizeof(*hr) + 32ull * hr->hr_itemcount + hr->hr_data_len >= HSM_REQUEST_MAX)
		return -E2BIG;
	if (act != HUA_ARCHIVE && act != HUA_RESTORE && act != HUA_RELEASE && act != HUA_REMOVE &&
	    act != HUA_CANCEL && act != HUA_NONE)
		return -EINVAL;
	if (!hr->hr_itemcount || act == HUA_NONE)
		return 0;
	if (act != HUA_RESTORE && geteuid())
		return -EPERM;
	want = calloc(hr->hr_itemcount, sizeof(*want));
	if (!want)
		return -ENOMEM;
	for (uint32_t i = 0; i < hr->hr_itemcount && !rc; i++) {
		struct emu_hsm h;

		rc = item_path(m, &items[i].hui_fid, abs, sizeof(abs));
		if (!rc)
			rc = emu_hsm_get(-1, abs, &h);
		if (!rc && act == HUA_RELEASE)
			rc = emu_hsm_release(m, abs);
		else if (!rc && act != HUA_CANCEL)
			rc = item_check(act, &h, hr->hr_archive_id, &items[i]);
		want[i] = rc == 0 && act != HUA_RELEASE;
		rc = rc > 0 ? 0 : rc;
	}
	if (!rc && act != HUA_RELEASE)
		rc = emu_queue_add(m, hr, items, want);
	free(want);
	return rc;
}

int emu_hsm_ioctl(struct emu_mount *m, int fd, const char *abs, unsigned long req, void *arg)
{
	switch (req) {
	case LL_IOC_HSM_STATE_GET:
		return state_get(m, fd, abs, arg);
	case LL_IOC_HSM_STATE_SET:
		return state_set(fd, abs, arg);
	case LL_IOC_HSM_ACTION:
		return action(m, fd, abs, arg);
	case LL_IOC_HSM_REQUEST:
		return request(m, fd, arg);
	}
	return -ENOTTY;
}

int emu_hsm_on_open(struct emu_mount *m, const char *abs, int flags, int writer)
{
	struct lu_fid fid;
	struct emu_hsm h;
	int rc;

	if (emu_hsm_get(-1, abs, &h))
		return 0;
	/* a writer may change archived data: dirty from now on (conservative) */
	if (writer && !(flags & O_NONBLOCK) && (h.states & HS_EXISTS) && !(h.states & HS_DIRTY)) {
		h.states |= HS_DIRTY;
		emu_hsm_put(-1, abs, &h);
	}
	if (!(h.states & HS_RELEASED) || (flags & O_NONBLOCK))
		return 0;
	if ((flags & O_PATH))
		return 0;
	rc = emu_hsm_restore(m, abs);
	if (!rc && !emu_fid_get(m, -1, abs, &fid))
		emu_queue_restore_done(m, &fid); /* the open did the work */
	return rc;
}

void emu_hsm_on_close(struct emu_mount *m, int fd, const char *abs, struct emu_fd *f)
{
	struct emu_hsm h;
	struct stat st;

	(void)m, (void)abs;
	if (!f->writable || fstat(fd, &st))
		return;
	if (st.st_size == f->size && st.st_mtim.tv_sec == f->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == f->mtime.tv_nsec)
		return;
	if (emu_hsm_get(fd, NULL, &h) || !(h.states & HS_EXISTS) || (h.states & HS_DIRTY))
		return;
	h.states |= HS_DIRTY;
	emu_hsm_put(fd, NULL, &h);
}

int emu_hsm_is_released(int fd)
{
	struct emu_hsm h;

	return !emu_hsm_get(fd, NULL, &h) && (h.states & HS_RELEASED);
}

/*
 * A released file opened O_NONBLOCK for write was not restored by the
 * open; its first write or truncate restores it (as Lustre's I/O path
 * does), so that the stub's zeros never replace the archived data.
 */
int emu_hsm_before_write(struct emu_fd *f, int fd)
{
	char abs[PATH_MAX];
	struct lu_fid fid;
	int rc;

	if (!f->released)
		return 0;
	f->released = 0;
	if (emu_fd_mount(fd, abs, sizeof(abs)) != f->m)
		return 0;
	rc = emu_hsm_restore(f->m, abs);
	if (!rc && !emu_fid_get(f->m, fd, abs, &fid))
		emu_queue_restore_done(f->m, &fid);
	return rc;
}
