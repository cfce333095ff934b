/* New issue ids. bd hashes "title|description|creator|nanoseconds|nonce"
 * with SHA-256 and keeps the first characters of the digest in base36;
 * the digest is not stored or checked anywhere, only the shape matters
 * (and that the id is free), so tib mixes the same inputs with a 64-bit
 * hash. Like bd's, the result is a function of its inputs: the same
 * title by the same actor at the same instant gives the same id, and the
 * caller's next attempt gives another. */
#include "issue_id.h"

#include <stdio.h>
#include <string.h>

int issue_id_prefix(const char *id, char *out, size_t out_size)
{
	const char *dash = NULL, *p;
	size_t n;
	/* the hash follows the last '-' before any ".N" child suffix */
	for (p = id; *p && *p != '.'; p++)
		if (*p == '-')
			dash = p;
	if (!dash || dash == id)
		return 0;
	n = (size_t)(dash - id);
	if (n + 1 > out_size)
		return 0;
	memcpy(out, id, n);
	out[n] = '\0';
	return 1;
}

void prefix_tally_add(struct prefix_tally *tally, const char *id)
{
	char prefix[64];
	size_t i, slots = sizeof(tally->top) / sizeof(tally->top[0]);
	tally->ids++;
	if (!issue_id_prefix(id, prefix, sizeof(prefix)))
		return;
	for (i = 0; i < slots && tally->top[i].count; i++)
		if (strcmp(tally->top[i].prefix, prefix) == 0) {
			tally->top[i].count++;
			return;
		}
	if (i == slots) /* full: a rare prefix replaces the least used */
		for (i = slots - 1; i > 0 && tally->top[i].count > 1; i--)
			;
	snprintf(tally->top[i].prefix, sizeof(tally->top[i].prefix), "%s", prefix);
	tally->top[i].count = 1;
}

const char *prefix_tally_best(const struct prefix_tally *tally)
{
	size_t i, best = 0, slots = sizeof(tally->top) / sizeof(tally->top[0]);
	for (i = 1; i < slots; i++)
		if (tally->top[i].count > tally->top[best].count)
			best = i;
	return tally->top[best].count ? tally->top[best].prefix : "bd";
}

int issue_id_hash_length(size_t issue_count)
{
	/* bd (adaptive_length.go): the first length whose birthday-collision
	 * probability 1 - exp(-n^2 / (2 * 36^L)) is at most 0.25, that is
	 * n^2 / (2 * 36^L) <= ln(4/3). n <= 163: 3, <= 983: 4, <= 5898: 5,
	 * <= 35389: 6, <= 212339: 7, else 8. */
	double space = 36.0 * 36.0 * 36.0, n = (double)issue_count;
	int length = 3;
	while (length < 8 && n * n / (2.0 * space) > 0.28768207245178093) {
		space *= 36.0;
		length++;
	}
	return length;
}

static uint64_t mix64(uint64_t h, uint64_t v)
{
	/* splitmix64's finalizer over a running state */
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

static uint64_t mix_string(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = mix64(h, (unsigned char)*s);
	return mix64(h, 0xff);
}

void issue_id_make(const char *prefix, const char *title, const char *actor, int64_t now, int length,
		   unsigned attempt, char *out, size_t out_size)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	uint64_t h;
	char hash[16];
	int i;
	h = mix64(0x74696221, (uint64_t)now);
	h = mix_string(h, title);
	h = mix_string(h, actor);
	h = mix64(h, attempt);
	if (length < 3)
		length = 3;
	if (length > 8)
		length = 8;
	for (i = 0; i < length; i++) {
		hash[i] = digits[h % 36];
		h /= 36;
	}
	hash[length] = '\0';
	snprintf(out, out_size, "%s-%s", prefix, hash);
}
