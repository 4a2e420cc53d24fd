/* SPDX-License-Identifier: MIT */
/*
 * The only door to libcurl (STYLE.md §1), opened with dlopen when a
 * control-plane command first sends a request. One struct aws_http is
 * one reusable connection: keep-alive across the pages of a listing.
 */
#ifndef FSX_AWS_HTTP_H
#define FSX_AWS_HTTP_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include "aws/sigv4.h"
#include "util/why.h"

#define AWS_HTTP_MAX_BODY (64 << 20) /* a bigger response is refused */

struct aws_http_opts {
	const char *ca_bundle;	 /* NULL: the system store */
	int insecure;		 /* --no-verify-ssl */
	long connect_timeout_ms; /* 0: libcurl's default */
	long timeout_ms;	 /* whole transfer; 0: none */
};

struct aws_http_req {
	const char *method;
	const char *url;
	const struct aws_header *headers;
	size_t nheaders;
	const void *body;
	size_t body_len;
	long timeout_ms; /* overrides the connection's, when not 0 */
};

struct aws_http_resp {
	long status;
	char *body; /* NUL-terminated, malloc'd */
	size_t len;
	time_t date;	      /* the Date header, 0 if absent or unparsable */
	char request_id[80];  /* x-amzn-RequestId */
	char error_type[128]; /* x-amzn-ErrorType */
	char retry_after[32]; /* x-amz-retry-after */
};

struct aws_http;

/* Loads libcurl.so.4 and opens a connection handle. */
int aws_http_new(const struct aws_http_opts *o, struct aws_http **ret,
		 struct fsx_why *why);
struct aws_http *aws_http_free(struct aws_http *h);

/*
 * Sends one request. 0 when a response arrived (any status; ret filled and
 * owned by the caller), else a transport failure: -ETIMEDOUT,
 * -ECONNREFUSED, -ECONNRESET, -EHOSTUNREACH (DNS, routing), -EPROTO (TLS,
 * protocol), -EFBIG (body over the cap), with why saying what curl said.
 */
int aws_http_send(struct aws_http *h, const struct aws_http_req *r,
		  struct aws_http_resp *ret, struct fsx_why *why);
void aws_http_resp_release(struct aws_http_resp *r);

/* IMF-fixdate ("Wed, 25 Nov 2026 10:57:15 GMT") to time_t; 0 if invalid. */
time_t aws_http_date_parse(const char *s);

#endif
