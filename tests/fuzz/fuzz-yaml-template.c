/* SPDX-License-Identifier: MIT */
/* setstripe --yaml templates: any text is parsed or refused with a reason. */
#include <stdlib.h>
#include <string.h>
#include "layout/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct layout_spec s = { 0 };
	struct fsx_why why;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	if (layout_yaml_parse(text, size, &s, &why) == 0 && layout_spec_validate(&s, &why) == 0) {
		void *blob = NULL;
		size_t len;

		if (layout_spec_encode(&s, &blob, &len, &why) == 0)
			free(blob);
	}
	layout_spec_release(&s);
	free(text);
	return 0;
}
