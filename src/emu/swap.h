/* SPDX-License-Identifier: MIT */
/* The layout swap's two halves: swap.c (journal) and swapname.c (rename). */
#ifndef EMU_SWAP_H
#define EMU_SWAP_H

#include <sys/stat.h>

#include "emu/pre.h"

struct side {
	int fd; /* reopened read-write, no O_DIRECT */
	struct stat st;
	char path[PATH_MAX]; /* "" for an anonymous (volatile) file */
	void *lov;	     /* stored layout, NULL if none */
	size_t lovlen;
	struct lu_fid fid;
};

int emu_swap_side_load(struct emu_mount *m, int fd, struct side *s);
int emu_swap_relabel(const struct side *from, const struct side *to,
		     uint32_t gen, void **ret, size_t *ret_len);
uint32_t emu_swap_gen_of(const struct side *s);
void emu_swap_kill_point(int committed);
int emu_swap_copy_data(int src, int dst);
int emu_swap_reopen(int fd, int flags);
void emu_swap_rename_recover(const char *dir, int go);
int emu_swap_by_rename(struct emu_mount *m, int fd1, int fd2, struct side *a,
		       struct side *b, uint32_t gen);

#endif /* EMU_SWAP_H */
