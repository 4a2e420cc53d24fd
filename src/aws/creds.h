/* SPDX-License-Identifier: MIT */
/* The providers of the credential chain (creds.c, credsrc.c): internal. */
#ifndef FSX_AWS_CREDS_H
#define FSX_AWS_CREDS_H

#include "aws/session.h"

int aws_creds_set(struct aws_creds *c, const char *akid, const char *secret,
		  const char *token, const char *source);
int aws_read_small_file(const char *path, size_t max, char **ret,
			size_t *ret_len);
/* Static keys of a profile (credentials file, then config); 1 found, 0 none. */
int aws_creds_static(const struct aws_session *s, const char *profile,
		     struct aws_creds *c, struct fsx_why *why);
/* Steps 2-8 for profile: 0 got them, 1 nothing there, <0 error. */
int aws_creds_profile(struct aws_session *s, const char *profile, int depth,
		      int use_env, struct aws_creds *c, struct fsx_why *why);
int aws_creds_assume_role(struct aws_session *s, const char *profile, int depth,
			  struct aws_creds *c, struct fsx_why *why);
int aws_creds_web_identity(struct aws_session *s, const char *profile,
			   const char *token_file, int use_env,
			   struct aws_creds *c, struct fsx_why *why);
int aws_creds_process(struct aws_session *s, const char *profile,
		      const char *cmdline, struct aws_creds *c,
		      struct fsx_why *why);
int aws_creds_container(struct aws_session *s, struct aws_creds *c,
			struct fsx_why *why);
/* -ENOENT when no IMDS answers (the chain then reports no credentials). */
int aws_creds_imds(struct aws_session *s, struct aws_creds *c,
		   struct fsx_why *why);
/* The region of this EC2 instance from IMDS, or -ENOENT. */
int aws_imds_region(struct aws_session *s, char **ret);
/* Credentials from a JSON document (process, container, IMDS). */
int aws_creds_from_json(const char *body, size_t len, const char *token_key,
			const char *source, struct aws_creds *c,
			struct fsx_why *why);
/* Credentials in an STS XML answer. */
int aws_sts_parse_credentials(const char *xml, const char *source,
			      struct aws_creds *c, struct fsx_why *why);
/* Splits a command line shell-style (quotes, backslashes); NULL-terminated. */
int aws_shell_split(const char *s, char ***ret);

#endif
