/* SPDX-License-Identifier: MIT */
/* Fuzzes the id cache's line parser (the cache file is outside input). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/idcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct idcache_entry e;

	if (idcache_parse_line((const char *)data, size, &e))
		return 0;
	/* what parsed is a kind, a bounded id and a label without controls */
	if (!idcache_kind(e.id) || strlen(e.id) > IDCACHE_MAX_ID ||
	    strlen(e.label) > IDCACHE_MAX_LABEL || strchr(e.label, '\n'))
		abort();
	return 0;
}
