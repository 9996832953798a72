/* The lookup engine: parse the typed terms, find candidates through the index, check them
 * against each household's search document, rank, and return the best in walking order.
 *
 * Results are gathered rank by rank (0 exact, 1 prefix, 2 substring). For each rank, every
 * term names a superset of the households it can match at that rank or better through an
 * index probe (names by key, residents by name, buildings by key, door and room numbers,
 * the last four digits of ID numbers and phones). When one term's superset is small, its
 * candidates are checked one by one; when all are large, the term is common, and the
 * documents are read in walking order until enough are found. Both paths apply the same
 * test (doc_rank), so they give the same answer. */
#include "wangge/common.h"
#include "wangge/search.h"
#include "wangge/store.h"
#include "wangge/address.h"
#include "search_int.h"

#define MAX_TERMS 8
#define MAX_TERM_BYTES 256
/* A term whose superset is larger than this is read in walking order instead. */
#define CANDIDATE_CAP 600
/* Enough to stop looking for a term with fewer candidates. */
#define GOOD_ENOUGH 150
/* When every term is too common, each is tried again with this many. */
#define MULTI_CAP 2500
#define RAW_CAP(set) ((set)->limit * 3)

static size_t cap_override = SIZE_MAX;

void search_debug_candidate_cap(size_t cap)
{
	cap_override = cap;
}

enum term_kind { TERM_TEXT, TERM_PINYIN, TERM_DIGITS };

struct term {
	char s[MAX_TERM_BYTES];
	size_t len;
	enum term_kind kind;
	char digits[MAX_TERM_BYTES];   /* TERM_DIGITS: without dashes, x upper-cased */
	size_t dlen;
	bool dash;
};

/* ------------------------------------------------------------------ pinyin tests */

static bool prefix_of_full(const char *t, size_t tlen, const char *const *syl,
	const size_t *slen, size_t k, size_t from)
{
	size_t pos = 0;

	for (size_t j = from; j < k && pos < tlen; j++) {
		size_t m = MIN(slen[j], tlen - pos);

		if (memcmp(t + pos, syl[j], m) != 0)
			return false;
		pos += m;
	}
	return pos == tlen;
}

static bool prefix_of_initials(const char *t, size_t tlen, const char *const *syl,
	size_t k, size_t from)
{
	if (from >= k || tlen > k - from)
		return false;
	for (size_t p = 0; p < tlen; p++)
		if (t[p] != syl[from + p][0])
			return false;
	return true;
}

/* term[pos..] typed over syllables j..: each in full or as its initial, the last in part. */
static bool mixed(const char *t, size_t tlen, size_t pos, const char *const *syl,
	const size_t *slen, size_t k, size_t j)
{
	if (pos == tlen)
		return true;
	if (j == k)
		return false;
	if (tlen - pos <= slen[j] && memcmp(t + pos, syl[j], tlen - pos) == 0)
		return true;
	if (slen[j] < tlen - pos && memcmp(t + pos, syl[j], slen[j]) == 0 &&
			mixed(t, tlen, pos + slen[j], syl, slen, k, j + 1))
		return true;
	return t[pos] == syl[j][0] && mixed(t, tlen, pos + 1, syl, slen, k, j + 1);
}

int search_pinyin_rank(const char *term, size_t tlen, const char *const *syl,
	const size_t *slen, size_t k)
{
	size_t total = 0;

	if (k == 0 || tlen == 0)
		return -1;
	for (size_t j = 0; j < k; j++)
		total += slen[j];
	if ((total == tlen && prefix_of_full(term, tlen, syl, slen, k, 0)) ||
			(tlen == k && prefix_of_initials(term, tlen, syl, k, 0)))
		return 0;
	if (k <= MIXED_MAX ? mixed(term, tlen, 0, syl, slen, k, 0) :
			prefix_of_full(term, tlen, syl, slen, k, 0) ||
			prefix_of_initials(term, tlen, syl, k, 0))
		return 1;
	return search_pinyin_later(term, tlen, syl, slen, k, 1) ? 2 : -1;
}

bool search_pinyin_later(const char *term, size_t tlen, const char *const *syl,
	const size_t *slen, size_t k, size_t from)
{
	for (size_t i = from; i < k; i++)
		if (prefix_of_full(term, tlen, syl, slen, k, i) ||
				prefix_of_initials(term, tlen, syl, k, i))
			return true;
	return false;
}

/* ------------------------------------------------------------------ documents */

struct doc {
	char *buf;        /* doc_parse only: the copy, fields NUL-terminated */
	const char *f[DOC_FIELDS];
	size_t flen[DOC_FIELDS];
};

