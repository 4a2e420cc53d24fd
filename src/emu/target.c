// SPDX-License-Identifier: MIT
/* Per-target statfs and quotas (not yet). */
#include <errno.h>

#include "emu/pre.h"

int emu_target_ioctl(struct emu_mount *m, int fd, const char *abs, unsigned long req, void *arg)
{
	(void)m, (void)fd, (void)abs, (void)req, (void)arg;
	return -ENOTTY;
}
