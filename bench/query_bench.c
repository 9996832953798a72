/* The due-list, checklist and report rows of the benchmark (issue 8), measured inside
 * one process so that the figure is the engine's, not the program's start-up.
 *
 *   query_bench DB due-street|due-grid|due-naive|checklist|report ROUNDS [ON]
 *
 * due-street  due_list() for the whole database (a street), as the 今日工作 list of a
 *             leader asks it;
 * due-grid    due_list() for the largest grid;
 * due-naive   baseline (c): the same answer the way a first script would get it, one
 *             query per tagged resident for the last "met" visit;
 * checklist   checklist_build() + print_pdf() of the largest grid (the PDF is written
 *             to /dev/null);
 * report      report_build() for the whole street over the year before ON.
 * ON (YYYY-MM-DD) is the day asked about, default 2026-12-31. The first round warms the
 * caches and is not counted (unless ROUNDS is 1). Prints "what n median_ms max_ms rows". */
#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/checklist.h"
#include "wangge/config.h"
#include "wangge/due.h"
#include "wangge/print.h"
#include "wangge/report.h"
#include "wangge/store.h"

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

static char *largest_grid(struct wg_db *db)
{
	return db_get_text(db, "SELECT b.grid_code FROM household h JOIN building b ON "
		"b.id = h.building_id WHERE h.departed_at IS NULL GROUP BY b.grid_code "
		"ORDER BY count(*) DESC LIMIT 1", NULL);
}

static long due_once(struct wg_db *db, const struct wg_config *cfg, enum wg_due_scope scope,
	const char *code, const char *on)
{
	struct wg_due_query q = { .scope = scope, .code = code, .on = on, .within = 7 };
	struct wg_due_list list;
	struct wg_actor nobody;
	long n;

	actor_nobody(&nobody);
	if (due_list(db, cfg, &nobody, &q, &list) != WG_OK)
		die("due_list: %s", wg_error_msg());
	n = (long)list.n;
	due_list_free(&list);
	return n;
}

/* Baseline (c): every tagged resident, then one query each for the last met visit. */
static long due_naive(struct wg_db *db, const struct wg_config *cfg, const char *on)
{
	struct db_stmt *tags = db_prepare(db, "SELECT t.resident_id, t.category, t.since "
		"FROM resident_tag t JOIN resident r ON r.id = t.resident_id "
		"JOIN household h ON h.id = r.household_id WHERE t.removed_at IS NULL "
		"AND r.moved_out_at IS NULL AND r.departed_at IS NULL AND h.departed_at IS NULL");
	struct db_stmt *last = db_prepare(db, "SELECT max(v.at) FROM visit v JOIN visit_resident "
		"vr ON vr.visit_id = v.id WHERE vr.resident_id = ?1 AND v.outcome = 'met' AND v.at <= ?2");
	int32_t today = wg_date_days(on);
	long n = 0;

	while (db_row(tags)) {
		const struct wg_category *cat = config_category(cfg, db_text(tags, 1));
		const char *start;

		if (!cat)
			continue;
		db_reset(last);
		db_bind_int(last, 1, db_int(tags, 0));
		db_bind_text(last, 2, on);
		start = db_row(last) && db_text(last, 0) ? db_text(last, 0) : db_text(tags, 2);
		if (wg_date_days(start) + cat->interval_days <= today + 7)
			n++;
	}
	db_finish(last);
	db_finish(tags);
	return n;
}

static long checklist_once(struct wg_db *db, const struct wg_config *cfg, const char *grid,
	const char *on)
{
	struct cl_request req = { .grid_code = grid, .date = on };
	struct cl_sheet *sheet;
	FILE *null = fopen("/dev/null", "w");
	int pages = 0;
	long n;

	if (!null || checklist_build(db, cfg, &req, &sheet) != WG_OK ||
	    print_pdf(sheet, null, &pages) != WG_OK)
		die("checklist: %s", wg_error_msg());
	n = (long)sheet->n_blocks;
	checklist_free(sheet);
	fclose(null);
	return n;
}

static long report_once(struct wg_db *db, const struct wg_config *cfg, const char *on)
{
	char from[11];
	struct wg_report_query q = { .scope = REPORT_STREET, .to = on, .from = from };
	struct wg_report rep;
	struct wg_actor nobody;
	long n;

	wg_date_from_days(wg_date_days(on) - 364, from);
	actor_nobody(&nobody);
	if (report_build(db, cfg, &nobody, &q, &rep) != WG_OK)
		die("report: %s", wg_error_msg());
	n = (long)rep.visits;
	report_free(&rep);
	return n;
}

int main(int argc, char **argv)
{
	struct wg_db *db;
	struct wg_config *cfg;
	const char *what, *on;
	char *grid;
	double *ms;
	long rows = 0;
	int rounds, i, counted = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: query_bench DB due-street|due-grid|due-naive|checklist|report ROUNDS [ON]\n");
		return 2;
	}
	what = argv[2];
	rounds = atoi(argv[3]);
	on = argc > 4 ? argv[4] : "2026-12-31";
	if (rounds < 1 || store_open_existing(argv[1], true, &db) != WG_OK)
		die("cannot open %s: %s", argv[1], wg_error_msg());
	if (config_parse("built-in", wg_builtin_config, wg_builtin_config_len, &cfg) != WG_OK)
		die("config: %s", wg_error_msg());
	grid = largest_grid(db);
	ms = xcalloc((size_t)rounds, sizeof(double));
	for (i = 0; i < rounds; i++) {
		double t0 = now_ms();

		if (STREQ(what, "due-street"))
			rows = due_once(db, cfg, DUE_STREET, NULL, on);
		else if (STREQ(what, "due-grid"))
			rows = due_once(db, cfg, DUE_GRID, grid, on);
		else if (STREQ(what, "due-naive"))
			rows = due_naive(db, cfg, on);
		else if (STREQ(what, "checklist"))
			rows = checklist_once(db, cfg, grid, on);
		else if (STREQ(what, "report"))
			rows = report_once(db, cfg, on);
		else
			die("unknown measurement %s", what);
		if (i > 0 || rounds == 1)
			ms[counted++] = now_ms() - t0;
	}
	qsort(ms, (size_t)counted, sizeof(double), cmp_double);
	printf("%s %d %.2f %.2f %ld\n", what, counted, ms[counted / 2], ms[counted - 1], rows);
	free(ms);
	free(grid);
	config_free(cfg);
	store_close(db);
	return 0;
}