/* Point the fields of d at body (len bytes), without copying. */
static void doc_view(struct doc *d, const char *body, size_t len)
{
	const char *p = body ? body : "", *end = p + (body ? len : 0);

	d->buf = NULL;
	for (size_t i = 0; i < DOC_FIELDS; i++) {
		const char *sep = memchr(p, SEP_FIELD, (size_t)(end - p));

		d->f[i] = p;
		d->flen[i] = sep ? (size_t)(sep - p) : (size_t)(end - p);
		p = sep ? sep + 1 : end;
	}
}

/* The same on a copy whose fields are C strings; the caller frees d->buf. */
static void doc_parse(struct doc *d, const char *body)
{
	char *copy = xstrdup(body ? body : "");

	doc_view(d, copy, strlen(copy));
	for (size_t i = 0; i < DOC_FIELDS; i++)
		if (d->f[i] >= copy && d->f[i] + d->flen[i] <= copy + strlen(body ? body : ""))
			copy[d->f[i] + d->flen[i] - copy] = '\0';
	d->buf = copy;
}

/* A SEP_ITEM list inside one field. */
struct items {
	const char *p, *end;
};

static struct items items_of(const struct doc *d, enum doc_field f)
{
	struct items it = {d->f[f], d->f[f] + d->flen[f]};

	if (!d->flen[f])
		it.p = NULL;
	return it;
}

/* Next item: *item and *len; false at the end. */
static bool next_item(struct items *it, const char **item, size_t *len)
{
	const char *sep;

	if (!it->p)
		return false;
	sep = memchr(it->p, SEP_ITEM, (size_t)(it->end - it->p));
	*item = it->p;
	*len = sep ? (size_t)(sep - it->p) : (size_t)(it->end - it->p);
	it->p = sep ? sep + 1 : NULL;
	return true;
}

static bool contains(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0)
		return true;
	for (size_t i = 0; i + nlen <= hlen; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
			return true;
	return false;
}

static int rank_text(const struct term *t, const struct doc *d)
{
	struct items cur = items_of(d, DOC_NAMES);
	const char *name;
	size_t len;
	int best = -1;

	while (next_item(&cur, &name, &len)) {
		if (len == t->len && memcmp(name, t->s, len) == 0)
			return 0;
		if (len > t->len && memcmp(name, t->s, t->len) == 0)
			best = 1;
		else if (best < 0 && contains(name, len, t->s, t->len))
			best = 2;
	}
	if (best < 0) {
		char place[1024];
		int n = snprintf(place, sizeof(place), "%.*s%.*s", (int)d->flen[DOC_COMPOUND],
			d->f[DOC_COMPOUND], (int)d->flen[DOC_BUILDING], d->f[DOC_BUILDING]);

		if (n > 0 && contains(place, MIN((size_t)n, sizeof(place) - 1), t->s, t->len))
			best = 2;
	}
	return best;
}

/* Split "zhang san" (len bytes) into syllables. */
static size_t split_syllables(const char *s, size_t len, const char **syl, size_t *slen)
{
	size_t k = 0, i = 0;

	while (i < len && k < 64) {
		size_t start = i;

		while (i < len && s[i] != ' ')
			i++;
		if (i > start) {
			syl[k] = s + start;
			slen[k++] = i - start;
		}
		i++;
	}
	return k;
}

static int rank_pinyin(const struct term *t, const struct doc *d)
{
	struct items cur = items_of(d, DOC_NAMES_PINYIN);
	const char *item;
	const char *syl[64];
	size_t slen[64], len, k;
	int best = -1;

	while (next_item(&cur, &item, &len)) {
		int r;

		k = split_syllables(item, len, syl, slen);
		r = search_pinyin_rank(t->s, t->len, syl, slen, k);
		if (r >= 0 && (best < 0 || r < best))
			best = r;
		if (best == 0)
			return 0;
	}
	if (best < 0) {
		k = split_syllables(d->f[DOC_PLACE_PINYIN], d->flen[DOC_PLACE_PINYIN], syl, slen);
		if (search_pinyin_later(t->s, t->len, syl, slen, k, 0))
			best = 2;
	}
	return best;
}

/* An ID number or phone as digits (x upper-cased), into out[cap]. */
static size_t digits_of(const char *s, size_t len, char *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 1 < cap; i++) {
		if (isdigit((unsigned char)s[i]))
			out[n++] = s[i];
		else if (s[i] == 'x' || s[i] == 'X')
			out[n++] = 'X';
	}
	out[n] = '\0';
	return n;
}

