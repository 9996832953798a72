/* "Did you mean": optimal-string-alignment distance over Unicode characters. Words
 * here are short (keys, codes), so a small quadratic table is plenty. */
#include "wangge/common.h"
#include "wangge/suggest.h"

/* Longer words are not typos of each other worth suggesting; this also bounds the table. */
#define SUGGEST_MAX_CHARS 64

/* Decode up to max characters of UTF-8 into out; invalid bytes count as one character
 * each. ASCII letters are folded to lower case. Returns the number of characters. */
static size_t decode(const char *s, uint32_t *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	uint32_t c;
	int extra, i;

	while (*p && n < max) {
		c = *p;
		extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
		if (extra > 0) {
			c &= 0x3Fu >> extra;
			for (i = 1; i <= extra; i++) {
				if ((p[i] & 0xC0) != 0x80)
					break;
				c = (c << 6) | (p[i] & 0x3F);
			}
			if (i <= extra) {   /* broken sequence: take the lead byte alone */
				c = *p;
				extra = 0;
			}
		}
		p += extra + 1;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		out[n++] = c;
	}
	return n;
}

size_t wg_edit_distance(const char *a, const char *b)
{
	uint32_t x[SUGGEST_MAX_CHARS], y[SUGGEST_MAX_CHARS];
	size_t d[SUGGEST_MAX_CHARS + 1][SUGGEST_MAX_CHARS + 1];
	size_t n = decode(a, x, SUGGEST_MAX_CHARS), m = decode(b, y, SUGGEST_MAX_CHARS);
	size_t i, j, cost, best;

	for (i = 0; i <= n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++) {
		for (j = 1; j <= m; j++) {
			cost = x[i - 1] == y[j - 1] ? 0 : 1;
			best = MIN(d[i - 1][j] + 1, d[i][j - 1] + 1);
			best = MIN(best, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
				best = MIN(best, d[i - 2][j - 2] + 1);
			d[i][j] = best;
		}
	}
	return d[n][m];
}

static size_t char_count(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

const char *wg_suggest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX, wlen, clen, limit, dist, i;

	if (!word || !*word)
		return NULL;
	wlen = char_count(word);
	for (i = 0; i < n; i++) {
		if (!candidates[i] || !*candidates[i])
			continue;
		clen = char_count(candidates[i]);
		/* About one edit per three characters of the longer word, at least one and at
		 * most three, and never so many that nothing of the word is left. */
		limit = MAX(wlen, clen) / 3;
		limit = MIN(MAX(limit, (size_t)1), (size_t)3);
		if (limit >= wlen)
			limit = wlen - 1;
		dist = wg_edit_distance(word, candidates[i]);
		if (dist <= limit && dist < best_d) {
			best = candidates[i];
			best_d = dist;
		}
	}
	return best;
}
