/* SPDX-License-Identifier: MIT */
/*
 * Credential providers that run something or ask an endpoint: STS
 * AssumeRole and AssumeRoleWithWebIdentity, credential_process, container
 * credentials (ECS, EKS Pod Identity) and EC2 IMDSv2 (aws-fsx-api.md
 * §5.4-§5.8). Secrets never reach any message.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "aws/creds.h"

#define PROC_MAX (1 << 20)

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

int aws_creds_from_json(const char *body, size_t len, const char *token_key,
			const char *source, struct aws_creds *c,
			struct fsx_why *why)
{
	cJSON *j = NULL;
	const char *akid, *secret, *tok, *exp;
	int rc = aws_json_parse(body, len, &j, NULL);

	if (rc)
		return why_set(why, -EBADMSG, "%s: output is not a JSON object",
			       source);
	akid = aws_json_str(j, "AccessKeyId");
	secret = aws_json_str(j, "SecretAccessKey");
	tok = aws_json_str(j, token_key);
	exp = aws_json_str(j, "Expiration");
	if (!akid || !secret) {
		aws_json_free(j);
		return why_set(why, -EBADMSG,
			       "%s: AccessKeyId or SecretAccessKey missing",
			       source);
	}
	rc = aws_creds_set(c, akid, secret, tok, source);
	if (!rc && exp && !(c->expiration = aws_iso8601_parse(exp)))
		rc = why_set(why, -EBADMSG,
			     "%s: Expiration '%s' is not ISO 8601", source,
			     exp);
	aws_json_free(j);
	if (rc == -ENOMEM)
		return why_set(why, rc, "out of memory");
	if (rc)
		aws_creds_release(c);
	return rc;
}

int aws_shell_split(const char *s, char ***ret)
{
	char **v = NULL, *w = malloc(strlen(s) + 1);
	size_t n = 0, k;
	char q;

	if (!w)
		return -ENOMEM;
	while (*s) {
		s += strspn(s, " \t\n");
		if (!*s)
			break;
		k = 0;
		q = 0;
		for (; *s && (q || !strchr(" \t\n", *s)); s++) {
			if (!q && (*s == '\'' || *s == '"'))
				q = *s;
			else if (q && *s == q)
				q = 0;
			else if (*s == '\\' && q != '\'' && s[1])
				w[k++] = *++s;
			else
				w[k++] = *s;
		}
		if (q)
			goto out_bad;
		char **nv = realloc(v, sizeof(*v) * (n + 2));
		if (!nv)
			goto out_bad;
		v = nv;
		v[n] = strndup(w, k);
		if (!v[n])
			goto out_bad;
		v[++n] = NULL;
	}
	free(w);
	if (!n) {
		free(v);
		return -EINVAL;
	}
	*ret = v;
	return 0;
out_bad:
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
	free(w);
	return -EINVAL;
}

static void argv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* Runs argv without a shell: stdout into *ret_out, stderr into err. */
static int run_capture(char **argv, char **ret_out, size_t *ret_len, char *err,
		       size_t errcap, int *ret_status)
{
	int po[2], pe[2], status;
	size_t len = 0, elen = 0;
	char *out = malloc(PROC_MAX + 1);
	pid_t pid;

	if (!out || pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC)) {
		free(out);
		return -errno ? -errno : -ENOMEM;
	}
	pid = fork();
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		close(po[0]);
		close(pe[0]);
		free(out);
		return -EAGAIN;
	}
	struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
	int open_fds = 2;
	while (open_fds && poll(fds, 2, -1) > 0) {
		for (int i = 0; i < 2; i++) {
			char tmp[4096];
			ssize_t n;

			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			n = read(fds[i].fd, tmp, sizeof(tmp));
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0 && len + (size_t)n <= PROC_MAX) {
				memcpy(out + len, tmp, (size_t)n);
				len += (size_t)n;
			} else if (i == 1 && elen + 1 < errcap) {
				size_t m = (size_t)n < errcap - 1 - elen ?
						   (size_t)n :
						   errcap - 1 - elen;

				memcpy(err + elen, tmp, m);
				elen += m;
			}
		}
	}
	err[elen] = 0;
	for (size_t i = 0; i < elen; i++)
		if (err[i] == '\n' || err[i] == '\r')
			err[i] = (i + 1 == elen) ? 0 : ' ';
	waitpid(pid, &status, 0);
	out[len] = 0;
	*ret_out = out;
	*ret_len = len;
	*ret_status = WIFEXITED(status) ? WEXITSTATUS(status) :
					  128 + WTERMSIG(status);
	return 0;
}

