/* SPDX-License-Identifier: MIT */
/*
 * setstripe's and getstripe's option parsing, spec validation and encoding:
 * the input is an argv, one argument per line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/getstripe.h"
#include "cmd/setstripe.h"

static void run(const struct fsx_cmd *cmd, int argc, char **argv)
{
	struct fsx_ctx ctx = { .out = fopen("/dev/null", "w"), .err = fopen("/dev/null", "w") };
	void *req = calloc(1, cmd->req_size);
	struct fsx_why why;

	if (cmd->init)
		cmd->init(req);
	if (fsx_opt_parse(&ctx, cmd, req, argc, argv) == 0 && cmd == &cmd_setstripe) {
		struct layout_spec *s = setstripe_spec(req);
		void *blob = NULL;
		size_t len;

		if (layout_spec_validate(s, &why) == 0 && s->ncomps &&
		    layout_spec_encode(s, &blob, &len, &why) == 0) {
			if (layout_check(blob, len, true, &why) != 0)
				abort(); /* what we build, we can read */
			free(blob);
		}
	} else if (cmd == &cmd_getstripe) {
		struct lov_print p;

		getstripe_print_setup(req, &p);
	}
	if (cmd->release)
		cmd->release(req);
	free(((struct fsx_args *)req)->v);
	free(req);
	fclose(ctx.out);
	fclose(ctx.err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *argv[64];
	int argc = 1;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	argv[0] = "cmd";
	for (char *p = text, *nl; p && argc < 63; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		argv[argc++] = p;
	}
	argv[argc] = NULL;
	run(size && data[0] == 'g' ? &cmd_getstripe : &cmd_setstripe, argc, argv);
	free(text);
	return 0;
}
