/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the FID parser (fid2path arguments): it never reads past the
 * string, and whatever it accepts prints back to a FID it accepts again
 * with the same fields.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "hsm/hsm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), buf[HSM_FID_STR_MAX];
	struct lu_fid a, b;
	struct fsx_why why;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	if (hsm_fid_parse(s, &a, &why) == 0) {
		hsm_fid_format(&a, buf, sizeof(buf));
		if (hsm_fid_parse(buf, &b, &why) || memcmp(&a, &b, sizeof(a)))
			abort();
	}
	free(s);
	return 0;
}
