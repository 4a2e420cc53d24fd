/* SPDX-License-Identifier: MIT */
/* Fuzzes the REPL/script line splitter, full and partial, and the quoter. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/shellwords.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shellwords sw = { 0 };
	char buf[256];

	for (unsigned flags = 0; flags <= SHELLWORDS_PARTIAL; flags++) {
		if (shellwords_split((const char *)data, size, flags, &sw, NULL))
			continue;
		if (sw.v[sw.n])
			abort();
		for (size_t i = 0; i < sw.n; i++) {
			struct shellwords back = { 0 };
			size_t need = shellwords_quote(sw.v[i], buf, sizeof(buf));

			/* a quoted word splits back into itself */
			if (need < sizeof(buf) &&
			    (shellwords_split(buf, need, 0, &back, NULL) ||
			     back.n != 1 || strcmp(back.v[0], sw.v[i])))
				abort();
			shellwords_release(&back);
		}
		shellwords_release(&sw);
	}
	return 0;
}
