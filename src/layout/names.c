/* SPDX-License-Identifier: MIT */
/* Pattern and flag names, OST object ids as lfs decodes them (§2.2, §3). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "layout/layout.h"

const char *layout_pattern_name(uint32_t pattern, char *buf, size_t len)
{
	uint32_t p = pattern & ~LOV_PATTERN_F_RELEASED;

	if (pattern & LOV_PATTERN_F_RELEASED)
		snprintf(buf, len, "released");
	else if (p == LOV_PATTERN_MDT)
		snprintf(buf, len, "mdt");
	else if (p == LOV_PATTERN_RAID0)
		snprintf(buf, len, "raid0");
	else if (p == (LOV_PATTERN_RAID0 | LOV_PATTERN_OVERSTRIPING))
		snprintf(buf, len, "raid0,overstriped");
	else
		snprintf(buf, len, "%x", pattern);
	return buf;
}

static const struct {
	uint32_t flag;
	const char *name;
} comp_flags[] = {
	{ LCME_FL_INIT, "init" },	{ LCME_FL_STALE, "stale" },
	{ LCME_FL_PREF_RW, "prefer" },	{ LCME_FL_OFFLINE, "offline" },
	{ LCME_FL_NOSYNC, "nosync" },	{ LCME_FL_EXTENSION, "extension" },
};

void layout_flags_name(uint32_t flags, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	if (!flags) {
		snprintf(buf, len, "0");
		return;
	}
	for (size_t i = 0; i < sizeof(comp_flags) / sizeof(comp_flags[0]); i++) {
		if (!(flags & comp_flags[i].flag))
			continue;
		n += snprintf(buf + n, len > n ? len - n : 0, "%s%s", n ? "," : "",
			      comp_flags[i].name);
		flags &= ~comp_flags[i].flag;
	}
	if (flags)
		snprintf(buf + n, len > n ? len - n : 0, "%s%#x", n ? "," : "", flags);
}

int layout_flags_parse(const char *s, uint32_t *set, uint32_t *neg)
{
	char word[32];

	*set = *neg = 0;
	while (*s) {
		size_t l = strcspn(s, ",");
		bool not = false;
		size_t i;

		if (l == 0 || l >= sizeof(word))
			return -EINVAL;
		memcpy(word, s, l);
		word[l] = 0;
		if (word[0] == '^')
			not = true;
		for (i = 0; i < sizeof(comp_flags) / sizeof(comp_flags[0]); i++)
			if (!strcmp(word + not, comp_flags[i].name))
				break;
		if (i == sizeof(comp_flags) / sizeof(comp_flags[0]))
			return -EINVAL;
		if (not)
			*neg |= comp_flags[i].flag;
		else
			*set |= comp_flags[i].flag;
		s += l;
		if (*s == ',')
			s++;
	}
	return 0;
}

#define FID_SEQ_IDIF	 0x100000000ULL
#define FID_SEQ_IDIF_MAX 0x1FFFFFFFFULL

uint64_t layout_ostid_seq(const struct ost_id *oi)
{
	if (oi->oi.oi_seq == 0)
		return 0;
	if (oi->oi.oi_seq == ~0ULL)
		return ~0ULL;
	if (oi->oi_fid.f_seq >= FID_SEQ_IDIF && oi->oi_fid.f_seq <= FID_SEQ_IDIF_MAX)
		return 0;
	return oi->oi_fid.f_seq;
}

uint64_t layout_ostid_id(const struct ost_id *oi)
{
	if (oi->oi.oi_seq == 0)
		return oi->oi.oi_id & 0xFFFFFFFFFFFFULL;
	if (oi->oi.oi_seq == ~0ULL)
		return oi->oi.oi_id;
	if (oi->oi_fid.f_seq >= FID_SEQ_IDIF && oi->oi_fid.f_seq <= FID_SEQ_IDIF_MAX)
		return ((uint64_t)oi->oi_fid.f_ver << 48) |
		       ((oi->oi_fid.f_seq & 0xffff) << 32) | oi->oi_fid.f_oid;
	return oi->oi_fid.f_oid;
}

void layout_ostid_to_fid(const struct ost_id *oi, uint32_t idx, struct lu_fid *fid)
{
	uint64_t seq = layout_ostid_seq(oi), id = layout_ostid_id(oi);

	if (seq == 0) {
		fid->f_seq = FID_SEQ_IDIF | ((uint64_t)(idx & 0xffff) << 16) |
			     ((id >> 32) & 0xffff);
		fid->f_oid = (uint32_t)id;
		fid->f_ver = (uint32_t)(id >> 48);
	} else {
		*fid = oi->oi_fid;
	}
}
