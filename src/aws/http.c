/* SPDX-License-Identifier: MIT */
/*
 * HTTP over libcurl, loaded by SONAME on first use. TLS verification is
 * on unless asked off; proxies come from the environment as curl's own
 * (http_proxy, HTTPS_PROXY, NO_PROXY). Expect: 100-continue is turned off.
 */
#define CURL_DISABLE_TYPECHECK
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <curl/curl.h> /* types only: fsxctl is not linked with -lcurl */
#include "aws/http.h"
#include "util/dl.h"

static DL_FN(curl_global_init);
static DL_FN(curl_easy_init);
static DL_FN(curl_easy_cleanup);
static DL_FN(curl_easy_setopt);
static DL_FN(curl_easy_perform);
static DL_FN(curl_easy_getinfo);
static DL_FN(curl_easy_strerror);
static DL_FN(curl_slist_append);
static DL_FN(curl_slist_free_all);

struct aws_http {
	CURL *curl;
	int sock; /* the connection's socket, -1 before the first */
	struct aws_http_opts o;
	char errbuf[CURL_ERROR_SIZE];
};

static int http_load(struct fsx_why *why)
{
	static void *lib;
	return dl_open_once(
		&lib, "libcurl.so.4", "libcurl4", why, DL_ARG(curl_global_init),
		DL_ARG(curl_easy_init), DL_ARG(curl_easy_cleanup),
		DL_ARG(curl_easy_setopt), DL_ARG(curl_easy_perform),
		DL_ARG(curl_easy_getinfo), DL_ARG(curl_easy_strerror),
		DL_ARG(curl_slist_append), DL_ARG(curl_slist_free_all), NULL);
}

int aws_http_new(const struct aws_http_opts *o, struct aws_http **ret,
		 struct fsx_why *why)
{
	static int inited;
	struct aws_http *h;
	int rc = http_load(why);

	if (rc)
		return rc;
	if (!__atomic_exchange_n(&inited, 1, __ATOMIC_SEQ_CST))
		sym_curl_global_init(CURL_GLOBAL_DEFAULT);
	h = calloc(1, sizeof(*h));
	if (!h)
		return why_set(why, -ENOMEM, "out of memory");
	h->curl = sym_curl_easy_init();
	if (!h->curl) {
		free(h);
		return why_set(why, -ENOMEM, "libcurl: cannot create a handle");
	}
	h->o = *o;
	h->sock = -1;
	*ret = h;
	return 0;
}

struct aws_http *aws_http_free(struct aws_http *h)
{
	if (!h)
		return NULL;
	sym_curl_easy_cleanup(h->curl);
	free(h);
	return NULL;
}

static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

time_t aws_http_date_parse(const char *s)
{
	struct tm tm = { 0 };
	char m[4] = "", tz[4] = "";
	int n = 0;

	if (sscanf(s, "%*3s, %d %3s %d %d:%d:%d %3s%n", &tm.tm_mday, m,
		   &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tz,
		   &n) != 7 ||
	    strcmp(tz, "GMT"))
		return 0;
	tm.tm_mon = -1;
	for (int i = 0; i < 12; i++)
		if (!strcmp(m, mon[i]))
			tm.tm_mon = i;
	if (tm.tm_mon < 0 || tm.tm_year < 1970 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return 0;
	tm.tm_year -= 1900;
	return timegm(&tm);
}

struct sink {
	struct aws_http_resp *r;
	struct aws_http *h;
	int toobig;
};

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
	struct sink *s = ud;
	struct aws_http_resp *r = s->r;
	size_t add = sz * n;
	char *b;

	if (r->len + add > AWS_HTTP_MAX_BODY) {
		s->toobig = 1;
		return 0;
	}
	b = realloc(r->body, r->len + add + 1);
	if (!b)
		return 0;
	memcpy(b + r->len, p, add);
	r->len += add;
	b[r->len] = 0;
	r->body = b;
	return add;
}

static void header_copy(char *dst, size_t cap, const char *v, size_t n)
{
	while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' '))
		n--;
	while (n && *v == ' ')
		v++, n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, v, n);
	dst[n] = 0;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
	struct aws_http_resp *r = ((struct sink *)ud)->r;
	size_t len = sz * n;
	const char *colon = memchr(p, ':', len);
	char date[64];
	size_t k;

	if (!strncmp(p, "HTTP/",
		     5)) { /* a new response (after 100, redirect) */
		/*
		 * ACK the header segment at once: a server that writes headers
		 * and body separately without TCP_NODELAY (Python's http.server)
		 * otherwise waits 40 ms per response for our delayed ACK on a
		 * kept-alive connection.
		 */
		int one = 1;

		if (((struct sink *)ud)->h->sock >= 0)
			setsockopt(((struct sink *)ud)->h->sock, IPPROTO_TCP,
				   TCP_QUICKACK, &one, sizeof(one));
		r->request_id[0] = r->error_type[0] = r->retry_after[0] = 0;
		r->date = 0;
	}
	if (!colon)
		return len;
	k = colon - p;
	colon++;
	if (k == 4 && !strncasecmp(p, "date", 4)) {
		header_copy(date, sizeof(date), colon, len - k - 1);
		r->date = aws_http_date_parse(date);
	} else if (k == 16 && !strncasecmp(p, "x-amzn-requestid", 16)) {
		header_copy(r->request_id, sizeof(r->request_id), colon,
			    len - k - 1);
	} else if (k == 16 && !strncasecmp(p, "x-amzn-errortype", 16)) {
		header_copy(r->error_type, sizeof(r->error_type), colon,
			    len - k - 1);
	} else if (k == 17 && !strncasecmp(p, "x-amz-retry-after", 17)) {
		header_copy(r->retry_after, sizeof(r->retry_after), colon,
			    len - k - 1);
	}
	return len;
}

