/* Per-keystroke latency of household lookup, for bench/run.sh (issue 8).
 *
 *   lookup_bench DB QUERIES engine|like [ROUNDS]
 *
 * QUERIES has one query a line, "kind<TAB>text". Each query is typed one character at a
 * time: every prefix that does not end in a space is one keystroke, answered by
 *   engine  wangge's search engine (the one the screen and `wangge find` use), or
 *   like    baseline (c): a plain SQLite LIKE '%term%' scan over residents' names and ID
 *           numbers and the households' addresses, each term of the query ANDed,
 * asking for the first 50 households as a screen would. The whole mix runs ROUNDS times
 * (default 3); the first round only warms the caches and is not counted, unless ROUNDS
 * is 1 (for the slow baseline at city scale).
 *
 * Prints one line per kind and one for all: "kind n p50_ms p99_ms max_ms hits", where
 * hits is the number of households the full queries found (as a sanity check); spaces
 * in kinds become underscores.
 * Linked with wangge's core objects; SQL goes through the store.h wrapper like
 * everywhere outside src/core/store*.c. */
#include "wangge/common.h"
#include "wangge/store.h"
#include "wangge/search.h"

#define MAX_QUERIES 64
#define MAX_SAMPLES 100000
#define LIMIT 50

struct query {
	char kind[32];
	char text[256];
	int hits;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* ---------------------------------------------------------------- baseline (c) */

#define LIKE_ONE \
	"(EXISTS (SELECT 1 FROM resident r WHERE r.household_id = h.id AND r.departed_at IS NULL" \
	"   AND (r.name LIKE ?%d OR r.id_number LIKE ?%d))" \
	" OR b.compound LIKE ?%d OR b.name LIKE ?%d" \
	" OR (b.code || '-' || coalesce(h.unit || '-', '') || h.room) LIKE ?%d)"

static struct db_stmt *like_stmt[2];

static void like_prepare(struct wg_db *db)
{
	for (int terms = 1; terms <= 2; terms++) {
		struct strbuf sb;
		sb_init(&sb);
		sb_add(&sb, "SELECT h.id FROM household h JOIN building b ON b.id = h.building_id"
			" WHERE h.departed_at IS NULL");
		for (int t = 1; t <= terms; t++) {
			sb_add(&sb, " AND ");
			sb_addf(&sb, LIKE_ONE, t, t, t, t, t);
		}
		sb_addf(&sb, " LIMIT %d", LIMIT);
		like_stmt[terms - 1] = db_prepare(db, sb.buf);
		sb_free(&sb);
	}
}

static int like_query(const char *text)
{
	char terms[2][300];
	int n = 0;
	const char *p = text;
	while (*p && n < 2) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		snprintf(terms[n++], sizeof terms[0], "%%%.*s%%", (int)len, p);
		p += len;
	}
	if (n == 0)
		return 0;
	struct db_stmt *st = like_stmt[n - 1];
	for (int t = 0; t < n; t++)
		db_bind_text(st, t + 1, terms[t]);
	int hits = 0;
	while (db_row(st))
		hits++;
	db_reset(st);
	return hits;
}

/* ---------------------------------------------------------------- engine */

/* >>> engine call: households found for text (at most LIMIT), -1 on failure. The
 * screen's call: search_query_budget with the screen's scan budget. */
static int engine_query(struct wg_db *db, const char *text)
{
	struct search_hit *hits;
	size_t n;

	if (search_query_budget(db, text, LIMIT, SEARCH_SCREEN_BUDGET, &hits, &n) != WG_OK)
		return -1;
	search_hits_free(hits, n);
	return (int)n;
}
/* <<< engine call */

/* ---------------------------------------------------------------- main */

/* Byte lengths of the prefixes to type: after every UTF-8 character, skipping those that
 * end in a space (the space alone does not start a new search). */