int aws_creds_process(struct aws_session *s, const char *profile,
		      const char *cmdline, struct aws_creds *c,
		      struct fsx_why *why)
{
	char **argv = NULL, *out = NULL, err[256], src[96];
	size_t len = 0;
	int status = 0, rc;
	cJSON *j = NULL;
	double ver = 0;

	(void)s;
	snprintf(src, sizeof(src), "credential_process of profile '%s'",
		 profile);
	if (aws_shell_split(cmdline, &argv))
		return why_set(why, -EINVAL,
			       "%s: cannot split the command line", src);
	rc = run_capture(argv, &out, &len, err, sizeof(err), &status);
	if (rc) {
		rc = why_set(why, rc, "%s: cannot run %s", src, argv[0]);
		argv_free(argv);
		return rc;
	}
	if (status) {
		rc = why_set(why, -EPERM, "%s: %s exited %d%s%s", src, argv[0],
			     status, err[0] ? ": " : "", err);
		goto out;
	}
	if (aws_json_parse(out, len, &j, NULL) ||
	    aws_json_num(j, "Version", &ver) || ver != 1) {
		rc = why_set(
			why, -EBADMSG,
			"%s: output must be a JSON object with \"Version\": 1",
			src);
		goto out;
	}
	rc = aws_creds_from_json(out, len, "SessionToken", "credential_process",
				 c, why);
out:
	aws_json_free(j);
	if (out)
		explicit_bzero(out, len);
	free(out);
	argv_free(argv);
	return rc;
}

/* The text of <tag> in an STS XML answer, malloc'd, or NULL. */
static char *xml_get(const char *xml, const char *tag)
{
	char open[64], close[64];
	const char *a, *b;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	a = strstr(xml, open);
	if (!a)
		return NULL;
	a += strlen(open);
	b = strstr(a, close);
	return b ? strndup(a, (size_t)(b - a)) : NULL;
}

int aws_sts_parse_credentials(const char *xml, const char *source,
			      struct aws_creds *c, struct fsx_why *why)
{
	char *akid = xml_get(xml, "AccessKeyId");
	char *secret = xml_get(xml, "SecretAccessKey");
	char *tok = xml_get(xml, "SessionToken");
	char *exp = xml_get(xml, "Expiration");
	int rc;

	if (!akid || !secret || !tok || !*akid || !*secret || !*tok)
		rc = why_set(why, -EBADMSG, "%s: STS answer lacks Credentials",
			     source);
	else if ((rc = aws_creds_set(c, akid, secret, tok, source)))
		why_set(why, rc, "out of memory");
	else if (exp)
		c->expiration = aws_iso8601_parse(exp);
	if (secret)
		explicit_bzero(secret, strlen(secret));
	if (tok)
		explicit_bzero(tok, strlen(tok));
	free(akid);
	free(secret);
	free(tok);
	free(exp);
	return rc;
}

static void form_add(FILE *f, const char *key, const char *v)
{
	fprintf(f, "&%s=", key);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
			fputc(*p, f);
		else
			fprintf(f, "%%%02X", *p);
}

static int sts_assume(struct aws_session *s, const struct aws_creds *base,
		      const char *action, const char *role, const char *session,
		      const char *extra_key, const char *extra, const char *dur,
		      const char *source, struct aws_creds *c,
		      struct fsx_why *why)
{
	char *form = NULL, *body = NULL, sname[64];
	size_t flen;
	struct aws_error err;
	FILE *f = open_memstream(&form, &flen);
	int rc;

	if (!f)
		return why_set(why, -ENOMEM, "out of memory");
	if (!session) {
		snprintf(sname, sizeof(sname), "botocore-session-%ld",
			 (long)time(NULL));
		session = sname;
	}
	fprintf(f, "Action=%s&Version=2011-06-15", action);
	form_add(f, "RoleArn", role);
	form_add(f, "RoleSessionName", session);
	if (dur)
		form_add(f, "DurationSeconds", dur);
	if (extra)
		form_add(f, extra_key, extra);
	if (fclose(f))
		return why_set(why, -ENOMEM, "out of memory");
	rc = aws_sts_call(s, base, form, &body, &err, why);
	explicit_bzero(form, flen);
	free(form);
	if (rc == -EREMOTEIO)
		return why_set(why, rc, "%s: STS %s failed: %s: %s", source,
			       action, err.code, err.message);
	if (rc)
		return rc;
	rc = aws_sts_parse_credentials(body, source, c, why);
	explicit_bzero(body, strlen(body));
	free(body);
	return rc;
}

