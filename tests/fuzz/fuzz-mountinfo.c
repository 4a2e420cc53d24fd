/* SPDX-License-Identifier: MIT */
/* Fuzzes the /proc/self/mountinfo line parser used to find FSx mounts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lustre/mount.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), *mnt, *type, *src;
	unsigned maj, min;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = 0;
	if (!lustre_mountinfo_line(line, &mnt, &type, &src, &maj, &min) &&
	    (!mnt || !type || !src))
		abort();
	free(line);
	return 0;
}
