/* SPDX-License-Identifier: MIT */
/* Data repository task waiting, shared by task wait and import/export/release. */
#ifndef FSX_CMD_TASK_H
#define FSX_CMD_TASK_H

#include "cmd/awscmd.h"

/*
 * Waits until task id ends, with a progress line on a TTY and one final
 * line on stderr. 0 SUCCEEDED, 1 FAILED or CANCELED (or a call failed),
 * 3 still running at deadline (0: none).
 */
int task_wait(struct awscmd *a, const char *id, double deadline);
/* The PENDING/EXECUTING/CANCELING task of fs_id into id (or "" if none). */
int task_running(struct awscmd *a, const char *fs_id, char *id, size_t cap);

#endif
