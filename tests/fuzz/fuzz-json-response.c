/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes what fsxctl makes of an FSx (or STS, container, IMDS) answer:
 * the JSON parse and printer, the error parser for every status, and the
 * credential documents.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/creds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct aws_error err;
	struct aws_creds c = { 0 };
	cJSON *j = NULL;
	FILE *devnull;

	aws_error_parse(400, NULL, body, size, &err);
	if (!err.code[0] || strlen(err.code) >= sizeof(err.code))
		abort();
	aws_error_parse(503, "x#Code:http://y", body, size, &err);
	if (strcmp(err.code, "Code"))
		abort();
	if (!aws_json_parse(body, size, &j, NULL)) {
		devnull = fopen("/dev/null", "w");
		if (devnull) {
			aws_json_print(devnull, j);
			fclose(devnull);
		}
		aws_json_str(j, "FileSystems.Lifecycle");
		aws_json_free(j);
	}
	if (!aws_creds_from_json(body, size, "Token", "fuzz", &c, NULL))
		aws_creds_release(&c);
	return 0;
}
