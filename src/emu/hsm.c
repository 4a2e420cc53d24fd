// SPDX-License-Identifier: MIT
/* HSM: per-file state, requests, release and restore (not yet). */
#include <errno.h>

#include "emu/pre.h"

int emu_hsm_ioctl(struct emu_mount *m, int fd, const char *abs, unsigned long req, void *arg)
{
	(void)m, (void)fd, (void)abs, (void)req, (void)arg;
	return -ENOTTY;
}

int emu_hsm_on_open(struct emu_mount *m, const char *abs, int flags)
{
	(void)m, (void)abs, (void)flags;
	return 0;
}

void emu_hsm_on_close(struct emu_mount *m, int fd, const char *abs, struct emu_fd *f)
{
	(void)m, (void)fd, (void)abs, (void)f;
}
