// SPDX-License-Identifier: MIT
/* Data version, group locks, leases, layout swap (not yet). */
#include <errno.h>

#include "emu/pre.h"

int emu_migrate_ioctl(struct emu_mount *m, int fd, const char *abs, unsigned long req, void *arg)
{
	(void)m, (void)fd, (void)abs, (void)req, (void)arg;
	return -ENOTTY;
}

void emu_lease_on_open(struct emu_mount *m, const char *abs, int flags, const struct stat *st)
{
	(void)m, (void)abs, (void)flags, (void)st;
}

void emu_lease_on_close(struct emu_mount *m, struct emu_fd *f)
{
	(void)m, (void)f;
}
