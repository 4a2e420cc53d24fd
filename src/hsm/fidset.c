/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "hsm/fidset.h"

#define ARRAY_MAX 4096

struct fid_chunk {
	uint64_t seq;
	uint32_t hi, ver;
	uint32_t n, cap;  /* array entries used / allocated */
	uint16_t *arr;	  /* sorted, while n <= ARRAY_MAX */
	uint64_t *bits;	  /* 65536 bits once the array is full */
};

static size_t chunk_hash(uint64_t seq, uint32_t hi, uint32_t ver)
{
	uint64_t h = seq * 0x9E3779B97F4A7C15ULL ^ ((uint64_t)hi << 32 | ver);

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	return (size_t)(h ^ (h >> 32));
}

static int grow(struct hsm_fidset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64;
	struct fid_chunk **v = calloc(cap, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < s->cap; i++) {
		struct fid_chunk *c = s->slots[i];
		size_t j;

		if (!c)
			continue;
		j = chunk_hash(c->seq, c->hi, c->ver) & (cap - 1);
		while (v[j])
			j = (j + 1) & (cap - 1);
		v[j] = c;
	}
	s->bytes += (cap - s->cap) * sizeof(*v);
	free(s->slots);
	s->slots = v;
	s->cap = cap;
	return 0;
}

static struct fid_chunk *chunk_get(struct hsm_fidset *s, uint64_t seq,
				   uint32_t hi, uint32_t ver)
{
	size_t j;

	if ((s->used + 1) * 4 > s->cap * 3 && grow(s))
		return NULL;
	j = chunk_hash(seq, hi, ver) & (s->cap - 1);
	for (; s->slots[j]; j = (j + 1) & (s->cap - 1)) {
		struct fid_chunk *c = s->slots[j];

		if (c->seq == seq && c->hi == hi && c->ver == ver)
			return c;
	}
	s->slots[j] = calloc(1, sizeof(struct fid_chunk));
	if (!s->slots[j])
		return NULL;
	s->slots[j]->seq = seq;
	s->slots[j]->hi = hi;
	s->slots[j]->ver = ver;
	s->used++;
	s->bytes += sizeof(struct fid_chunk);
	return s->slots[j];
}

static int to_bitmap(struct hsm_fidset *s, struct fid_chunk *c)
{
	c->bits = calloc(65536 / 64, sizeof(uint64_t));
	if (!c->bits)
		return -ENOMEM;
	for (uint32_t i = 0; i < c->n; i++)
		c->bits[c->arr[i] >> 6] |= 1ULL << (c->arr[i] & 63);
	s->bytes += 8192 - c->cap * sizeof(uint16_t);
	free(c->arr);
	c->arr = NULL;
	return 0;
}

static int array_add(struct hsm_fidset *s, struct fid_chunk *c, uint16_t lo)
{
	uint32_t a = 0, b = c->n;

	while (a < b) {
		uint32_t m = (a + b) / 2;

		if (c->arr[m] == lo)
			return 0;
		if (c->arr[m] < lo)
			a = m + 1;
		else
			b = m;
	}
	if (c->n == c->cap) {
		uint32_t cap = c->cap ? c->cap * 2 : 4;
		uint16_t *v = realloc(c->arr, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->bytes += (cap - c->cap) * sizeof(*v);
		c->arr = v;
		c->cap = cap;
	}
	memmove(c->arr + a + 1, c->arr + a, (c->n - a) * sizeof(*c->arr));
	c->arr[a] = lo;
	c->n++;
	return 1;
}

int hsm_fidset_add(struct hsm_fidset *s, const struct lu_fid *fid)
{
	struct fid_chunk *c = chunk_get(s, fid->f_seq, fid->f_oid >> 16, fid->f_ver);
	uint16_t lo = (uint16_t)fid->f_oid;
	int rc;

	if (!c)
		return -ENOMEM;
	if (!c->bits && c->n >= ARRAY_MAX) {
		rc = to_bitmap(s, c);
		if (rc)
			return rc;
	}
	if (!c->bits)
		return array_add(s, c, lo);
	if (c->bits[lo >> 6] & (1ULL << (lo & 63)))
		return 0;
	c->bits[lo >> 6] |= 1ULL << (lo & 63);
	c->n++;
	return 1;
}

void hsm_fidset_release(struct hsm_fidset *s)
{
	for (size_t i = 0; i < s->cap; i++) {
		if (!s->slots[i])
			continue;
		free(s->slots[i]->arr);
		free(s->slots[i]->bits);
		free(s->slots[i]);
	}
	free(s->slots);
	memset(s, 0, sizeof(*s));
}
