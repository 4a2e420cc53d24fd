/* SPDX-License-Identifier: MIT */
/*
 * Container credentials (ECS, EKS Pod Identity) and EC2 IMDSv2
 * (aws-fsx-api.md §5.7, §5.8): plain HTTP to a local agent, short
 * timeouts, the authorization token read on every fetch.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "aws/creds.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* http URLs only to loopback or the ECS / EKS agent addresses. */
static int container_host_ok(const char *url)
{
	static const char *const ok[] = {
		"127.",		  "localhost",	    "[::1]", "169.254.170.2",
		"169.254.170.23", "[fd00:ec2::23]", NULL
	};
	const char *h;

	if (!strncmp(url, "https://", 8))
		return 1;
	if (strncmp(url, "http://", 7))
		return 0;
	h = url + 7;
	for (size_t i = 0; ok[i]; i++) {
		size_t n = strlen(ok[i]);

		if (!strncmp(h, ok[i], n) &&
		    (ok[i][n - 1] == '.' || !h[n] || strchr(":/", h[n])))
			return 1;
	}
	return 0;
}

static int container_token(char **ret, struct fsx_why *why)
{
	const char *file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	const char *tok = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	size_t len;
	int rc;

	*ret = NULL;
	if (file) {
		rc = aws_read_small_file(file, 16384, ret, &len);
		if (rc)
			return why_set(
				why, rc,
				"container authorization token file %s: cannot read",
				file);
	} else if (tok) {
		*ret = strdup(tok);
		if (!*ret)
			return -ENOMEM;
	}
	if (*ret && strpbrk(*ret, "\r\n")) {
		free(*ret);
		*ret = NULL;
		return why_set(
			why, -EINVAL,
			"container authorization token contains a line break");
	}
	return 0;
}

int aws_creds_container(struct aws_session *s, struct aws_creds *c,
			struct fsx_why *why)
{
	const char *rel = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	char url[2048], *tok = NULL;
	struct aws_header h[2] = { { "Accept", "application/json" } };
	struct aws_http_resp resp;
	int rc;

