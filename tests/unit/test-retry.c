/* SPDX-License-Identifier: MIT */
/* Standard retry mode and error parsing as pure functions (aws-fsx-api.md §6, §1.4). */
#include <errno.h>
#include <string.h>
#include "tap.h"
#include "aws/retry.h"

static void test_retry_classify(void)
{
	T_EXPECT_INT(aws_retry_classify(0, 500, "InternalServerError"),
		     AWS_RETRY_TRANSIENT);
	T_EXPECT_INT(aws_retry_classify(0, 503, "503"), AWS_RETRY_TRANSIENT);
	T_EXPECT_INT(aws_retry_classify(0, 400, "ThrottlingException"),
		     AWS_RETRY_THROTTLE);
	T_EXPECT_INT(aws_retry_classify(0, 429, "429"),
		     AWS_RETRY_NO); /* bare 429 */
	T_EXPECT_INT(aws_retry_classify(0, 400, "BadRequest"), AWS_RETRY_NO);
	T_EXPECT_INT(aws_retry_classify(0, 400, "ServiceLimitExceeded"),
		     AWS_RETRY_NO);
	T_EXPECT_INT(aws_retry_classify(0, 400, "InternalServerError"),
		     AWS_RETRY_NO);
	T_EXPECT_INT(aws_retry_classify(-ETIMEDOUT, 0, NULL),
		     AWS_RETRY_TIMEOUT);
	T_EXPECT_INT(aws_retry_classify(-ECONNRESET, 0, NULL),
		     AWS_RETRY_TRANSIENT);
	T_EXPECT_INT(aws_retry_classify(-EPROTO, 0, NULL), AWS_RETRY_TRANSIENT);
	T_EXPECT_INT(aws_retry_classify(-ENOMEM, 0, NULL), AWS_RETRY_NO);
	T_OK(aws_retry_is_skew_code("InvalidSignatureException"), "skew code");
}

static void test_retry_delay(void)
{
	T_EXPECT_INT(aws_retry_delay_ms(AWS_RETRY_TRANSIENT, 1, 0.5, 0, NULL),
		     500);
	T_EXPECT_INT(aws_retry_delay_ms(AWS_RETRY_TRANSIENT, 3, 0.5, 0, NULL),
		     2000);
	T_EXPECT_INT(aws_retry_delay_ms(AWS_RETRY_THROTTLE, 10, 1.0, 0, NULL),
		     20000);
	T_EXPECT_INT(aws_retry_delay_ms(AWS_RETRY_TRANSIENT, 1, 1.0, 1, NULL),
		     50);
	T_EXPECT_INT(aws_retry_delay_ms(AWS_RETRY_THROTTLE, 1, 1.0, 1, NULL),
		     1000);
	T_EXPECT_INT(aws_retry_delay_ms(AWS_RETRY_TRANSIENT, 1, 1.0, 1, "3000"),
		     3000);
	T_EXPECT_INT(aws_retry_delay_ms(AWS_RETRY_TRANSIENT, 1, 1.0, 1,
					"99999"),
		     5050);
}

static void test_retry_quota(void)
{
	struct aws_retry_quota q = AWS_RETRY_QUOTA_INIT;
	int n = 0;

	while (!aws_retry_quota_take(&q, AWS_RETRY_TRANSIENT, 0))
		n++;
	T_EXPECT_INT(n, 100);
	aws_retry_quota_success(&q, 1);
	T_EXPECT_INT(q.tokens, 5);
	aws_retry_quota_success(&q, 0);
	T_EXPECT_INT(q.tokens, 6);
	q.tokens = 9;
	T_EXPECT_INT(aws_retry_quota_take(&q, AWS_RETRY_TIMEOUT, 0), -1);
}

static void test_error_parse_json(void)
{
	struct aws_error e;
	const char *b =
		"{\"__type\":\"com.amazonaws.fsx#FileSystemNotFound:http://x\","
		"\"Message\":\"File system 'fs-1' does not exist.\"}";

	aws_error_parse(400, "", b, strlen(b), &e);
	T_EXPECT_STR(e.code, "FileSystemNotFound");
	T_EXPECT_STR(e.message, "File system 'fs-1' does not exist.");
	b = "{\"__type\":\"IncompatibleParameterError\",\"Parameter\":\"StorageCapacity\",\"message\":\"m\"}";
	aws_error_parse(400, NULL, b, strlen(b), &e);
	T_EXPECT_STR(e.parameter, "StorageCapacity");
	T_EXPECT_STR(e.message, "m");
}

static void test_error_parse_header_xml_generic(void)
{
	struct aws_error e;
	const char *x =
		"<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>"
		"<Message>bad sig</Message></Error></ErrorResponse>";

	aws_error_parse(400, "ThrottlingException:http://internal", "{}", 2,
			&e);
	T_EXPECT_STR(e.code, "ThrottlingException");
	aws_error_parse(403, NULL, x, strlen(x), &e);
	T_EXPECT_STR(e.code, "SignatureDoesNotMatch");
	T_EXPECT_STR(e.message, "bad sig");
	aws_error_parse(503, NULL, "<html>busy</html>", 17, &e);
	T_EXPECT_STR(e.code, "503");
	T_EXPECT_STR(e.message, "Service Unavailable");
	aws_error_parse(500, NULL, "", 0, &e);
	T_EXPECT_STR(e.code, "500");
	aws_error_parse(400, NULL, "{\"__type\": ", 11, &e);
	T_EXPECT_STR(e.code, "400");
}

int main(void)
{
	test_retry_classify();
	test_retry_delay();
	test_retry_quota();
	test_error_parse_json();
	test_error_parse_header_xml_generic();
	return t_done();
}