static int rank_numbers(const struct term *t, const struct doc *d, enum doc_field f)
{
	struct items cur = items_of(d, f);
	const char *item;
	size_t len;
	int best = -1;
	char dg[64];

	while (next_item(&cur, &item, &len)) {
		size_t n = digits_of(item, len, dg, sizeof(dg));

		if (n == t->dlen && memcmp(dg, t->digits, n) == 0)
			return 0;
		if (n > t->dlen && memcmp(dg + n - t->dlen, t->digits, t->dlen) == 0)
			best = 1;
	}
	return best;
}

static int rank_digits(const struct term *t, const struct doc *d)
{
	int best = -1, r;

	if (d->flen[DOC_DOOR] == t->len && memcmp(d->f[DOC_DOOR], t->s, t->len) == 0)
		return 0;
	if (d->flen[DOC_DOOR] > t->len && memcmp(d->f[DOC_DOOR], t->s, t->len) == 0)
		best = 1;
	if (d->flen[DOC_ROOM] >= t->len && memcmp(d->f[DOC_ROOM], t->s, t->len) == 0)
		best = 1;
	if (!t->dash && t->dlen >= 4) {
		r = rank_numbers(t, d, DOC_IDS);
		if (r >= 0 && (best < 0 || r < best))
			best = r;
		r = rank_numbers(t, d, DOC_PHONES);
		if (r >= 0 && (best < 0 || r < best))
			best = r;
	}
	return best;
}

/* The household's rank for all terms (the worst term decides), -1 when one fails. */
static int doc_rank(const struct term *terms, size_t nt, const struct doc *d)
{
	int worst = 0;

	for (size_t i = 0; i < nt; i++) {
		int r;

		switch (terms[i].kind) {
		case TERM_TEXT:
			r = rank_text(&terms[i], d);
			break;
		case TERM_PINYIN:
			r = rank_pinyin(&terms[i], d);
			break;
		default:
			r = rank_digits(&terms[i], d);
			break;
		}
		if (r < 0)
			return -1;
		worst = MAX(worst, r);
	}
	return worst;
}

/* True when a term cannot match the document: its text is nowhere in the body (nor in
 * the compound and building name written together). Saves the full test for most of the
 * documents read in walking order. */