/* Remembers the socket of the (single, reused) connection. */
static int on_sockopt(void *ud, curl_socket_t fd, curlsocktype purpose)
{
	(void)purpose;
	((struct aws_http *)ud)->sock = fd;
	return CURL_SOCKOPT_OK;
}

static int on_close(void *ud, curl_socket_t fd)
{
	struct aws_http *h = ud;

	if (h->sock == fd)
		h->sock = -1;
	return close(fd);
}

static int map_error(CURLcode cc)
{
	switch (cc) {
	case CURLE_OPERATION_TIMEDOUT:
		return -ETIMEDOUT;
	case CURLE_COULDNT_CONNECT:
		return -ECONNREFUSED;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return -EHOSTUNREACH;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return -ECONNRESET;
	case CURLE_WRITE_ERROR:
		return -EFBIG;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return -EINVAL;
	default:
		return -EPROTO;
	}
}

static struct curl_slist *headers_list(const struct aws_http_req *r)
{
	struct curl_slist *l = NULL, *t;
	char line[8192];

	for (size_t i = 0; i < r->nheaders; i++) {
		snprintf(line, sizeof(line), "%s: %s", r->headers[i].name,
			 r->headers[i].value);
		t = sym_curl_slist_append(l, line);
		if (!t)
			goto out_free;
		l = t;
	}
	/* no Expect: 100-continue, no Accept: the mock and FSx want neither */
	t = sym_curl_slist_append(l, "Expect:");
	if (t)
		l = t;
	t = sym_curl_slist_append(l, "Accept:");
	if (t)
		return t;
out_free:
	sym_curl_slist_free_all(l);
	explicit_bzero(line, sizeof(line));
	return NULL;
}

static void setup(struct aws_http *h, const struct aws_http_req *r,
		  struct curl_slist *hl, struct sink *s)
{
	CURL *c = h->curl;
	long tmo = r->timeout_ms ? r->timeout_ms : h->o.timeout_ms;

	sym_curl_easy_setopt(c, CURLOPT_URL, r->url);
	sym_curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	sym_curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	sym_curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	sym_curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	sym_curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	sym_curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	sym_curl_easy_setopt(c, CURLOPT_HEADERDATA, s);
	sym_curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, tmo);
	sym_curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			     h->o.connect_timeout_ms);
	sym_curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER,
			     h->o.insecure ? 0L : 1L);
	sym_curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST,
			     h->o.insecure ? 0L : 2L);
	if (h->o.ca_bundle)
		sym_curl_easy_setopt(c, CURLOPT_CAINFO, h->o.ca_bundle);
	sym_curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	sym_curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	sym_curl_easy_setopt(c, CURLOPT_SOCKOPTFUNCTION, on_sockopt);
	sym_curl_easy_setopt(c, CURLOPT_SOCKOPTDATA, h);
	sym_curl_easy_setopt(c, CURLOPT_CLOSESOCKETFUNCTION, on_close);
	sym_curl_easy_setopt(c, CURLOPT_CLOSESOCKETDATA, h);
	if (!strcmp(r->method, "GET")) {
		sym_curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, (char *)NULL);
		sym_curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else {
		sym_curl_easy_setopt(c, CURLOPT_POST, 1L);
		sym_curl_easy_setopt(c, CURLOPT_POSTFIELDS,
				     r->body ? r->body : "");
		sym_curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
				     (curl_off_t)r->body_len);
		if (strcmp(r->method, "POST"))
			sym_curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST,
					     r->method);
		else
			sym_curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST,
					     (char *)NULL);
	}
}

int aws_http_send(struct aws_http *h, const struct aws_http_req *r,
		  struct aws_http_resp *ret, struct fsx_why *why)
{
	struct aws_http_resp resp = { 0 };
	struct sink s = { .r = &resp, .h = h };
	struct curl_slist *hl = headers_list(r);
	CURLcode cc;

	if (!hl)
		return why_set(why, -ENOMEM, "out of memory");
	h->errbuf[0] = 0;
	setup(h, r, hl, &s);
	cc = sym_curl_easy_perform(h->curl);
	sym_curl_slist_free_all(hl);
	if (cc == CURLE_OK)
		sym_curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE,
				      &resp.status);
	if (cc != CURLE_OK) {
		int rc = s.toobig ? -EFBIG : map_error(cc);

		aws_http_resp_release(&resp);
		if (s.toobig)
			return why_set(why, rc, "response larger than %d MiB",
				       AWS_HTTP_MAX_BODY >> 20);
		return why_set(why, rc, "%s",
			       h->errbuf[0] ? h->errbuf :
					      sym_curl_easy_strerror(cc));
	}
	if (!resp.body) {
		resp.body = calloc(1, 1);
		if (!resp.body)
			return why_set(why, -ENOMEM, "out of memory");
	}
	*ret = resp;
	return 0;
}

void aws_http_resp_release(struct aws_http_resp *r)
{
	if (!r)
		return;
	free(r->body);
	memset(r, 0, sizeof(*r));
}
