/* SPDX-License-Identifier: MIT */
/* Fuzzes the STS AssumeRole / AssumeRoleWithWebIdentity answer reader. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "aws/creds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *xml = malloc(size + 1);
	struct aws_creds c = { 0 };

	if (!xml)
		return 0;
	memcpy(xml, data, size);
	xml[size] = 0;
	if (!aws_sts_parse_credentials(xml, "fuzz", &c, NULL)) {
		if (!c.access_key_id || !c.secret_access_key ||
		    !c.session_token)
			abort();
		aws_creds_release(&c);
	}
	aws_iso8601_parse(xml);
	free(xml);
	return 0;
}
