/* SPDX-License-Identifier: MIT */
/* Fuzzes the ~/.aws/config and credentials parser (configparser rules). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "aws/ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aws_ini *ini = NULL;
	struct fsx_why why;

	if (aws_ini_parse((const char *)data, size, &ini, &why))
		return 0;
	for (size_t i = 0; i < ini->nsec; i++) {
		const struct aws_ini_section *s = &ini->sec[i];

		if (aws_ini_section(ini, s->name) != s)
			abort(); /* section names are unique */
		for (size_t j = 0; j < s->nkv; j++)
			if (!aws_ini_get(s, s->kv[j].key) || !s->kv[j].key[0])
				abort();
	}
	aws_ini_free(ini);
	return 0;
}
