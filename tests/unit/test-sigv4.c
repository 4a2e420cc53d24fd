/* SPDX-License-Identifier: MIT */
/*
 * SigV4: the worked example of aws-fsx-api.md §4.3, reproduced byte for
 * byte (canonical request, its hash, the signature, the Authorization
 * header), with and without a session token.
 */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "aws/sigv4.h"

#define BODY "{\"FileSystemIds\":[\"fs-0123456789abcdef0\"]}"
#define WHEN ((time_t)1440938160) /* 2015-08-30 12:36:00 UTC */

static struct aws_creds example_creds(const char *token)
{
	struct aws_creds c = {
		.access_key_id = "AKIDEXAMPLE",
		.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
		.session_token = (char *)token,
	};
	return c;
}

static struct aws_sign_input example(struct aws_header *h, size_t *n,
				     const char *token)
{
	struct aws_sign_input in = {
		.method = "POST",
		.path = "/",
		.query = "",
		.region = "us-east-1",
		.service = "fsx",
		.when = WHEN,
		.body = BODY,
		.body_len = strlen(BODY),
	};
	size_t k = 0;

	h[k++] = (struct aws_header){ "Content-Type",
				      "application/x-amz-json-1.1" };
	h[k++] = (struct aws_header){ "Host", "fsx.us-east-1.amazonaws.com" };
	h[k++] = (struct aws_header){
		"X-Amz-Target",
		"AWSSimbaAPIService_v20180301.DescribeFileSystems"
	};
	if (token)
		h[k++] = (struct aws_header){ "X-Amz-Security-Token", token };
	in.headers = h;
	in.nheaders = k;
	*n = k;
	return in;
}

static void test_sigv4_payload_hash(void)
{
	char out[AWS_HEX_SHA256];

	T_EXPECT_INT(aws_sha256_hex(BODY, strlen(BODY), out), 0);
	T_EXPECT_STR(
		out,
		"cf19caa92bb49d4e9056bde2e18a07d52500258778be1c8b2d403ea262101e34");
}

static void test_sigv4_canonical_request(void)
{
	struct aws_header h[4];
	size_t n;
	struct aws_sign_input in = example(h, &n, NULL);
	char *creq = aws_canonical_request(&in);

	T_EXPECT_STR(
		creq,
		"POST\n/\n\n"
		"content-type:application/x-amz-json-1.1\n"
		"host:fsx.us-east-1.amazonaws.com\n"
		"x-amz-date:20150830T123600Z\n"
		"x-amz-target:AWSSimbaAPIService_v20180301.DescribeFileSystems\n"
		"\n"
		"content-type;host;x-amz-date;x-amz-target\n"
		"cf19caa92bb49d4e9056bde2e18a07d52500258778be1c8b2d403ea262101e34");
	free(creq);
}

static void test_sigv4_worked_example(void)
{
	struct aws_header h[4];
	size_t n;
	struct aws_sign_input in = example(h, &n, NULL);
	struct aws_creds c = example_creds(NULL);
	struct aws_signature s;

	T_EXPECT_INT(aws_sign(&c, &in, &s, NULL), 0);
	T_EXPECT_STR(s.amz_date, "20150830T123600Z");
	T_EXPECT_STR(
		s.creq_hash,
		"2ec5c64b8ee4ff5e45bf0bbc2fa42b0730db85c2cf67d58133fce49a0d6b0488");
	T_EXPECT_STR(
		s.signature,
		"8c174557fe69c5e2b89b5ff0decf2f45fa759cac0801e08a399ab055f58c0c02");
	T_EXPECT_STR(
		s.authorization,
		"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/fsx/aws4_request, "
		"SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
		"Signature=8c174557fe69c5e2b89b5ff0decf2f45fa759cac0801e08a399ab055f58c0c02");
}

static void test_sigv4_session_token(void)
{
	const char *tok = "FQoGZXIvYXdzEXAMPLESESSIONTOKEN";
	struct aws_header h[4];
	size_t n;
	struct aws_sign_input in = example(h, &n, tok);
	struct aws_creds c = example_creds(tok);
	struct aws_signature s;

	T_EXPECT_INT(aws_sign(&c, &in, &s, NULL), 0);
	T_EXPECT_STR(
		s.creq_hash,
		"d5633f50235f8bf733cafec6bec9ef0a9b2a01fba0d5b9415f6338bbad557c4e");
	T_EXPECT_STR(
		s.signature,
		"0c7debdb25da37183e024120b0385ffa46a0c7a76aac87eb1c031d5b1a3af66e");
	T_OK(strstr(s.authorization,
		    "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,") !=
		     NULL,
	     "security token is signed");
}

/* AWS test suite post-vanilla and get-header-value-trim (service "service") */
static void test_sigv4_suite_post_vanilla(void)
{
	struct aws_header h[] = { { "Host", "example.amazonaws.com" } };
	struct aws_sign_input in = {
		.method = "POST",
		.path = "/",
		.query = "",
		.region = "us-east-1",
		.service = "service",
		.when = WHEN,
		.headers = h,
		.nheaders = 1,
	};
	struct aws_creds c = example_creds(NULL);
	struct aws_signature s;

	T_EXPECT_INT(aws_sign(&c, &in, &s, NULL), 0);
	T_EXPECT_STR(
		s.signature,
		"5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

static void test_sigv4_header_value_trim(void)
{
	struct aws_header h[] = { { "Host", "example.amazonaws.com" },
				  { "My-Header1", " value1" },
				  { "My-Header2", " \"a   b   c\"" } };
	struct aws_sign_input in = {
		.method = "GET",
		.path = "/",
		.query = "",
		.region = "us-east-1",
		.service = "service",
		.when = WHEN,
		.headers = h,
		.nheaders = 3,
	};
	char *creq = aws_canonical_request(&in);

	T_OK(creq && strstr(creq, "my-header1:value1\nmy-header2:\"a b c\"\n"),
	     "values trimmed, inner runs collapsed");
	free(creq);
}

static void test_sigv4_uuid4(void)
{
	char a[37], b[37];

	T_EXPECT_INT(aws_uuid4(a), 0);
	T_EXPECT_INT(aws_uuid4(b), 0);
	T_EXPECT_INT(strlen(a), 36);
	T_OK(a[14] == '4' && strchr("89ab", a[19]), "version 4, variant 10");
	T_OK(strcmp(a, b) != 0, "two tokens differ");
}

int main(void)
{
	test_sigv4_payload_hash();
	test_sigv4_canonical_request();
	test_sigv4_worked_example();
	test_sigv4_session_token();
	test_sigv4_suite_post_vanilla();
	test_sigv4_header_value_trim();
	test_sigv4_uuid4();
	return t_done();
}
