/* SPDX-License-Identifier: MIT */
/*
 * Layouts as the emulated MDT handles them: decode a wire blob, validate a
 * requested layout like lod does, build the layout a new file gets,
 * instantiate components as data arrives, and pack the MDT and client forms.
 */
#ifndef EMU_LAYOUT_H
#define EMU_LAYOUT_H

#include "emu/emu.h"

struct emu_comp {
	uint32_t id;
	uint32_t flags;
	uint64_t start;
	uint64_t end;
	uint32_t lcme_gen;
	uint64_t timestamp;
	uint32_t magic; /* sub-layout magic: V1, V3 or SPECIFIC */
	uint32_t pattern;
	struct ost_id oi;
	uint32_t stripe_size;
	uint16_t count;
	uint16_t off30; /* stripe offset in, layout generation out */
	char pool[LOV_MAXPOOLNAME + 2];
	unsigned int nobj;
	struct lov_ost_data *objs;
};

struct emu_layout {
	uint32_t magic; /* V1, V3, SPECIFIC, COMP_V1 or FOREIGN */
	uint32_t gen;
	uint16_t flags;
	uint16_t mirror_count;
	unsigned int ncomp;
	struct emu_comp *comps;
	void *raw; /* FOREIGN: the whole blob */
	size_t rawlen;
};

enum emu_form {
	EMU_FORM_MDT,	  /* as stored: placeholders kept, lmm_oi set */
	EMU_FORM_XATTR,	  /* getxattr("lustre.lov") on a file */
	EMU_FORM_GETSTRIPE, /* LL_IOC_LOV_GETSTRIPE on a file */
};

size_t emu_layout_implied_size(const void *buf, size_t len);
int emu_layout_decode(const void *buf, size_t len, struct emu_layout **ret);
struct emu_layout *emu_layout_free(struct emu_layout *lo);
int emu_layout_encode(const struct emu_layout *lo, enum emu_form form, void **ret,
		      size_t *ret_len);

int emu_layout_check_default(const struct emu_mount *m, const struct emu_layout *lo);
int emu_layout_create(const struct emu_mount *m, const struct emu_layout *tmpl,
		      const struct lu_fid *fid, uint64_t size, struct emu_layout **ret);
int emu_layout_instantiate(const struct emu_mount *m, struct emu_layout *lo, uint64_t size);
void emu_layout_release(struct emu_layout *lo);
int emu_layout_restore(const struct emu_mount *m, struct emu_layout *lo, uint64_t size);
int emu_layout_is_released(const struct emu_layout *lo);
int emu_layout_default_blob(void *buf, size_t len);
int emu_layout_add(const struct emu_mount *m, struct emu_layout *lo,
		   const struct emu_layout *add, const struct lu_fid *fid, uint64_t size);
int emu_layout_del(struct emu_layout *lo, uint32_t id, uint32_t flags, uint64_t *ret_end);

#endif /* EMU_LAYOUT_H */