static bool quick_reject(const struct term *terms, size_t nt, const char *body, size_t len)
{
	for (size_t i = 0; i < nt; i++) {
		const struct term *t = &terms[i];
		const char *sep1, *sep2;
		char place[512];
		size_t n1, n2;

		if (t->kind == TERM_PINYIN || (t->kind == TERM_DIGITS && !t->dash && t->dlen >= 4))
			continue;   /* pinyin and phone digits are not written out as typed */
		if (contains(body, len, t->s, t->len))
			continue;
		if (t->kind == TERM_DIGITS)
			return true;
		sep1 = memchr(body, SEP_FIELD, len);
		sep2 = sep1 ? memchr(sep1 + 1, SEP_FIELD, (size_t)(body + len - sep1 - 1)) : NULL;
		if (!sep2)
			return false;
		n1 = (size_t)(sep1 - body);
		n2 = (size_t)(sep2 - sep1 - 1);
		if (n1 + n2 > sizeof(place))
			return false;
		memcpy(place, body, n1);
		memcpy(place + n1, sep1 + 1, n2);
		if (!contains(place, n1 + n2, t->s, t->len))
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ terms */

static size_t parse_terms(const char *query, struct term *terms)
{
	size_t n = 0;
	const char *p = query ? query : "";

	while (*p && n < MAX_TERMS) {
		struct term *t = &terms[n];
		size_t len = 0;
		bool alpha = true, digit = true, any_digit = false, cut = false;

		/* ASCII and ideographic (U+3000) spaces separate terms */
		while (*p == ' ' || *p == '\t' || strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += *p == ' ' || *p == '\t' ? 1 : 3;
		if (!*p)
			break;
		while (*p && *p != ' ' && *p != '\t' && strncmp(p, "\xe3\x80\x80", 3) != 0) {
			if (len + 1 < sizeof(t->s))
				t->s[len++] = *p;
			else
				cut = true;
			p++;
		}
		/* do not keep a character cut by the length limit */
		while (cut && len && ((unsigned char)t->s[len - 1] & 0xC0) == 0x80)
			len--;
		if (cut && len && (unsigned char)t->s[len - 1] >= 0xC0)
			len--;
		t->s[len] = '\0';
		t->len = len;
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)t->s[i];

			alpha = alpha && isalpha(c);
			any_digit = any_digit || isdigit(c);
			digit = digit && (isdigit(c) || c == '-' ||
				((c == 'x' || c == 'X') && i == len - 1 && i > 0));
		}
		if (alpha) {
			t->kind = TERM_PINYIN;
			/* ü is typed v on Chinese keyboards; the index has it as u (lü -> lu) */
			for (size_t i = 0; i < len; i++) {
				t->s[i] = (char)tolower((unsigned char)t->s[i]);
				if (t->s[i] == 'v')
					t->s[i] = 'u';
			}
		} else if (digit && any_digit) {
			t->kind = TERM_DIGITS;
			t->dash = strchr(t->s, '-') != NULL;
			t->dlen = digits_of(t->s, len, t->digits, sizeof(t->digits));
		} else {
			t->kind = TERM_TEXT;
		}
		n++;
	}
	return n;
}

/* ------------------------------------------------------------------ candidates */

enum {
	P_NAME_EQ, P_NAME_KEY_EQ, P_NAME_KEY_RANGE, P_NAME_KEY_COUNT, P_PLACE_RANGE, P_DOOR_EQ, P_DOOR_RANGE,
	P_ROOM_RANGE, P_ID4, P_RPHONE4, P_HPHONE4, Q_WALK, Q_DOC, Q_BODY, Q_SCAN, Q_COUNT
};

#define PHONE_DIGITS "replace(replace(replace(replace(replace(replace(upper(phone), " \
	"'-', ''), ' ', ''), '(', ''), ')', ''), '+', ''), '.', '')"

static const char *const query_sql[Q_COUNT] = {
	[P_NAME_EQ] = "SELECT household_id FROM resident INDEXED BY search_resident_name "
		"WHERE name = ?1 AND departed_at IS NULL AND moved_out_at IS NULL LIMIT ?3",
	[P_NAME_KEY_EQ] = "SELECT r.household_id FROM search_name k "
		"JOIN resident r INDEXED BY search_resident_name ON r.name = k.name "
		"AND r.departed_at IS NULL AND r.moved_out_at IS NULL WHERE k.key = ?1 LIMIT ?3",
	[P_NAME_KEY_COUNT] = "SELECT count(*) FROM (SELECT 1 FROM search_name "
		"WHERE key >= ?1 AND key < ?2 LIMIT ?3)",
	[P_NAME_KEY_RANGE] = "SELECT r.household_id FROM search_name k "
		"JOIN resident r INDEXED BY search_resident_name ON r.name = k.name "
		"AND r.departed_at IS NULL AND r.moved_out_at IS NULL "
		"WHERE k.key >= ?1 AND k.key < ?2 LIMIT ?3",
	[P_PLACE_RANGE] = "SELECT d.household_id FROM search_building k "
		"JOIN search_doc d INDEXED BY search_doc_building ON d.building_id = k.building_id "
		"WHERE k.key >= ?1 AND k.key < ?2 LIMIT ?3",
	[P_DOOR_EQ] = "SELECT household_id FROM search_doc WHERE door = ?1 LIMIT ?3",
	[P_DOOR_RANGE] = "SELECT household_id FROM search_doc "
		"WHERE door >= ?1 AND door < ?2 LIMIT ?3",
	[P_ROOM_RANGE] = "SELECT household_id FROM search_doc "
		"WHERE room >= ?1 AND room < ?2 LIMIT ?3",
	/* ID numbers are digits and X only: the whole suffix typed (?4) is checked here */
	[P_ID4] = "SELECT household_id FROM resident WHERE substr(id_number, -4) = ?1 "
		"AND id_number IS NOT NULL AND substr(upper(id_number), -length(?4)) = ?4 "
		"LIMIT ?3",
	/* phones: the usual separators (- space ( ) + .) do not count */
	[P_RPHONE4] = "SELECT household_id FROM resident WHERE substr(phone, -4) = ?1 "
		"AND phone IS NOT NULL AND substr(" PHONE_DIGITS ", -length(?4)) = ?4 LIMIT ?3",
	[P_HPHONE4] = "SELECT id FROM household WHERE substr(phone, -4) = ?1 "
		"AND phone IS NOT NULL AND substr(" PHONE_DIGITS ", -length(?4)) = ?4 LIMIT ?3",
	[Q_WALK] = "SELECT walk FROM search_doc WHERE household_id = ?1",
	[Q_DOC] = "SELECT walk, body FROM search_doc WHERE household_id = ?1",
	[Q_BODY] = "SELECT body FROM search_doc WHERE walk = ?1",
	[Q_SCAN] = "SELECT walk, household_id, body FROM search_doc ORDER BY walk",
};

/* A set of household ids (candidates), at most CANDIDATE_CAP. */
struct idset {
	char **slot;
	size_t cap, used;
	char **list;      /* in insertion order */
	bool over;        /* more than limit: the term is common */
	size_t limit;     /* CANDIDATE_CAP, or MULTI_CAP for a second chance */
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void idset_init(struct idset *set)
{
	memset(set, 0, sizeof(*set));
	set->cap = 8192;   /* > 2 * MULTI_CAP: never grows */
	set->slot = xcalloc(set->cap, sizeof(char *));
	set->list = xcalloc(MULTI_CAP + 1, sizeof(char *));
	set->limit = MIN((size_t)CANDIDATE_CAP, cap_override);
}

static void idset_clear(struct idset *set)
{
	for (size_t i = 0; i < set->used; i++)
		free(set->list[i]);
	memset(set->slot, 0, set->cap * sizeof(char *));
	set->used = 0;
	set->over = false;
}

static void idset_free(struct idset *set)
{
	idset_clear(set);
	free(set->slot);
	free(set->list);
}

/* True when id is (now) in the set; false when the set overflowed. */
static bool idset_add(struct idset *set, const char *id)
{
	size_t i;

	for (i = hash_str(id) & (set->cap - 1); set->slot[i]; i = (i + 1) & (set->cap - 1))
		if (STREQ(set->slot[i], id))
			return true;
	if (set->used >= set->limit) {
		set->over = true;
		return false;
	}
	set->slot[i] = set->list[set->used++] = xstrdup(id);
	return true;
}

struct found {
	char *walk, *household_id, *body;
	int rank;
};

struct ctx {
	struct wg_db *db;
	struct db_stmt *st[Q_COUNT];
	struct term terms[MAX_TERMS];
	size_t nt;
	struct idset cand;
	struct found *res;   /* results so far, best first */
	size_t nres, limit;
	size_t max_scan;
	bool over[MAX_TERMS];  /* the term's superset was too big at an earlier rank */
	bool over_multi[MAX_TERMS];  /* ... even with MULTI_CAP candidates */
	const char *digits;    /* the digits term being probed (P_ID4) */
};

static struct db_stmt *q(struct ctx *c, int which)
{
	if (!c->st[which])
		c->st[which] = db_prepare(c->db, query_sql[which]);
	else
		db_reset(c->st[which]);
	return c->st[which];
}

/* Run probe `which` for kind+text (prefix range when range), adding household ids to the
 * candidates; false when they overflow. */
static bool probe(struct ctx *c, int which, char kind, const char *text, size_t len,
	bool range)
{
	struct db_stmt *st = q(c, which);
	char key[MAX_TERM_BYTES + 4];
	size_t kl = 0, rows = 0;
	bool ok = true;

	if (kind)
		key[kl++] = kind;
	memcpy(key + kl, text, len);
	kl += len;
	if (which == P_NAME_KEY_RANGE) {
		/* more names than candidates allowed: common, known without the join */
		struct db_stmt *count = q(c, P_NAME_KEY_COUNT);
		bool many;

		db_bind_textn(count, 1, key, kl);
		key[kl] = '\xff';
		db_bind_textn(count, 2, key, kl + 1);
		db_bind_int(count, 3, (int64_t)c->cand.limit + 1);
		many = db_row(count) && (size_t)db_int(count, 0) > c->cand.limit;
		db_reset(count);
		if (many) {
			c->cand.over = true;
			return false;
		}
	}
	db_bind_textn(st, 1, key, kl);
	if (range) {
		key[kl] = '\xff';
		db_bind_textn(st, 2, key, kl + 1);
	}
	db_bind_int(st, 3, (int64_t)RAW_CAP(&c->cand) + 1);
	if (which == P_ID4 || which == P_RPHONE4 || which == P_HPHONE4)
		db_bind_text(st, 4, c->digits);
	/* rows repeat (a name under several keys, two residents of one household): the
	 * raw limit reached counts as too many, too */
	while (ok && db_row(st)) {
		ok = idset_add(&c->cand, db_text(st, 0) ? db_text(st, 0) : "");
		if (++rows > RAW_CAP(&c->cand))
			ok = false;
	}
	db_reset(st);
	c->cand.over = c->cand.over || !ok;
	return ok;
}

/* Households that term t can match with rank <= rank, into c->cand; false when too many. */
static bool superset(struct ctx *c, const struct term *t, int rank)
{
	idset_clear(&c->cand);
	switch (t->kind) {
	case TERM_TEXT:
		if (rank == 0)
			return probe(c, P_NAME_EQ, 0, t->s, t->len, false);
		return probe(c, P_NAME_KEY_RANGE, KEY_NAME, t->s, t->len, true) &&
			(rank < 2 || (probe(c, P_NAME_KEY_RANGE, KEY_NAME_SUFFIX, t->s, t->len, true) &&
			probe(c, P_PLACE_RANGE, KEY_PLACE, t->s, t->len, true)));
	case TERM_PINYIN:
		if (rank == 0) {
			char exact[MAX_TERM_BYTES + 1];

			memcpy(exact, t->s, t->len);
			exact[t->len] = KEY_EXACT;
			return probe(c, P_NAME_KEY_EQ, KEY_NAME_PINYIN, exact, t->len + 1, false);
		}
		return probe(c, P_NAME_KEY_RANGE, KEY_NAME_PINYIN, t->s, t->len, true) &&
			(rank < 2 ||
			(probe(c, P_NAME_KEY_RANGE, KEY_NAME_PINYIN_LATER, t->s, t->len, true) &&
			probe(c, P_PLACE_RANGE, KEY_PLACE_PINYIN, t->s, t->len, true)));
	default:
		if (!(rank == 0 ? probe(c, P_DOOR_EQ, 0, t->s, t->len, false) :
				probe(c, P_DOOR_RANGE, 0, t->s, t->len, true) &&
				probe(c, P_ROOM_RANGE, 0, t->s, t->len, true)))
			return false;
		if (t->dash || t->dlen < 4)
			return true;
		/* a whole ID number has 15 or 18 characters, a whole phone at least 7 */
		if (rank == 0 && t->dlen < 7)
			return true;
		c->digits = t->digits;
		return probe(c, P_ID4, 0, t->digits + t->dlen - 4, 4, false) &&
			probe(c, P_RPHONE4, 0, t->digits + t->dlen - 4, 4, false) &&
			probe(c, P_HPHONE4, 0, t->digits + t->dlen - 4, 4, false);
	}
}

static bool already(const struct ctx *c, const char *household_id)
{
	for (size_t i = 0; i < c->nres; i++)
		if (STREQ(c->res[i].household_id, household_id))
			return true;
	return false;
}

static int cmp_found_walk(const void *a, const void *b)
{
	return strcmp(((const struct found *)a)->walk, ((const struct found *)b)->walk);
}

static void found_free(struct found *f)
{
	free(f->walk);
	free(f->household_id);
	free(f->body);
}

struct walk_id {
	char *walk;
	const char *household_id;   /* in c->cand */
};

static int cmp_walk_id(const void *a, const void *b)
{
	return strcmp(((const struct walk_id *)a)->walk, ((const struct walk_id *)b)->walk);
}

/* Check the candidates in walking order (their walk keys come from a covering index, so
 * only the documents looked at are read) and keep those of exactly `rank` until enough. */
/* For several terms most candidates fail: test each document, then order the few left. */
static enum wg_status check_candidates_all(struct ctx *c, int rank)
{
	struct found *list = xcalloc(c->cand.used ? c->cand.used : 1, sizeof(*list));
	size_t n = 0, i;
	struct db_stmt *st = NULL;

	for (i = 0; i < c->cand.used; i++) {
		const char *id = c->cand.list[i], *body;
		struct doc d;

		if (already(c, id))
			continue;
		st = q(c, Q_DOC);
		db_bind_text(st, 1, id);
		if (!db_row(st))
			continue;
		body = db_text(st, 1) ? db_text(st, 1) : "";
		if (quick_reject(c->terms, c->nt, body, strlen(body)))
			continue;
		doc_view(&d, body, strlen(body));
		if (doc_rank(c->terms, c->nt, &d) != rank)
			continue;
		list[n].walk = xstrdup(db_text(st, 0));
		list[n].household_id = xstrdup(id);
		list[n].body = xstrdup(body);
		list[n++].rank = rank;
	}
	if (st)
		db_reset(st);
	qsort(list, n, sizeof(*list), cmp_found_walk);
	for (i = 0; i < n; i++) {
		if (c->nres < c->limit)
			c->res[c->nres++] = list[i];
		else
			found_free(&list[i]);
	}
	free(list);
	return WG_OK;
}

static enum wg_status check_candidates(struct ctx *c, int rank)
{
	struct walk_id *list;
	size_t n = 0, i;
	struct db_stmt *st = NULL;

	if (c->nt > 1)
		return check_candidates_all(c, rank);
	list = xcalloc(c->cand.used ? c->cand.used : 1, sizeof(*list));

	for (i = 0; i < c->cand.used; i++) {
		const char *id = c->cand.list[i];

		if (already(c, id))
			continue;
		st = q(c, Q_WALK);
		db_bind_text(st, 1, id);
		if (!db_row(st))
			continue;
		list[n].walk = xstrdup(db_text(st, 0));
		list[n++].household_id = id;
	}
	if (st)
		db_reset(st);
	qsort(list, n, sizeof(*list), cmp_walk_id);
	for (i = 0; i < n && c->nres < c->limit; i++) {
		struct doc d;
		const char *body;
		int r;

		st = q(c, Q_BODY);
		db_bind_text(st, 1, list[i].walk);
		if (!db_row(st))
			continue;
		body = db_text(st, 0) ? db_text(st, 0) : "";
		doc_view(&d, body, strlen(body));
		r = doc_rank(c->terms, c->nt, &d);
		if (r == rank) {
			struct found *f = &c->res[c->nres++];

			f->walk = list[i].walk;
			list[i].walk = NULL;
			f->household_id = xstrdup(list[i].household_id);
			f->body = xstrdup(body);
			f->rank = r;
		}
	}
	if (st)
		db_reset(st);
	for (i = 0; i < n; i++)
		free(list[i].walk);
	free(list);
	return WG_OK;
}

/* Read documents in walking order, keeping ranks >= rank, until `limit` of rank `rank`
 * are found (or the budget or the table ends); then fill the results rank by rank. A
 * document skipped by quick_reject costs a third of one tested in full. */
#define REJECT_COST 1
#define TEST_COST 3
static enum wg_status scan(struct ctx *c, int rank)
{
	size_t need = c->limit - c->nres, cap[3] = {0}, nb[3] = {0}, read = 0;
	struct found *bucket[3] = {NULL};
	struct db_stmt *st = q(c, Q_SCAN);
	enum wg_status rc;

	while (nb[rank] < need && (c->max_scan == 0 || read < c->max_scan * TEST_COST) &&
			db_row(st)) {
		const char *body;
		struct doc d;
		size_t len;
		int r;

		body = db_text(st, 2) ? db_text(st, 2) : "";
		len = strlen(body);
		if (quick_reject(c->terms, c->nt, body, len)) {
			read += REJECT_COST;
			continue;
		}
		read += TEST_COST;
		doc_view(&d, body, len);
		r = doc_rank(c->terms, c->nt, &d);
		if (r < rank || nb[r] >= need)
			continue;
		if (nb[r] == cap[r]) {
			cap[r] = cap[r] ? cap[r] * 2 : 64;
			bucket[r] = xrealloc(bucket[r], cap[r] * sizeof(**bucket));
		}
		bucket[r][nb[r]].walk = xstrdup(db_text(st, 0));
		bucket[r][nb[r]].household_id = xstrdup(db_text(st, 1));
		bucket[r][nb[r]].body = xstrdup(db_text(st, 2));
		bucket[r][nb[r]].rank = r;
		nb[r]++;
	}
	rc = db_status(st);
	db_reset(st);
	for (int r = rank; r < 3; r++) {
		for (size_t i = 0; i < nb[r]; i++) {
			if (c->nres < c->limit)
				c->res[c->nres++] = bucket[r][i];
			else
				found_free(&bucket[r][i]);
		}
		free(bucket[r]);
	}
	return rc;
}

static enum wg_status run_query(struct ctx *c)
{
	enum wg_status rc = WG_OK;

	int worst = 1;   /* door and ID digits have no substring rank */

	for (size_t i = 0; i < c->nt; i++)
		if (c->terms[i].kind != TERM_DIGITS)
			worst = 2;
	for (int rank = 0; rank <= worst && c->nres < c->limit && rc == WG_OK; rank++) {
		size_t best = SIZE_MAX, best_n = SIZE_MAX, last = 0;

		/* the term with the fewest candidates drives; the others are checked */
		for (size_t i = 0; i < c->nt; i++) {
			/* too many at one rank: more at the next (the supersets grow) */
			if (c->over[i])
				continue;
			last = i;
			if (!superset(c, &c->terms[i], rank)) {
				c->over[i] = true;
			} else if (c->cand.used < best_n) {
				best = i;
				best_n = c->cand.used;
				if (best_n <= GOOD_ENOUGH)
					break;
			}
		}
		if (best == SIZE_MAX) {
			/* second chance, with more candidates: checking a few thousand through the
			 * index beats testing documents in walking order for a term matching
			 * fewer than about 1% of households (and several terms rarely meet) */
			c->cand.limit = MIN((size_t)MULTI_CAP, cap_override);
			for (size_t i = 0; i < c->nt && best == SIZE_MAX; i++) {
				if (c->over_multi[i])
					continue;
				if (superset(c, &c->terms[i], rank))
					best = last = i;
				else
					c->over_multi[i] = true;
			}
			c->cand.limit = MIN((size_t)CANDIDATE_CAP, cap_override);
		}
		if (best == SIZE_MAX) {
			rc = scan(c, rank);
			break;
		}
		if (best != last)
			superset(c, &c->terms[best], rank);
		rc = check_candidates(c, rank);
	}
	return rc;
}

/* ------------------------------------------------------------------ hits */

static void fill_hit(struct search_hit *h, const struct found *f)
{
	struct doc d;
	char *address, *p;
	struct items cur;
	const char *name;
	size_t len, need, rlen = 0, nnames = 0;
	static const char sep[] = "、";

	doc_parse(&d, f->body);
	address = address_format(d.f[DOC_COMPOUND], d.f[DOC_BUILDING], d.f[DOC_UNIT],
		d.f[DOC_ROOM]);
	cur = items_of(&d, DOC_NAMES);
	while (next_item(&cur, &name, &len)) {
		rlen += len + (nnames ? strlen(sep) : 0);
		nnames++;
	}
	need = strlen(f->household_id) + strlen(address) + d.flen[DOC_DOOR] + rlen * 2 +
		d.flen[DOC_GRID] + 6;
	p = xmalloc(need);
	h->household_id = p;
	p = stpcpy(p, f->household_id) + 1;
	h->address = p;
	p = stpcpy(p, address) + 1;
	h->door = p;
	p = stpcpy(p, d.f[DOC_DOOR]) + 1;
	h->grid_code = p;
	p = stpcpy(p, d.f[DOC_GRID]) + 1;
	h->head = p;
	cur = items_of(&d, DOC_NAMES);
	if (next_item(&cur, &name, &len)) {
		memcpy(p, name, len);
		p += len;
	}
	*p++ = '\0';
	h->residents = p;
	cur = items_of(&d, DOC_NAMES);
	for (size_t i = 0; next_item(&cur, &name, &len); i++) {
		if (i)
			p = stpcpy(p, sep);
		memcpy(p, name, len);
		p += len;
	}
	*p = '\0';
	h->rank = f->rank;
	free(address);
	free(d.buf);
}

enum wg_status search_query_budget(struct wg_db *db, const char *query, size_t limit,
	size_t max_scan, struct search_hit **hits, size_t *n)
{
	struct ctx c;
	enum wg_status rc = WG_OK;
	bool own_txn;
	size_t i;

	*hits = NULL;
	*n = 0;
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.limit = limit;
	c.max_scan = max_scan;
	c.nt = parse_terms(query, c.terms);
	if (c.nt == 0 || limit == 0)
		return WG_OK;
	idset_init(&c.cand);
	c.res = xcalloc(limit, sizeof(*c.res));
	/* one read transaction for all the statements of the query */
	own_txn = !db_in_transaction(db);
	if (own_txn)
		rc = db_exec(db, "BEGIN");
	if (rc == WG_OK)
		rc = run_query(&c);
	if (rc == WG_OK && c.nres) {
		*hits = xcalloc(c.nres, sizeof(**hits));
		for (i = 0; i < c.nres; i++)
			fill_hit(&(*hits)[i], &c.res[i]);
		*n = c.nres;
	}
	for (i = 0; i < c.nres; i++)
		found_free(&c.res[i]);
	free(c.res);
	idset_free(&c.cand);
	for (i = 0; i < Q_COUNT; i++)
		if (c.st[i]) {
			enum wg_status st = db_finish(c.st[i]);

			if (rc == WG_OK && st != WG_OK)
				rc = st;
		}
	if (own_txn)
		db_exec(db, "COMMIT");
	if (rc != WG_OK) {
		search_hits_free(*hits, *n);
		*hits = NULL;
		*n = 0;
	}
	return rc;
}

enum wg_status search_query(struct wg_db *db, const char *query, size_t limit,
	struct search_hit **hits, size_t *n)
{
	return search_query_budget(db, query, limit, 0, hits, n);
}

void search_hits_free(struct search_hit *hits, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(hits[i].household_id);
	free(hits);
}