static int source_creds(struct aws_session *s, const char *profile, int depth,
			struct aws_creds *base, struct fsx_why *why)
{
	const char *src = aws_profile_get(s, profile, "source_profile");
	const char *cs = aws_profile_get(s, profile, "credential_source");
	int rc;

	if (src && cs)
		return why_set(
			why, -EINVAL,
			"profile '%s' has both source_profile and credential_source",
			profile);
	if (cs) {
		if (!strcasecmp(cs, "Environment")) {
			if (!env("AWS_ACCESS_KEY_ID") ||
			    !env("AWS_SECRET_ACCESS_KEY"))
				return why_set(
					why, -ENOKEY,
					"profile '%s': credential_source Environment but no AWS_ACCESS_KEY_ID",
					profile);
			return aws_creds_set(base, env("AWS_ACCESS_KEY_ID"),
					     env("AWS_SECRET_ACCESS_KEY"),
					     env("AWS_SESSION_TOKEN"),
					     "environment");
		}
		if (!strcasecmp(cs, "Ec2InstanceMetadata"))
			return aws_creds_imds(s, base, why);
		if (!strcasecmp(cs, "EcsContainer"))
			return aws_creds_container(s, base, why);
		return why_set(
			why, -EINVAL,
			"profile '%s': credential_source '%s' is not Environment, Ec2InstanceMetadata or EcsContainer",
			profile, cs);
	}
	if (!src)
		return why_set(
			why, -EINVAL,
			"profile '%s' has role_arn but neither source_profile nor credential_source",
			profile);
	if (!aws_profile_exists(s, src))
		return why_set(why, -ENOENT,
			       "profile '%s': source_profile '%s' not found",
			       profile, src);
	if (!strcmp(src, profile)) {
		rc = aws_creds_static(s, src, base, why);
		if (rc == 0)
			return why_set(
				why, -ELOOP,
				"profile '%s' is its own source_profile but has no static keys",
				profile);
		return rc < 0 ? rc : 0;
	}
	rc = aws_creds_profile(s, src, depth + 1, 0, base, why);
	if (rc == 1)
		return why_set(
			why, -ENOKEY,
			"profile '%s': source_profile '%s' has no credentials",
			profile, src);
	return rc;
}

int aws_creds_assume_role(struct aws_session *s, const char *profile, int depth,
			  struct aws_creds *c, struct fsx_why *why)
{
	struct aws_creds base = { 0 };
	char src[64];
	int rc = source_creds(s, profile, depth, &base, why);

	if (rc)
		return rc;
	snprintf(src, sizeof(src), "role profile '%s'", profile);
	rc = sts_assume(
		s, &base, "AssumeRole", aws_profile_get(s, profile, "role_arn"),
		aws_profile_get(s, profile, "role_session_name"), "ExternalId",
		aws_profile_get(s, profile, "external_id"),
		aws_profile_get(s, profile, "duration_seconds"), src, c, why);
	aws_creds_release(&base);
	return rc;
}

int aws_creds_web_identity(struct aws_session *s, const char *profile,
			   const char *token_file, int use_env,
			   struct aws_creds *c, struct fsx_why *why)
{
	const char *role = use_env ? env("AWS_ROLE_ARN") : NULL;
	const char *sess = use_env ? env("AWS_ROLE_SESSION_NAME") : NULL;
	char *tok = NULL;
	size_t len;
	int rc;

	if (!role)
		role = aws_profile_get(s, profile, "role_arn");
	if (!sess)
		sess = aws_profile_get(s, profile, "role_session_name");
	if (!role)
		return why_set(
			why, -EINVAL,
			"web identity token file %s is set but no role: set AWS_ROLE_ARN",
			token_file);
	rc = aws_read_small_file(token_file, 20000, &tok, &len);
	if (rc)
		return why_set(why, rc,
			       "web identity token file %s: cannot read",
			       token_file);
	rc = sts_assume(s, NULL, "AssumeRoleWithWebIdentity", role, sess,
			"WebIdentityToken", tok, NULL, "web identity", c, why);
	explicit_bzero(tok, len);
	free(tok);
	return rc;
}
