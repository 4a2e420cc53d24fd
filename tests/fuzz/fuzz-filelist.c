/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the record reader behind --filelist and stdin, in both separator
 * modes and with a small record limit: every record returned is
 * NUL-terminated, within the limit and free of the separator.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "hsm/input.h"

static void run(const uint8_t *data, size_t size, char sep, size_t maxrec)
{
	struct hsm_reader r;
	struct fsx_why why;
	char *rec;
	int fd = memfd_create("fuzz", 0), rc;

	if (fd < 0)
		return;
	if (write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	if (hsm_reader_init(&r, fd, sep, maxrec))
		abort();
	while ((rc = hsm_reader_next(&r, &rec, &why)) != 0) {
		size_t len;

		if (rc != 1 && rc != -EINVAL)
			abort();
		len = strlen(rec);
		if (rc == 1 && (len == 0 || len > maxrec || (sep && memchr(rec, sep, len))))
			abort();
	}
	hsm_reader_release(&r);
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, '\n', 4095);
	run(data, size, 0, 4095);
	run(data, size, '\n', 7);
	run(data, size, 0, 7);
	return 0;
}
