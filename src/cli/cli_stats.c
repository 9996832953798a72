/* stats: households, residents (registered or not), vacant and rented flats and
 * special-population counts, per community and grid. Restricted categories are counted
 * under the neutral mark unless the caller may see them in every grid shown. */
#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/auth.h"
#include "wangge/cli.h"
#include "wangge/config.h"
#include "wangge/store.h"

#define STATS_USAGE "stats [--community CODE | --grid CODE]"
#define STATS_HELP N_("households, residents and categories per community and grid")

/* Fixed measures before the categories. */
enum { M_HOUSEHOLDS, M_RESIDENTS, M_REGISTERED, M_UNREGISTERED, M_VACANT, M_RENTED, M_FIXED };

struct unit {
	char *code, *name, *community;
	int64_t *count;        /* M_FIXED + categories + 1 (neutral) */
};

struct stats {
	struct unit *grids;
	size_t n_grids;
	size_t n_counts;
	size_t n_cats;
	int64_t last_resident; /* while counting the neutral column */
};

static struct unit *find_grid(struct stats *s, const char *code)
{
	/* grids are sorted by code: binary search */
	size_t lo = 0, hi = s->n_grids;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->grids[mid].code, code);

		if (c == 0)
			return &s->grids[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The grids in scope, by code; community_code and grid_code narrow them (NULL: all). */
static enum wg_status load_grids(struct wg_db *db, struct stats *s, const char *community,
	const char *grid)
{
	struct db_stmt *st = db_prepare(db, "SELECT g.code, g.name, g.community_code "
		"FROM grid g JOIN community c ON c.code = g.community_code "
		"WHERE g.departed_at IS NULL AND c.departed_at IS NULL "
		"AND (?1 IS NULL OR g.community_code = ?1) AND (?2 IS NULL OR g.code = ?2) "
		"ORDER BY g.code");
	size_t cap = 0;

	db_bind_text(st, 1, community);
	db_bind_text(st, 2, grid);
	while (db_row(st)) {
		struct unit *u;

		if (s->n_grids == cap) {
			cap = cap ? cap * 2 : 32;
			s->grids = xrealloc(s->grids, cap * sizeof(*s->grids));
		}
		u = &s->grids[s->n_grids++];
		u->code = xstrdup(db_text(st, 0));
		u->name = xstrdup(db_text(st, 1));
		u->community = xstrdup(db_text(st, 2));
		u->count = xcalloc(s->n_counts, sizeof(*u->count));
	}
	return db_finish(st);
}

/* One grouped query per measure; only fixed SQL, the filter bound. */
static enum wg_status count_all(struct wg_db *db, const struct wg_config *cfg,
	struct stats *s, const char *community, const char *grid)
{
	static const char scope[] =
		" AND (?1 IS NULL OR b.grid_code IN (SELECT code FROM grid WHERE community_code = ?1))"
		" AND (?2 IS NULL OR b.grid_code = ?2)";
	char *sql[3];
	struct db_stmt *st;
	enum wg_status rc = WG_OK;
	size_t q;

	sql[0] = xasprintf("SELECT b.grid_code, count(*), sum(h.tenure = 'vacant'), "
		"sum(h.tenure = 'rented') FROM household h JOIN building b ON b.id = h.building_id "
		"WHERE h.departed_at IS NULL%s GROUP BY b.grid_code", scope);
	sql[1] = xasprintf("SELECT b.grid_code, count(*), sum(r.registered <> 0) FROM resident r "
		"JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id "
		"WHERE r.departed_at IS NULL AND r.moved_out_at IS NULL AND h.departed_at IS NULL%s "
		"GROUP BY b.grid_code", scope);
	sql[2] = xasprintf("SELECT b.grid_code, t.resident_id, t.category FROM resident_tag t "
		"JOIN resident r ON r.id = t.resident_id JOIN household h ON h.id = r.household_id "
		"JOIN building b ON b.id = h.building_id WHERE t.removed_at IS NULL "
		"AND r.departed_at IS NULL AND r.moved_out_at IS NULL AND h.departed_at IS NULL%s "
		"ORDER BY t.resident_id", scope);
	for (q = 0; q < 3 && rc == WG_OK; q++) {
		st = db_prepare(db, sql[q]);
		db_bind_text(st, 1, community);
		db_bind_text(st, 2, grid);
		s->last_resident = -1;
		while (db_row(st)) {
			struct unit *u = find_grid(s, db_text(st, 0));

			if (!u)
				continue;
			if (q == 0) {
				u->count[M_HOUSEHOLDS] += db_int(st, 1);
				u->count[M_VACANT] += db_int(st, 2);
				u->count[M_RENTED] += db_int(st, 3);
			} else if (q == 1) {
				u->count[M_RESIDENTS] += db_int(st, 1);
				u->count[M_REGISTERED] += db_int(st, 2);
				u->count[M_UNREGISTERED] += db_int(st, 1) - db_int(st, 2);
			} else {
				const char *code = db_text(st, 2);
				int64_t rid = db_int(st, 1);
				size_t c;

				for (c = 0; c < cfg->n_categories; c++)
					if (STREQ(cfg->categories[c].code, code))
						break;
				if (c == cfg->n_categories)
					continue;   /* a category no longer configured */
				u->count[M_FIXED + c]++;
				/* neutral column: people with any restricted category, once each */
				if (cfg->categories[c].restricted && rid != s->last_resident) {
					u->count[M_FIXED + s->n_cats]++;
					s->last_resident = rid;
				}
			}
		}
		rc = db_finish(st);
	}
	for (q = 0; q < 3; q++)
		free(sql[q]);
	return rc;
}

static void add_row(struct cli_table *t, const struct wg_config *cfg, const char *label,
	const int64_t *count, size_t n_cats, bool all_visible)
{
	const char **cells = xcalloc(M_FIXED + n_cats + 2, sizeof(*cells));
	char **nums = xcalloc(M_FIXED + n_cats + 1, sizeof(*nums));
	size_t i, k = 0, nn = 0;

	cells[k++] = label;
	for (i = 0; i < M_FIXED; i++)
		cells[k++] = nums[nn++] = xasprintf("%" PRId64, count[i]);
	for (i = 0; i < n_cats; i++)
		if (all_visible || !cfg->categories[i].restricted)
			cells[k++] = nums[nn++] = xasprintf("%" PRId64, count[M_FIXED + i]);
	if (!all_visible)
		cells[k++] = nums[nn++] = xasprintf("%" PRId64, count[M_FIXED + n_cats]);
	cli_table_add(t, cells);
	for (i = 0; i < nn; i++)
		free(nums[i]);
	free(nums);
	free(cells);
}

static void sum_into(int64_t *into, const int64_t *from, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		into[i] += from[i];
}

/* With --grid, the grid's row alone: a community row would show one grid's figures
 * under the community's name. */
static enum wg_status print_stats(struct wg_db *db, const struct wg_config *cfg,
	struct stats *s, bool all_visible, bool grid_only)
{
	struct cli_table t;
	struct strbuf align;
	const char **head;
	int64_t *community = xcalloc(s->n_counts, sizeof(*community));
	int64_t *total = xcalloc(s->n_counts, sizeof(*total));
	size_t i, k = 0, g, n_communities = 0;
	char *name;

	sb_init(&align);
	sb_add(&align, "l");
	head = xcalloc(M_FIXED + s->n_cats + 2, sizeof(*head));
	head[k++] = _("Community / grid");
	head[k++] = _("Households");
	head[k++] = _("Residents");
	head[k++] = _("Registered");
	head[k++] = _("Not registered");
	head[k++] = _("Vacant");
	head[k++] = _("Rented");
	for (i = 0; i < s->n_cats; i++)
		if (all_visible || !cfg->categories[i].restricted)
			head[k++] = cfg->categories[i].name;
	if (!all_visible)
		head[k++] = cfg->neutral_mark;
	for (i = 1; i < k; i++)
		sb_add(&align, "r");
	cli_table_init(&t, align.buf);
	cli_table_add(&t, head);

	/* community row first, then its grids indented */
	for (g = 0; g < s->n_grids; ) {
		const char *code = s->grids[g].community;
		size_t end = g;

		memset(community, 0, s->n_counts * sizeof(*community));
		while (end < s->n_grids && STREQ(s->grids[end].community, code))
			sum_into(community, s->grids[end++].count, s->n_counts);
		name = db_get_text(db, "SELECT name FROM community WHERE code = ?1", code);
		if (!grid_only)
			add_row(&t, cfg, name ? name : code, community, s->n_cats, all_visible);
		free(name);
		for (; g < end; g++) {
			char *label = xasprintf("%s%s", grid_only ? "" : "  ", s->grids[g].name);

			add_row(&t, cfg, label, s->grids[g].count, s->n_cats, all_visible);
			free(label);
		}
		sum_into(total, community, s->n_counts);
		n_communities++;
	}
	if (n_communities > 1)
		add_row(&t, cfg, _("Total"), total, s->n_cats, all_visible);
	cli_table_print(&t, stdout, "");
	cli_table_free(&t);
	sb_free(&align);
	free(head);
	free(community);
	free(total);
	return WG_OK;
}

/* Grids sorted by code can still interleave communities; group them by community. */
static int by_community(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;
	int c = strcmp(x->community, y->community);

	return c ? c : strcmp(x->code, y->code);
}

int cmd_stats(struct wg_app *app, int argc, char **argv)
{
	const char *community = NULL, *grid = NULL;
	struct wg_actor actor;
	struct stats s = { 0 };
	struct wg_db *db;
	enum wg_status rc;
	bool all_visible = true;
	size_t i;
	int a;

	if (cli_wants_help(argc, argv, STATS_USAGE, STATS_HELP))
		return 0;
	for (a = 1; a < argc; a++) {
		if (a + 1 < argc && STREQ(argv[a], "--community") && !community)
			community = argv[++a];
		else if (a + 1 < argc && STREQ(argv[a], "--grid") && !grid)
			grid = argv[++a];
		else
			return cli_usage(STATS_USAGE);
	}
	if (community && grid)
		return cli_usage(STATS_USAGE);
	if ((rc = auth_cli_actor(app, &actor)) != WG_OK)
		return cli_fail(rc);
	if ((rc = app_db(app, &db)) != WG_OK)
		goto out;
	if (community && db_get_int(db, "SELECT count(*) FROM community WHERE code = ?1",
			community, 0) == 0) {
		rc = wg_error_set(WG_NOT_FOUND, _("no community with code %s; `wangge stats` "
			"lists them all"), community);
		goto out;
	}
	if (grid && db_get_int(db, "SELECT count(*) FROM grid WHERE code = ?1", grid, 0) == 0) {
		rc = wg_error_set(WG_NOT_FOUND, _("no grid with code %s; `wangge stats` lists them "
			"all"), grid);
		goto out;
	}
	s.n_cats = app->cfg->n_categories;
	s.n_counts = M_FIXED + s.n_cats + 1;
	rc = load_grids(db, &s, community, grid);
	if (rc == WG_OK)
		rc = count_all(db, app->cfg, &s, community, grid);
	if (rc != WG_OK)
		goto out;
	if (s.n_grids == 0) {
		printf("%s\n", _("No grids yet: import a grid file with `wangge import FILE`."));
		goto out;
	}
	for (i = 0; i < s.n_grids && all_visible; i++)
		all_visible = access_sees_restricted(db, &actor, s.grids[i].code);
	qsort(s.grids, s.n_grids, sizeof(*s.grids), by_community);
	rc = print_stats(db, app->cfg, &s, all_visible, grid != NULL);
out:
	for (i = 0; i < s.n_grids; i++) {
		free(s.grids[i].code);
		free(s.grids[i].name);
		free(s.grids[i].community);
		free(s.grids[i].count);
	}
	free(s.grids);
	actor_free(&actor);
	return rc == WG_OK ? 0 : cli_fail(rc);
}
