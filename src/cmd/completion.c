/* SPDX-License-Identifier: MIT */
/*
 * fsxctl completion bash|zsh|fish: the shell completion scripts, generated
 * from the command table (completions/ holds them, `make gen` rewrites
 * them); and the hidden `fsxctl __complete KIND -- CUR [WORD...]` that the
 * scripts call for values that need the system: pools and OSTs of the
 * mount, ids from the id cache.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/complete.h"

int fsx_opt_takes_value(const struct fsx_opt *o)
{
	if (o->kind == OPT_K_FLAG || o->kind == OPT_K_ALIAS ||
	    (o->flags & OPTF_NOARG))
		return 0;
	return (o->flags & OPTF_OPTARG) ? 1 : 2;
}

int fsx_cmd_listed(const struct fsx_cmd *c)
{
	return !(c->flags & CMD_HIDDEN);
}

/* What the value of o completes to, as the scripts name it. */
static void bash_kind(FILE *out, const struct fsx_opt *o)
{
	fputs(fsx_complete_name(o->complete), out);
	if (o->complete == COMPLETE_WORDS && o->words)
		fprintf(out, " %s", o->words);
}

static void bash_cases(FILE *out, const char *key, const struct fsx_cmd *c,
		       int what)
{
	const struct fsx_opt *o;

	switch (what) {
	case 0: /* options */
		fprintf(out, "\t'%s') echo '", key);
		for (o = c->opts; o && o->kind != OPT_K_END; o++) {
			if (o->flags & OPTF_HIDDEN)
				continue;
			if (o->short_name)
				fprintf(out, "-%c ", o->short_name);
			if (o->long_name)
				fprintf(out, "--%s ", o->long_name);
		}
		fprintf(out, "--json --help' ;;\n");
		break;
	case 1: /* option values */
		for (o = c->opts; o && o->kind != OPT_K_END; o++) {
			int tv = fsx_opt_takes_value(o);

			if (!tv || (o->flags & OPTF_HIDDEN))
				continue;
			if (tv == 2 && o->short_name && o->long_name)
				fprintf(out, "\t'%s -%c'|'%s --%s'|'%s --%s=') echo '", key,
					o->short_name, key, o->long_name, key, o->long_name);
			else if (tv == 2 && o->short_name)
				fprintf(out, "\t'%s -%c') echo '", key, o->short_name);
			else if (tv == 2)
				fprintf(out, "\t'%s --%s'|'%s --%s=') echo '", key,
					o->long_name, key, o->long_name);
			else if (o->long_name)
				fprintf(out, "\t'%s --%s=') echo '", key, o->long_name);
			else
				continue;
			bash_kind(out, o);
			fprintf(out, "' ;;\n");
		}
		break;
	case 2: /* positionals */
		if (!strcmp(key, "help"))
			fprintf(out, "\t'%s') echo commands ;;\n", key);
		else if (c->args_complete)
			fprintf(out, "\t'%s') echo %s ;;\n", key,
				fsx_complete_name(c->args_complete));
		break;
	}
}

static void bash_table(FILE *out, int what)
{
	for (size_t i = 0; fsx_commands[i]; i++) {
		const struct fsx_cmd *c = fsx_commands[i];
		char key[96];

		if (!fsx_cmd_listed(c))
			continue;
		if (!c->sub) {
			bash_cases(out, c->name, c, what);
			continue;
		}
		for (size_t j = 0; c->sub[j]; j++) {
			if (!fsx_cmd_listed(c->sub[j]))
				continue;
			snprintf(key, sizeof(key), "%s %s", c->name, c->sub[j]->name);
			bash_cases(out, key, c->sub[j], what);
		}
	}
}

