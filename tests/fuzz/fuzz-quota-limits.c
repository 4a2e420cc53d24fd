/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes setquota's value parsers (block and inode limits, grace times)
 * and checks what they promise: a failure leaves the result untouched
 * and gives a reason, a parsed grace prints back into the same seconds.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lustre/quota.h"
#include "quota/quota.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct fsx_why why = { "" };
	uint64_t v = 42, back = 0;
	char buf[64];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	if (quota_parse_blocks(s, &v, &why) && (v != 42 || !why.msg[0]))
		abort();
	v = 42;
	why.msg[0] = 0;
	if (quota_parse_inodes(s, &v, &why) && (v != 42 || !why.msg[0]))
		abort();
	v = 42;
	why.msg[0] = 0;
	if (quota_parse_grace(s, &v, &why)) {
		if (v != 42 || !why.msg[0])
			abort();
	} else if (v != LQUOTA_NOTIFY_GRACE) {
		/* 1w2d3h4m5s round trip */
		quota_sec2str(v, buf, sizeof(buf));
		if (quota_parse_grace(buf, &back, NULL) || back != v)
			abort();
	}
	free(s);
	return 0;
}