static int prefixes(const char *s, size_t *ends, int max)
{
	int n = 0;
	size_t len = strlen(s);
	for (size_t i = 1; i <= len && n < max; i++) {
		if (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (s[i - 1] == ' ')
			continue;
		ends[n++] = i;
	}
	return n;
}

static void report(const char *kind, double *v, int n, int hits)
{
	if (n == 0)
		return;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	double p50 = v[(n - 1) / 2];
	int i99 = (int)(0.99 * (n - 1) + 0.999999);
	printf("%s %d %.3f %.3f %.3f %d\n", kind, n, p50, v[i99], v[n - 1], hits);
}

int main(int argc, char **argv)
{
	if (argc < 4 || (strcmp(argv[3], "engine") && strcmp(argv[3], "like"))) {
		fputs("usage: lookup_bench DB QUERIES engine|like [ROUNDS]\n", stderr);
		return 2;
	}
	bool engine = !strcmp(argv[3], "engine");
	int rounds = argc > 4 ? atoi(argv[4]) : 3;
	if (rounds < 1)
		rounds = 1;
	int first_counted = rounds == 1 ? 0 : 1;

	static struct query q[MAX_QUERIES];
	int nq = 0;
	FILE *f = fopen(argv[2], "r");
	if (!f) {
		fprintf(stderr, "lookup_bench: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	char line[600];
	while (nq < MAX_QUERIES && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab || !tab[1])
			continue;
		*tab = '\0';
		snprintf(q[nq].kind, sizeof q[nq].kind, "%.31s", line);
		for (char *c = q[nq].kind; *c; c++)
			if (*c == ' ')
				*c = '_';   /* one word per column in the output */
		snprintf(q[nq].text, sizeof q[nq].text, "%.255s", tab + 1);
		nq++;
	}
	fclose(f);

	struct wg_db *db;
	if (store_open_existing(argv[1], true, &db) != WG_OK) {
		fprintf(stderr, "lookup_bench: %s\n", wg_error_msg());
		return 1;
	}
	if (!engine)
		like_prepare(db);

	static double all[MAX_SAMPLES];
	static double kind_v[MAX_QUERIES][512];
	int kind_n[MAX_QUERIES] = {0};
	int nall = 0;
	int rc = 0;
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < nq; i++) {
			size_t ends[256];
			int np = prefixes(q[i].text, ends, 256);
			for (int k = 0; k < np; k++) {
				char typed[256];
				memcpy(typed, q[i].text, ends[k]);
				typed[ends[k]] = '\0';
				double t0 = now_ms();
				int hits = engine ? engine_query(db, typed) : like_query(typed);
				double dt = now_ms() - t0;
				if (hits < 0) {
					fprintf(stderr, "lookup_bench: the engine failed on '%s': %s\n",
						typed, wg_error_msg());
					rc = 1;
					goto out;
				}
				if (k == np - 1)
					q[i].hits = hits;
				if (r < first_counted)
					continue;
				if (nall < MAX_SAMPLES)
					all[nall++] = dt;
				if (kind_n[i] < 512)
					kind_v[i][kind_n[i]++] = dt;
			}
		}
	}
	/* queries of one kind are pooled under the kind's name */
	for (int i = 0; i < nq; i++) {
		if (kind_n[i] < 0)
			continue;
		static double pool[MAX_QUERIES * 512];
		int n = 0, hits = 0;
		for (int j = i; j < nq; j++) {
			if (kind_n[j] < 0 || strcmp(q[j].kind, q[i].kind))
				continue;
			memcpy(pool + n, kind_v[j], sizeof(double) * (size_t)kind_n[j]);
			n += kind_n[j];
			hits += q[j].hits;
			if (j != i)
				kind_n[j] = -1;
		}
		report(q[i].kind, pool, n, hits);
	}
	report("all", all, nall, 0);
out:
	for (int t = 0; t < 2; t++)
		if (like_stmt[t])
			db_finish(like_stmt[t]);
	store_close(db);
	return rc;
}
