/* SPDX-License-Identifier: MIT */
/*
 * What each verb wants, the hydration classes, and the printers: lfs's
 * hsm_state and hsm_action lines byte for byte (lustre-abi.md §8.4), JSON,
 * the census table and the progress line.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "util/jsonout.h"
#include "hsm/hsm.h"

const char *const hsm_class_names[HSM_NCLASS] = {
	"resident", "released", "dirty", "lost", "no archive",
};
const char *const hsm_class_keys[HSM_NCLASS] = {
	"resident", "released", "dirty", "lost", "no_archive",
};

static const struct {
	const char *name, *done;
	uint32_t action;
} verbs[] = {
	[HSM_RESTORE] = { "restore", "restored", HUA_RESTORE },
	[HSM_RELEASE] = { "release", "released", HUA_RELEASE },
	[HSM_ARCHIVE] = { "archive", "archived", HUA_ARCHIVE },
	[HSM_REMOVE] = { "remove", "removed", HUA_REMOVE },
	[HSM_CANCEL] = { "cancel", "cancelled", HUA_CANCEL },
};

const char *hsm_verb_name(enum hsm_verb v)
{
	return verbs[v].name;
}

const char *hsm_verb_done_word(enum hsm_verb v)
{
	return verbs[v].done;
}

uint32_t hsm_verb_action(enum hsm_verb v)
{
	return verbs[v].action;
}

enum hsm_class hsm_class_of(uint32_t s)
{
	if (s & HS_LOST)
		return HSM_C_LOST;
	if (s & HS_RELEASED)
		return HSM_C_RELEASED;
	if (s & HS_DIRTY)
		return HSM_C_DIRTY;
	if (s & (HS_ARCHIVED | HS_EXISTS))
		return HSM_C_RESIDENT;
	return HSM_C_NOARCHIVE;
}

bool hsm_in_progress(uint32_t action, uint32_t state)
{
	return action != HUA_NONE && action != 0 &&
	       (state == HPS_WAITING || state == HPS_RUNNING);
}

bool hsm_verb_satisfied(enum hsm_verb v, const struct hsm_user_state *hus)
{
	uint32_t s = hus->hus_states;

	switch (v) {
	case HSM_RESTORE:
		return !(s & HS_RELEASED);
	case HSM_RELEASE:
		return s & HS_RELEASED;
	case HSM_ARCHIVE:
		return (s & HS_ARCHIVED) && !(s & HS_DIRTY);
	case HSM_REMOVE:
		return !(s & HS_ARCHIVED); /* HS_EXISTS may stay after a remove */
	case HSM_CANCEL:
		return !hsm_in_progress(hus->hus_in_progress_action,
					hus->hus_in_progress_state);
	}
	return false;
}

static const struct {
	uint32_t bit;
	const char *name;
} state_bits[] = {
	{ HS_RELEASED, "released" },	 { HS_EXISTS, "exists" },
	{ HS_DIRTY, "dirty" },		 { HS_ARCHIVED, "archived" },
	{ HS_NORELEASE, "never_release" }, { HS_NOARCHIVE, "never_archive" },
	{ HS_LOST, "lost_from_hsm" },
};

void hsm_state_print_lfs(FILE *out, const char *path, const struct hsm_user_state *hus)
{
	fprintf(out, "%s: (0x%08x)", path, hus->hus_states);
	for (size_t i = 0; i < sizeof(state_bits) / sizeof(state_bits[0]); i++)
		if (hus->hus_states & state_bits[i].bit)
			fprintf(out, " %s", state_bits[i].name);
	if (hus->hus_archive_id)
		fprintf(out, ", archive_id:%d", (int)hus->hus_archive_id);
	fputc('\n', out);
}

static const char *action_name(uint32_t a)
{
	switch (a) {
	case HUA_NONE:
		return "NOOP";
	case HUA_ARCHIVE:
		return "ARCHIVE";
	case HUA_RESTORE:
		return "RESTORE";
	case HUA_RELEASE:
		return "RELEASE";
	case HUA_REMOVE:
		return "REMOVE";
	case HUA_CANCEL:
		return "CANCEL";
	}
	return "UNKNOWN";
}

static const char *progress_name(uint32_t s)
{
	switch (s) {
	case HPS_WAITING:
		return "waiting";
	case HPS_RUNNING:
		return "running";
	case HPS_DONE:
		return "done";
	}
	return "unknown";
}

void hsm_action_print_lfs(FILE *out, const char *path,
			  const struct hsm_current_action *hca)
{
	const struct hsm_extent *e = &hca->hca_location;

	fprintf(out, "%s: %s", path, action_name(hca->hca_action));
	if (hca->hca_action == HUA_NONE) {
		fputc('\n', out);
		return;
	}
	fprintf(out, " %s ", progress_name(hca->hca_state));
	if (hca->hca_state == HPS_RUNNING &&
	    (hca->hca_action == HUA_ARCHIVE || hca->hca_action == HUA_RESTORE))
		fprintf(out, "(%" PRIu64 " bytes moved)\n", e->length);
	else if (e->offset + e->length == UINT64_MAX)
		fprintf(out, "(from %" PRIu64 " to EOF)\n", e->offset);
	else
		fprintf(out, "(from %" PRIu64 " to %" PRIu64 ")\n", e->offset,
			e->offset + e->length);
}

void hsm_state_print_json(FILE *out, const char *path, const struct hsm_user_state *hus)
{
	bool first = true;

	fprintf(out, "{\"path\":");
	json_put_str(out, path);
	fprintf(out, ",\"states\":%u,\"flags\":[", hus->hus_states);
	for (size_t i = 0; i < sizeof(state_bits) / sizeof(state_bits[0]); i++) {
		if (!(hus->hus_states & state_bits[i].bit))
			continue;
		fprintf(out, "%s\"%s\"", first ? "" : ",", state_bits[i].name);
		first = false;
	}
	fprintf(out, "],\"archive_id\":%u,\"class\":\"%s\"}", hus->hus_archive_id,
		hsm_class_keys[hsm_class_of(hus->hus_states)]);
}

void hsm_action_print_json(FILE *out, const char *path,
			   const struct hsm_current_action *hca)
{
	fprintf(out, "{\"path\":");
	json_put_str(out, path);
	fprintf(out, ",\"action\":\"%s\",\"state\":\"%s\",\"offset\":%" PRIu64
		     ",\"length\":%" PRIu64 "}",
		action_name(hca->hca_action), progress_name(hca->hca_state),
		hca->hca_location.offset, hca->hca_location.length);
}