static void bash_commands(FILE *out)
{
	fprintf(out, "_fsxctl_commands() { # [GROUP]: the commands, or a group's\n\tcase $1 in\n\t'') echo '");
	for (size_t i = 0, n = 0; fsx_commands[i]; i++)
		if (fsx_cmd_listed(fsx_commands[i]))
			fprintf(out, "%s%s", n++ ? " " : "", fsx_commands[i]->name);
	fprintf(out, "' ;;\n");
	for (size_t i = 0; fsx_commands[i]; i++) {
		const struct fsx_cmd *c = fsx_commands[i];

		if (!c->sub || !fsx_cmd_listed(c))
			continue;
		fprintf(out, "\t'%s') echo '", c->name);
		for (size_t j = 0, n = 0; c->sub[j]; j++)
			if (fsx_cmd_listed(c->sub[j]))
				fprintf(out, "%s%s", n++ ? " " : "", c->sub[j]->name);
		fprintf(out, "' ;;\n");
	}
	fprintf(out, "\t*) return 1 ;;\n\tesac\n}\n\n");
}
static const char bash_driver[] =
	"# KIND CUR WORD...: the candidates for a value of KIND into COMPREPLY\n"
	"_fsxctl_values() {\n"
	"	local spec=($1) cur=$2 IFS=$'\\n'\n"
	"	local kind=${spec[0]}\n"
	"	shift 2\n"
	"	case $kind in\n"
	"	path|file)\n"
	"		compopt -o filenames 2>/dev/null\n"
	"		COMPREPLY+=($(compgen -f -- \"$cur\")) ;;\n"
	"	dir)\n"
	"		compopt -o filenames 2>/dev/null\n"
	"		COMPREPLY+=($(compgen -d -- \"$cur\")) ;;\n"
	"	words)\n"
	"		local pre=\n"
	"		[[ $cur == *,* ]] && pre=${cur%,*},\n"
	"		[[ ${cur#\"$pre\"} == ^* ]] && pre=$pre^\n"
	"		COMPREPLY+=($(IFS=' '; compgen -P \"$pre\" -W \"${spec[*]:1}\" -- \"${cur#\"$pre\"}\"))\n"
	"		compopt -o nospace 2>/dev/null ;;\n"
	"	user) COMPREPLY+=($(compgen -u -- \"$cur\")) ;;\n"
	"	group) COMPREPLY+=($(compgen -g -- \"$cur\")) ;;\n"
	"	commands) COMPREPLY+=($(IFS=' '; compgen -W \"$(_fsxctl_commands)\" -- \"$cur\")) ;;\n"
	"	pool|ost|fs|dra|task|backup)\n"
	"		COMPREPLY+=($(\"${COMP_WORDS[0]}\" __complete \"$kind\" -- \"$cur\" \"$@\" 2>/dev/null)) ;;\n"
	"	esac\n"
	"}\n"
	"\n"
	"_fsxctl() {\n"
	"	local cur=${COMP_WORDS[COMP_CWORD]} prev= i=1 key kind w only=\n"
	"	COMPREPLY=()\n"
	"	while [[ $i -lt $COMP_CWORD && ${COMP_WORDS[i]} == -* ]]; do\n"
	"		i=$((i + 1))\n"
	"	done\n"
	"	if [[ $i -eq $COMP_CWORD ]]; then\n"
	"		if [[ $cur == -* ]]; then\n"
	"			COMPREPLY=($(compgen -W '--json --debug --quiet --help --version' -- \"$cur\"))\n"
	"		else\n"
	"			COMPREPLY=($(compgen -W \"$(_fsxctl_commands)\" -- \"$cur\"))\n"
	"		fi\n"
	"		return 0\n"
	"	fi\n"
	"	key=${COMP_WORDS[i]}\n"
	"	i=$((i + 1))\n"
	"	if _fsxctl_commands \"$key\" >/dev/null; then\n"
	"		if [[ $i -eq $COMP_CWORD ]]; then\n"
	"			COMPREPLY=($(compgen -W \"$(_fsxctl_commands \"$key\")\" -- \"$cur\"))\n"
	"			return 0\n"
	"		fi\n"
	"		key=\"$key ${COMP_WORDS[i]}\"\n"
	"		i=$((i + 1))\n"
	"	fi\n"
	"	# --name=VALUE: bash splits it into --name, =, VALUE\n"
	"	if [[ $cur == = ]]; then\n"
	"		prev=${COMP_WORDS[COMP_CWORD - 1]}= cur=\n"
	"	elif [[ $COMP_CWORD -ge 2 && ${COMP_WORDS[COMP_CWORD - 1]} == = ]]; then\n"
	"		prev=${COMP_WORDS[COMP_CWORD - 2]}=\n"
	"	fi\n"
	"	# the words between the command and the cursor: skip option values\n"
	"	while [[ -z $prev && $i -lt $COMP_CWORD ]]; do\n"
	"		w=${COMP_WORDS[i]}\n"
	"		i=$((i + 1))\n"
	"		[[ $w == -- ]] && only=1\n"
	"		[[ -n $only || $w != -* ]] && continue\n"
	"		[[ ${COMP_WORDS[i]} == = ]] && { i=$((i + 2)); continue; }\n"
	"		kind=$(_fsxctl_value \"$key $w\") || continue\n"
	"		if [[ $i -eq $COMP_CWORD ]]; then\n"
	"			prev=$w\n"
	"			break\n"
	"		fi\n"
	"		i=$((i + 1))\n"
	"	done\n"
	"	if [[ -n $prev ]]; then\n"
	"		kind=$(_fsxctl_value \"$key $prev\") || return 0\n"
	"		_fsxctl_values \"$kind\" \"$cur\" \"${COMP_WORDS[@]:1}\"\n"
	"	elif [[ -z $only && $cur == -* ]]; then\n"
	"		COMPREPLY=($(compgen -W \"$(_fsxctl_options \"$key\")\" -- \"$cur\"))\n"
	"	elif kind=$(_fsxctl_args \"$key\"); then\n"
	"		_fsxctl_values \"$kind\" \"$cur\" \"${COMP_WORDS[@]:1}\"\n"
	"	fi\n"
	"	return 0\n"
	"}\n"
	"\n"
	"complete -F _fsxctl fsxctl\n";

