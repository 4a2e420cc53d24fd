/* SPDX-License-Identifier: MIT */
/*
 * SigV4 (aws-fsx-api.md §4.1): canonical request, string to sign, the
 * HMAC key chain and the Authorization header. libcrypto is opened by
 * SONAME on first use, so filesystem commands never load it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <openssl/evp.h>
#include <openssl/hmac.h> /* types only: fsxctl is not linked with -lcrypto */
#include "aws/sigv4.h"
#include "util/dl.h"

static DL_FN(EVP_Digest);
static DL_FN(EVP_sha256);
static DL_FN(HMAC);

int aws_crypto_load(struct fsx_why *why)
{
	static void *lib;

	return dl_open_once(&lib, "libcrypto.so.3", "libssl3", why,
			    DL_ARG(EVP_Digest), DL_ARG(EVP_sha256),
			    DL_ARG(HMAC), NULL);
}

static void hex(const unsigned char *md, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * n] = 0;
}

int aws_sha256_hex(const void *data, size_t len, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (aws_crypto_load(NULL))
		return -ENOENT;
	if (!sym_EVP_Digest(data, len, md, &n, sym_EVP_sha256(), NULL))
		return -EIO;
	hex(md, n, out);
	return 0;
}

static int hmac(const void *key, size_t klen, const char *data,
		unsigned char out[32])
{
	unsigned int n = 32;

	if (!sym_HMAC(sym_EVP_sha256(), key, (int)klen,
		      (const unsigned char *)data, strlen(data), out, &n))
		return -EIO;
	return 0;
}

void aws_amz_date(time_t t, char *out)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

struct hdr {
	char *name;
	char *value;
};

static int hdr_cmp(const void *a, const void *b)
{
	return strcmp(((const struct hdr *)a)->name,
		      ((const struct hdr *)b)->name);
}

/* lowercase name; value trimmed with inner blank runs collapsed */
static int hdr_norm(struct hdr *h, const char *name, const char *value)
{
	char *d;

	h->name = strdup(name);
	h->value = malloc(strlen(value) + 1);
	if (!h->name || !h->value)
		return -ENOMEM;
	for (d = h->name; *d; d++)
		if (*d >= 'A' && *d <= 'Z')
			*d += 'a' - 'A';
	while (*value == ' ' || *value == '\t')
		value++;
	d = h->value;
	for (; *value; value++) {
		if ((*value == ' ' || *value == '\t') &&
		    (d > h->value && d[-1] == ' '))
			continue;
		*d++ = (*value == '\t') ? ' ' : *value;
	}
	while (d > h->value && d[-1] == ' ')
		d--;
	*d = 0;
	return 0;
}

static void hdrs_free(struct hdr *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

/* The sorted, normalised headers, x-amz-date added; NULL on ENOMEM. */
static struct hdr *hdrs_build(const struct aws_sign_input *in, size_t *ret_n)
{
	struct hdr *v = calloc(in->nheaders + 1, sizeof(*v));
	char date[17];
	size_t n = 0;

	if (!v)
		return NULL;
	aws_amz_date(in->when, date);
	for (size_t i = 0; i < in->nheaders; i++)
		if (hdr_norm(&v[n++], in->headers[i].name,
			     in->headers[i].value))
			goto out_free;
	if (hdr_norm(&v[n++], "x-amz-date", date))
		goto out_free;
	qsort(v, n, sizeof(*v), hdr_cmp);
	*ret_n = n;
	return v;
out_free:
	hdrs_free(v, n);
	return NULL;
}

static char *signed_list(const struct hdr *v, size_t n)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < n; i++)
		len += strlen(v[i].name) + 1;
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(s, ";");
		strcat(s, v[i].name);
	}
	return s;
}

static char *creq_build(const struct aws_sign_input *in, const char *phash,
			char **ret_signed)
{
	struct hdr *v;
	size_t n = 0, len;
	char *s = NULL, *list = NULL;
	FILE *f;

	v = hdrs_build(in, &n);
	if (!v)
		return NULL;
	list = signed_list(v, n);
	f = list ? open_memstream(&s, &len) : NULL;
	if (!f)
		goto out;
	fprintf(f, "%s\n%s\n%s\n", in->method, in->path ? in->path : "/",
		in->query ? in->query : "");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s:%s\n", v[i].name, v[i].value);
	fprintf(f, "\n%s\n%s", list, phash);
	if (fclose(f)) {
		free(s);
		s = NULL;
	}
out:
	hdrs_free(v, n);
	if (s && ret_signed)
		*ret_signed = list;
	else
		free(list);
	return s;
}

