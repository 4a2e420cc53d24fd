/* SPDX-License-Identifier: MIT */
/*
 * P2 anchor: the system calls fsxctl hsm-restore makes, in a plain loop
 * with no streaming, threading or bookkeeping. NUL-separated paths on
 * stdin; per file open(O_RDONLY|O_NONBLOCK|O_NOFOLLOW), fstat,
 * LL_IOC_HSM_STATE_GET, name_to_handle_at, close; released files are sent
 * 52 to a LL_IOC_HSM_REQUEST on the mount root (argv[1]).
 * Usage: hsm-restore-loop MOUNT < paths
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

struct hur {
	uint32_t action, archive_id;
	uint64_t flags;
	uint32_t count, data_len;
	struct {
		uint64_t seq;
		uint32_t oid, ver;
		uint64_t off, len;
	} __attribute__((packed)) items[52];
} __attribute__((packed));

static void flush(int root, struct hur *h)
{
	if (h->count && ioctl(root, 0x401866D9U, h) < 0)
		perror("request");
	h->count = 0;
}

int main(int argc, char **argv)
{
	struct hur h = { .action = 11 };
	struct { unsigned int bytes; int type; unsigned char h[128]; } fh;
	uint32_t hus[8];
	char *line = NULL;
	size_t cap = 0;
	int root, mnt;

	if (argc < 2 || (root = open(argv[1], O_RDONLY | O_DIRECTORY | O_NONBLOCK)) < 0)
		return 2;
	while (getdelim(&line, &cap, 0, stdin) > 0) {
		struct stat st;
		int fd = open(line, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);

		if (fd < 0)
			continue;
		fh.bytes = 128;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    ioctl(fd, 0x802066D3U, hus) == 0 && (hus[0] & 0x4) &&
		    name_to_handle_at(fd, "", (struct file_handle *)&fh, &mnt, AT_EMPTY_PATH) == 0) {
			memcpy(&h.items[h.count], fh.h, 16);
			h.items[h.count].off = 0;
			h.items[h.count].len = UINT64_MAX;
			if (++h.count == 52)
				flush(root, &h);
		}
		close(fd);
	}
	flush(root, &h);
	return 0;
}