void fsx_gen_bash(FILE *out)
{
	static const char *const fns[] = {
		"_fsxctl_options() { # KEY: the options of a command (KEY: \"dra create\")",
		"_fsxctl_value() { # \"KEY OPTION\": what the option's value completes to",
		"_fsxctl_args() { # KEY: what the command's operands complete to",
	};

	fprintf(out, "# bash completion for fsxctl                       -*- shell-script -*-\n"
		     "# Generated by `fsxctl completion bash` from the command table: do not\n"
		     "# edit (make gen). Values that need the system (pools, OSTs, ids) come\n"
		     "# from `fsxctl __complete KIND -- CUR WORDS...`.\n\n");
	bash_commands(out);
	for (int what = 0; what < 3; what++) {
		fprintf(out, "%s\n\tcase $1 in\n", fns[what]);
		bash_table(out, what);
		fprintf(out, "\t*) return 1 ;;\n\tesac\n}\n\n");
	}
	fputs(bash_driver, out);
}

struct completion_req {
	struct fsx_args args;
};

static int run_completion(struct fsx_ctx *ctx, void *reqp)
{
	struct completion_req *req = reqp;
	void (*gen)(FILE *) = NULL;
	const char *sh = req->args.n ? req->args.v[0] : "";
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	if (req->args.n != 1)
		return fsx_usage(ctx, NULL, "name one shell: bash, zsh or fish");
	if (!strcmp(sh, "bash"))
		gen = fsx_gen_bash;
	else if (!strcmp(sh, "zsh"))
		gen = fsx_gen_zsh;
	else if (!strcmp(sh, "fish"))
		gen = fsx_gen_fish;
	else
		return fsx_usage(ctx, sh, "not a supported shell (bash, zsh or fish)");
	if (!(ctx->flags & FSX_JSON)) {
		gen(ctx->out);
		return FSX_EXIT_OK;
	}
	mem = open_memstream(&buf, &len);
	if (!mem) {
		fsx_err(ctx, NULL, -errno, "out of memory");
		return FSX_EXIT_FAIL;
	}
	gen(mem);
	fclose(mem);
	fprintf(ctx->out, "{\"version\":1,\"shell\":\"%s\",\"script\":", sh);
	fsx_json_str(ctx->out, buf);
	fprintf(ctx->out, "}\n");
	free(buf);
	return FSX_EXIT_OK;
}

/* __complete KIND -- CUR [WORD...]; KIND `line`: complete the words. */
static int run_complete(struct fsx_ctx *ctx, void *reqp)
{
	struct completion_req *req = reqp;
	struct fsx_compl c = { 0 };
	enum fsx_complete kind;
	char **v = req->args.v;
	size_t n = req->args.n;
	int rc;

	if (n < 2)
		return fsx_usage(ctx, NULL, "usage: __complete KIND -- CUR [WORD...]");
	if (!strcmp(v[0], "line"))
		rc = fsx_complete_line(fsx_commands, v + 1, n - 2, v[n - 1], 0, &c);
	else if (fsx_complete_parse(v[0], &kind))
		return fsx_usage(ctx, v[0], "not a completion kind");
	else
		rc = fsx_complete_values(kind, NULL, v[1], v + 2, n - 2, &c);
	if (rc) {
		fsx_err(ctx, NULL, rc, "no candidates");
		fsx_compl_release(&c);
		return FSX_EXIT_FAIL;
	}
	fsx_compl_finish(&c);
	if (ctx->flags & FSX_JSON) {
		fprintf(ctx->out, "{\"version\":1,\"files\":\"%s\",\"candidates\":[",
			fsx_complete_name(c.files));
		for (size_t i = 0; i < c.n; i++) {
			fputs(i ? "," : "", ctx->out);
			fsx_json_str(ctx->out, c.v[i]);
		}
		fprintf(ctx->out, "]}\n");
	} else {
		for (size_t i = 0; i < c.n; i++)
			fprintf(ctx->out, "%s\n", c.v[i]);
	}
	fsx_compl_release(&c);
	return FSX_EXIT_OK;
}

static const struct fsx_opt no_opts[] = { OPT_END() };

const struct fsx_cmd cmd_completion = {
	.name = "completion",
	.summary = "print the shell completion script for bash, zsh or fish",
	.usage = "bash|zsh|fish",
	.description =
		"The scripts are generated from the command table, so every command\n"
		"and option is offered. Pools, OST indices and FSx ids are asked from\n"
		"fsxctl itself as you type. To enable them for the current shell:\n"
		"  bash: source <(fsxctl completion bash)\n"
		"  zsh:  fsxctl completion zsh > \"${fpath[1]}/_fsxctl\"\n"
		"  fish: fsxctl completion fish | source\n"
		"`make install` puts them where each shell finds them.",
	.opts = no_opts,
	.req_size = sizeof(struct completion_req),
	.run = run_completion,
};

const struct fsx_cmd cmd___complete = {
	.name = "__complete",
	.summary = "complete a value for the shell scripts (internal)",
	.usage = "KIND -- CUR [WORD...]",
	.opts = no_opts,
	.req_size = sizeof(struct completion_req),
	.run = run_complete,
	.flags = CMD_HIDDEN | CMD_NOREPL,
};