	if (rel)
		snprintf(url, sizeof(url), "http://169.254.170.2%s", rel);
	else
		snprintf(url, sizeof(url), "%s",
			 env("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
	if (!container_host_ok(url))
		return why_set(
			why, -EINVAL,
			"container credentials URL %s: http is allowed only to loopback or the ECS/EKS agent",
			url);
	rc = container_token(&tok, why);
	if (!rc)
		rc = aws_session_http(s, why);
	if (rc)
		return rc;
	h[1] = (struct aws_header){ "Authorization", tok };
	for (int attempt = 0; attempt < 3; attempt++) {
		struct aws_http_req r = { .method = "GET",
					  .url = url,
					  .headers = h,
					  .nheaders = tok ? 2 : 1,
					  .timeout_ms = 2000 };

		if (attempt)
			sleep(1);
		rc = aws_http_send(s->http, &r, &resp, why);
		if (rc)
			continue;
		if (resp.status == 200) {
			rc = aws_creds_from_json(resp.body, resp.len, "Token",
						 "container credentials", c,
						 why);
			aws_http_resp_release(&resp);
			break;
		}
		rc = why_set(why, -EACCES, "container credentials %s: HTTP %ld",
			     url, resp.status);
		aws_http_resp_release(&resp);
	}
	if (tok)
		explicit_bzero(tok, strlen(tok));
	free(tok);
	if (rc && rc != -EACCES && rc != -EBADMSG && rc != -ENOMEM) {
		char msg[sizeof(why->msg)];

		snprintf(msg, sizeof(msg), "%s", why ? why->msg : "");
		return why_set(why, rc, "container credentials %s: %s", url,
			       msg);
	}
	return rc;
}

static const char *imds_base(const struct aws_session *s, char *buf, size_t cap)
{
	const char *v = env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	const char *mode = env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");

	if (!v)
		v = aws_profile_get(s, s->profile,
				    "ec2_metadata_service_endpoint");
	if (!v)
		v = (mode && !strcasecmp(mode, "IPv6")) ?
			    "http://[fd00:ec2::254]" :
			    "http://169.254.169.254";
	snprintf(buf, cap, "%s", v);
	if (*buf && buf[strlen(buf) - 1] == '/')
		buf[strlen(buf) - 1] = 0;
	return buf;
}

static int imds_get(struct aws_session *s, const char *url, const char *tok,
		    struct aws_http_resp *resp, struct fsx_why *why)
{
	struct aws_header h[] = { { "x-aws-ec2-metadata-token", tok } };
	struct aws_http_req r = { .method = "GET",
				  .url = url,
				  .headers = h,
				  .nheaders = tok ? 1 : 0,
				  .timeout_ms = 1000 };
	int rc = aws_http_send(s->http, &r, resp, why);

	if (rc)
		return rc;
	if (resp->status != 200) {
		long status = resp->status;

		aws_http_resp_release(resp);
		return why_set(why, -EACCES, "IMDS %s: HTTP %ld", url, status);
	}
	return 0;
}

static int imds_token(struct aws_session *s, const char *base, char **ret,
		      struct fsx_why *why)
{
	char url[600];
	struct aws_header h[] = { { "x-aws-ec2-metadata-token-ttl-seconds",
				    "21600" } };
	struct aws_http_req r = { .method = "PUT",
				  .url = url,
				  .headers = h,
				  .nheaders = 1,
				  .timeout_ms = 1000 };
	struct aws_http_resp resp;
	int rc;

	snprintf(url, sizeof(url), "%s/latest/api/token", base);
	rc = aws_http_send(s->http, &r, &resp, why);
	if (rc)
		return -ENOENT; /* nothing answers: not on EC2 */
	*ret = NULL;
	if (resp.status == 200)
		*ret = strdup(resp.body);
	aws_http_resp_release(&resp);
	return 0; /* no token: IMDSv1 fallback */
}

int aws_creds_imds(struct aws_session *s, struct aws_creds *c,
		   struct fsx_why *why)
{
	char base[512], url[1024], *tok = NULL;
	struct aws_http_resp resp;
	int rc = aws_session_http(s, why);

	if (rc)
		return rc;
	imds_base(s, base, sizeof(base));
	rc = imds_token(s, base, &tok, why);
	if (rc)
		return rc;
	snprintf(url, sizeof(url),
		 "%s/latest/meta-data/iam/security-credentials/", base);
	rc = imds_get(s, url, tok, &resp, why);
	if (!rc) {
		resp.body[strcspn(resp.body, "\r\n")] = 0;
		snprintf(url, sizeof(url),
			 "%s/latest/meta-data/iam/security-credentials/%s",
			 base, resp.body);
		aws_http_resp_release(&resp);
		rc = imds_get(s, url, tok, &resp, why);
	}
	if (!rc) {
		rc = aws_creds_from_json(resp.body, resp.len, "Token",
					 "instance metadata", c, why);
		aws_http_resp_release(&resp);
	}
	if (tok)
		explicit_bzero(tok, strlen(tok));
	free(tok);
	/* as botocore: an IMDS that does not give credentials is no provider */
	return rc && rc != -ENOMEM ? -ENOENT : rc;
}

int aws_imds_region(struct aws_session *s, char **ret)
{
	char base[512], url[1024], *tok = NULL;
	struct aws_http_resp resp;
	const char *v = env("AWS_EC2_METADATA_DISABLED");
	int rc;

	if (v && !strcasecmp(v, "true"))
		return -ENOENT;
	if (aws_session_http(s, NULL))
		return -ENOENT;
	imds_base(s, base, sizeof(base));
	if (imds_token(s, base, &tok, NULL))
		return -ENOENT;
	snprintf(url, sizeof(url),
		 "%s/latest/meta-data/placement/availability-zone", base);
	rc = imds_get(s, url, tok, &resp, NULL);
	free(tok);
	if (rc)
		return -ENOENT;
	if (resp.len > 1 && resp.len < 64) {
		resp.body[resp.len - 1] = 0; /* us-east-1a -> us-east-1 */
		*ret = strdup(resp.body);
	} else {
		*ret = NULL;
	}
	aws_http_resp_release(&resp);
	return *ret ? 0 : -ENOENT;
}
