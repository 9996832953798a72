/* find QUERY...: household lookup from the command line, with the screen's engine. One
 * household a line: id, address, head of household, residents (tab-separated), best
 * first. Never prints ID numbers, phones or categories. */
#include "wangge/common.h"
#include "wangge/cli.h"
#include "wangge/search.h"
#include "wangge/textwidth.h"
#include "wangge/store.h"

#define FIND_USAGE "find [--limit N] QUERY..."
#define FIND_HELP N_("look up households by name, pinyin, address, door number or ID digits")
#define FIND_DEFAULT_LIMIT 50

/* A database imported before the index existed gets it built once, here. */
static enum wg_status ensure_index(struct wg_db *db)
{
	enum wg_status rc;

	if (db_get_int(db, "SELECT EXISTS (SELECT 1 FROM search_doc)", NULL, 0) ||
			!db_get_int(db, "SELECT EXISTS (SELECT 1 FROM household "
				"WHERE departed_at IS NULL)", NULL, 0))
		return WG_OK;
	rc = db_begin(db);
	if (rc != WG_OK)
		return rc;
	rc = search_rebuild(db);
	if (rc == WG_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

static void put_field(const char *s)
{
	/* a tab or newline in the data must not break the line format, and no control
	 * character or escape sequence from the data reaches the terminal */
	char *clean = tw_sanitize(s);

	fputs(clean, stdout);
	free(clean);
}

int cmd_find(struct wg_app *app, int argc, char **argv)
{
	struct wg_db *db;
	struct search_hit *hits = NULL;
	struct strbuf query;
	size_t n = 0, limit = FIND_DEFAULT_LIMIT;
	enum wg_status rc;
	int i;

	if (cli_wants_help(argc, argv, FIND_USAGE, FIND_HELP))
		return 0;
	sb_init(&query);
	for (i = 1; i < argc; i++) {
		if (STREQ(argv[i], "--limit") || STREQ(argv[i], "-n")) {
			char *end;
			long v;

			if (i + 1 >= argc) {
				sb_free(&query);
				return cli_usage(FIND_USAGE);
			}
			errno = 0;
			v = strtol(argv[++i], &end, 10);
			if (errno || *end || end == argv[i] || v < 1 || v > 100000) {
				fprintf(stderr, _("wangge: --limit takes a number from 1 to 100000, "
					"not \"%s\"\n"), argv[i]);
				sb_free(&query);
				return 2;
			}
			limit = (size_t)v;
			continue;
		}
		if (STREQ(argv[i], "--"))
			i++;
		else if (argv[i][0] == '-' && argv[i][1] && !isdigit((unsigned char)argv[i][1])) {
			fprintf(stderr, _("wangge: find: unknown option %s\n"), argv[i]);
			sb_free(&query);
			return cli_usage(FIND_USAGE);
		}
		for (; i < argc; i++) {
			if (query.len)
				sb_addc(&query, ' ');
			sb_add(&query, argv[i]);
		}
	}
	if (!query.len) {
		sb_free(&query);
		return cli_usage(FIND_USAGE);
	}
	rc = app_db(app, &db);
	if (rc == WG_OK)
		rc = ensure_index(db);
	if (rc == WG_OK)
		rc = search_query(db, query.buf, limit, &hits, &n);
	if (rc != WG_OK) {
		sb_free(&query);
		return cli_fail(rc);
	}
	for (size_t k = 0; k < n; k++) {
		put_field(hits[k].household_id);
		putchar('\t');
		put_field(hits[k].address);
		putchar('\t');
		put_field(hits[k].head);
		putchar('\t');
		put_field(hits[k].residents);
		putchar('\n');
	}
	if (n == 0)
		fprintf(stderr, _("no household matches \"%s\"\n"), query.buf);
	search_hits_free(hits, n);
	sb_free(&query);
	return 0;
}
