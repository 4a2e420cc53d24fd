/* SPDX-License-Identifier: MIT */
/*
 * AWS Signature Version 4 for the FSx JSON 1.1 protocol and STS
 * (aws-fsx-api.md §4). The only code that touches libcrypto (STYLE.md §1),
 * loaded with dlopen on first use.
 */
#ifndef FSX_AWS_SIGV4_H
#define FSX_AWS_SIGV4_H

#include <stddef.h>
#include <time.h>
#include "util/why.h"

struct aws_creds {
	char *access_key_id;
	char *secret_access_key;
	char *session_token; /* NULL for long-term keys */
	time_t expiration;   /* 0: does not expire */
	char source[48]; /* the provider that gave them: "env", "profile x" */
};

void aws_creds_release(struct aws_creds *c);
int aws_creds_copy(struct aws_creds *dst, const struct aws_creds *src);

struct aws_header {
	const char *name; /* any case; signed lowercase */
	const char *value;
};

struct aws_sign_input {
	const char *method; /* "POST" */
	const char *path;   /* canonical URI, "/" */
	const char *query;  /* canonical query string, "" */
	const char *region;
	const char *service;		  /* "fsx", "sts" */
	time_t when;			  /* UTC seconds of the signature */
	const struct aws_header *headers; /* to sign, host included */
	size_t nheaders;
	const void *body;
	size_t body_len;
};

#define AWS_HEX_SHA256 65

struct aws_signature {
	char amz_date[17]; /* YYYYMMDDTHHMMSSZ */
	char payload_hash[AWS_HEX_SHA256];
	char creq_hash[AWS_HEX_SHA256]; /* hash of the canonical request */
	char signature[AWS_HEX_SHA256];
	char authorization[1024];
};

/* Loads libcrypto.so.3; 0 or -ENOENT with why naming the package. */
int aws_crypto_load(struct fsx_why *why);
/* Lowercase hex SHA-256 of data into out (65 bytes). */
int aws_sha256_hex(const void *data, size_t len, char *out);
/* "YYYYMMDDTHHMMSSZ" of t (UTC) into out (17 bytes). */
void aws_amz_date(time_t t, char *out);

/*
 * The canonical request of in (with the X-Amz-Date header taken from
 * in->when, which the caller must list among in->headers). Returns a
 * malloc'd string or NULL on ENOMEM.
 */
char *aws_canonical_request(const struct aws_sign_input *in);

/* Signs in with c: fills ret (written only on success). */
int aws_sign(const struct aws_creds *c, const struct aws_sign_input *in,
	     struct aws_signature *ret, struct fsx_why *why);

/* A random UUID4 (36 chars + NUL) for ClientRequestToken and invocation ids. */
int aws_uuid4(char out[37]);

#endif
