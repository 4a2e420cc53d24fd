/* SPDX-License-Identifier: MIT */
/*
 * Replays every getstripe example recorded from the real lfs 2.15
 * (tests/golden/lfs-examples) through fsxctl's option parser and printer,
 * and compares stdout byte for byte. No emulator: the printer alone.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "cmd/getstripe.h"

#define GOLDEN "tests/golden/lfs-examples/getstripe"

/* ["getstripe", "-c", "file"] -> argv (no escapes in these files) */
static int parse_argv(char *s, char **argv, int max)
{
	int n = 0;

	while ((s = strchr(s, '"')) && n < max) {
		char *e = strchr(++s, '"');

		if (!e)
			break;
		*e = 0;
		argv[n++] = s;
		s = e + 1;
	}
	return n;
}

static void run_case(const char *name)
{
	char path[512], *cj, *blob, *argvs;
	size_t blen = 0;
	DIR *d;
	struct dirent *de;
	bool is_dir;

	snprintf(path, sizeof(path), GOLDEN "/%s/case.json", name);
	cj = t_slurp(path, 65536, NULL);
	if (!cj)
		return;
	is_dir = strstr(cj, "\"target\": \"dir\"") != NULL;
	snprintf(path, sizeof(path), GOLDEN "/%s/blob.bin", name);
	blob = t_slurp(path, 65536, &blen);
	snprintf(path, sizeof(path), GOLDEN "/%s/runs", name);
	d = opendir(path);
	while (d && (de = readdir(d))) {
		char *dot = strstr(de->d_name, ".argv"), slug[128], *want, *got = NULL;
		char *argv[16];
		size_t gotlen = 0;
		int argc;
		bool skip = false;
		struct fsx_ctx ctx = { .err = stderr };
		struct lov_print p;
		void *req;

		if (!dot || dot[5])
			continue;
		snprintf(slug, sizeof(slug), "%.*s", (int)(dot - de->d_name), de->d_name);
		snprintf(path, sizeof(path), GOLDEN "/%s/runs/%s.argv", name, slug);
		argvs = t_slurp(path, 65536, NULL);
		snprintf(path, sizeof(path), GOLDEN "/%s/runs/%s.stdout", name, slug);
		want = t_slurp(path, 65536, NULL);
		argc = parse_argv(argvs, argv, 16);
		for (int i = 1; i < argc; i++)
			if (!strncmp(argv[i], "-F", 2) || !strcmp(argv[i], "--fid") ||
			    (is_dir && (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))))
				skip = true;
		if (skip || !want || !blob) {
			free(argvs);
			free(want);
			continue;
		}
		ctx.out = open_memstream(&got, &gotlen);
		req = calloc(1, cmd_getstripe.req_size);
		cmd_getstripe.init(req);
		T_OK(fsx_opt_parse(&ctx, &cmd_getstripe, req, argc - 1, argv) == 0,
		     "%s %s: options parse", name, slug);
		getstripe_print_setup(req, &p);
		p.path = argv[argc - 1];
		p.is_dir = is_dir;
		p.def_stripe_count = 1;
		p.def_stripe_size = 1048576;
		layout_print_lfs(ctx.out, blob, blen, &p);
		fclose(ctx.out);
		T_OK(!strcmp(got, want), "%s %s: output identical to lfs", name, slug);
		if (strcmp(got, want))
			printf("# --- want\n%s# --- got\n%s", want, got);
		free(((struct fsx_args *)req)->v);
		free(req);
		free(got);
		free(want);
		free(argvs);
	}
	if (d)
		closedir(d);
	free(blob);
	free(cj);
}

int main(void)
{
	DIR *d = opendir(GOLDEN);
	struct dirent *de;

	T_OK(d != NULL, "golden examples present");
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			run_case(de->d_name);
	if (d)
		closedir(d);
	return t_done();
}
