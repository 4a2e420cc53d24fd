/* SPDX-License-Identifier: MIT */
/*
 * HSM state shared by the preload (requests, release, restore on open)
 * and the launcher (copytool, import): per-file state in user.lustre.hsm,
 * the request queue in state/hsm/queue (hsmqueue.c).
 */
#ifndef EMU_HSMCORE_H
#define EMU_HSMCORE_H

#include "emu/emu.h"

struct emu_hsm {
	uint32_t states;
	uint32_t archive_id;
	char key[PATH_MAX]; /* object in the repository, relative */
};

enum emu_q_state {
	Q_WAITING = HPS_WAITING,
	Q_RUNNING = HPS_RUNNING,
	Q_DONE = HPS_DONE,
	Q_FAILED = 4,
	Q_CANCELED = 5,
};

struct emu_qrec {
	struct lu_fid fid;
	uint32_t action;
	uint32_t state;
	uint32_t archive_id;
	int32_t err; /* failed: the errno; running: the copytool's pid */
	uint64_t length;
	uint64_t moved;
	uint64_t when;
	uint32_t prev; /* 1 + index of the file's previous pending request, 0 none */
	uint32_t self; /* this record's index */
};

int emu_hsm_get(int fd, const char *abs, struct emu_hsm *h);
int emu_hsm_put(int fd, const char *abs, const struct emu_hsm *h);
int emu_hsm_release(struct emu_mount *m, const char *abs);
int emu_hsm_restore(struct emu_mount *m, const char *abs);
int emu_hsm_archive(struct emu_mount *m, const char *abs, uint32_t archive_id);
int emu_hsm_remove(struct emu_mount *m, const char *abs);

/* hsmqueue.c */
int emu_queue_lock(struct emu_mount *m);
int emu_queue_find(struct emu_mount *m, const struct lu_fid *fid, struct emu_qrec *ret);
int emu_queue_add(struct emu_mount *m, const struct hsm_request *hr,
		  const struct hsm_user_item *items, const int *want);
void emu_queue_restore_done(struct emu_mount *m, const struct lu_fid *fid);
void emu_queue_requeue_orphans(struct emu_mount *m);
size_t emu_queue_cycle(struct emu_mount *m, const struct emu_qrec *done, const int *err,
		       size_t ndone, struct emu_qrec *out, size_t max, int *ret_waiting);

int emu_fault(const char *op, const char *rel, const struct lu_fid *fid);
int emu_errno_of(const char *name);
int emu_spec_hits(const char *spec, const char *rel);

#endif /* EMU_HSMCORE_H */