char *aws_canonical_request(const struct aws_sign_input *in)
{
	char phash[AWS_HEX_SHA256];

	if (aws_sha256_hex(in->body ? in->body : "", in->body_len, phash))
		return NULL;
	return creq_build(in, phash, NULL);
}

static int signing_key(const char *secret, const char *date, const char *region,
		       const char *service, unsigned char key[32])
{
	size_t klen = strlen(secret) + 5;
	char *k0 = malloc(klen);
	int rc;

	if (!k0)
		return -ENOMEM;
	snprintf(k0, klen, "AWS4%s", secret);
	rc = hmac(k0, klen - 1, date, key);
	explicit_bzero(k0, klen);
	free(k0);
	if (!rc)
		rc = hmac(key, 32, region, key);
	if (!rc)
		rc = hmac(key, 32, service, key);
	if (!rc)
		rc = hmac(key, 32, "aws4_request", key);
	return rc;
}

int aws_sign(const struct aws_creds *c, const struct aws_sign_input *in,
	     struct aws_signature *ret, struct fsx_why *why)
{
	struct aws_signature s;
	unsigned char key[32], sig[32];
	char scope[256], sts[512], *creq, *list = NULL;
	int rc;

	rc = aws_crypto_load(why);
	if (rc)
		return rc;
	aws_amz_date(in->when, s.amz_date);
	aws_sha256_hex(in->body ? in->body : "", in->body_len, s.payload_hash);
	creq = creq_build(in, s.payload_hash, &list);
	if (!creq)
		return why_set(why, -ENOMEM, "out of memory");
	aws_sha256_hex(creq, strlen(creq), s.creq_hash);
	free(creq);
	snprintf(scope, sizeof(scope), "%.8s/%s/%s/aws4_request", s.amz_date,
		 in->region, in->service);
	snprintf(sts, sizeof(sts), "AWS4-HMAC-SHA256\n%s\n%s\n%s", s.amz_date,
		 scope, s.creq_hash);
	scope[8] = 0; /* the date alone for the key chain */
	rc = signing_key(c->secret_access_key, scope, in->region, in->service,
			 key);
	if (!rc)
		rc = hmac(key, 32, sts, sig);
	explicit_bzero(key, sizeof(key));
	if (rc) {
		free(list);
		return why_set(why, rc, "libcrypto: HMAC failed");
	}
	scope[8] = '/';
	hex(sig, 32, s.signature);
	snprintf(
		s.authorization, sizeof(s.authorization),
		"AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		c->access_key_id, scope, list, s.signature);
	free(list);
	*ret = s;
	return 0;
}

int aws_uuid4(char out[37])
{
	unsigned char b[16];

	if (getrandom(b, sizeof(b), 0) != sizeof(b))
		return -EIO;
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(
		out, 37,
		"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

void aws_creds_release(struct aws_creds *c)
{
	if (!c)
		return;
	if (c->secret_access_key)
		explicit_bzero(c->secret_access_key,
			       strlen(c->secret_access_key));
	if (c->session_token)
		explicit_bzero(c->session_token, strlen(c->session_token));
	free(c->access_key_id);
	free(c->secret_access_key);
	free(c->session_token);
	memset(c, 0, sizeof(*c));
}

int aws_creds_copy(struct aws_creds *dst, const struct aws_creds *src)
{
	struct aws_creds c = *src;

	c.access_key_id = strdup(src->access_key_id);
	c.secret_access_key = strdup(src->secret_access_key);
	c.session_token =
		src->session_token ? strdup(src->session_token) : NULL;
	if (!c.access_key_id || !c.secret_access_key ||
	    (src->session_token && !c.session_token)) {
		aws_creds_release(&c);
		return -ENOMEM;
	}
	*dst = c;
	return 0;
}
