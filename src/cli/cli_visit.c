/* visit add: record a visit, print its id. visit list: visits of a household, a worker
 * or a grid, latest first. Several workstations may record at once: a writer that
 * finds the database busy waits its turn instead of failing. */
#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/auth.h"
#include "wangge/cli.h"
#include "wangge/config.h"
#include "wangge/store.h"
#include "wangge/visit.h"

#define VISIT_USAGE "visit add HOUSEHOLD_ID [--outcome met|not_home|refused|moved_out] " \
	"[--kind routine|followup|verify|sweep|collect] [--date DATE] [--resident NAME]... " \
	"[--item TEXT]... [--note TEXT] [--worker ID] [--sheet ID --line N] | " \
	"visit list [--household ID | --worker ID | --grid CODE] [--from DATE] [--to DATE]"
#define VISIT_HELP N_("record a visit to a household, or list visits")

/* How long visit add keeps trying while other writers hold the database. Each try
 * already waits the store's busy timeout. */
#define VISIT_BUSY_TRIES 8

static const char *value_of(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int visit_add_cmd(struct wg_app *app, int argc, char **argv)
{
	struct wg_visit_new v = { 0 };
	const char **residents = xcalloc((size_t)argc, sizeof(*residents));
	const char **items = xcalloc((size_t)argc, sizeof(*items));
	const char *line = NULL;
	struct wg_actor actor;
	struct wg_db *db;
	enum wg_status rc;
	char id[37];
	int i, tries, status = 2;

	for (i = 1; i < argc; i++) {
		const char *o = argv[i], *val;

		if (o[0] != '-' && !v.household_id) {
			v.household_id = o;
			continue;
		}
		if (!(val = value_of(argc, argv, &i)))
			goto usage;
		if (STREQ(o, "--outcome"))
			v.outcome = val;
		else if (STREQ(o, "--kind"))
			v.kind = val;
		else if (STREQ(o, "--date"))
			v.date = val;
		else if (STREQ(o, "--resident"))
			residents[v.n_residents++] = val;
		else if (STREQ(o, "--item"))
			items[v.n_items++] = val;
		else if (STREQ(o, "--note"))
			v.note = val;
		else if (STREQ(o, "--worker"))
			v.worker_id = val;
		else if (STREQ(o, "--sheet"))
			v.sheet_id = val;
		else if (STREQ(o, "--line"))
			line = val;
		else
			goto usage;
	}
	if (!v.household_id || !v.sheet_id != !line)
		goto usage;
	if (line) {
		char *end;
		long n = strtol(line, &end, 10);

		if (*end || n < 1 || n > INT_MAX) {
			fprintf(stderr, _("wangge: --line wants a line number of the sheet, not '%s'\n"),
				line);
			goto usage_quiet;
		}
		v.sheet_line = (int)n;
	}
	v.residents = residents;
	v.items = items;

	if ((rc = auth_cli_actor(app, &actor)) != WG_OK) {
		status = cli_fail(rc);
		goto out;
	}
	rc = app_db(app, &db);
	for (tries = 1; rc == WG_OK; tries++) {
		rc = visit_add(db, app->cfg, &actor, &v, id);
		if (rc != WG_BUSY || tries == VISIT_BUSY_TRIES)
			break;
		if (tries == 1)
			fprintf(stderr, "%s\n", _("wangge: another wangge is writing (an import?); "
				"waiting to save the visit..."));
		rc = WG_OK;
	}
	if (rc == WG_OK) {
		printf("%s\n", id);
		status = 0;
	} else if (rc == WG_EXISTS && id[0]) {
		/* Keying the same sheet line twice: already done, nothing added. */
		fprintf(stderr, "wangge: %s\n", wg_error_msg());
		printf("%s\n", id);
		status = 0;
	} else {
		status = cli_fail(rc);
	}
	actor_free(&actor);
	goto out;
usage:
	cli_usage(VISIT_USAGE);
usage_quiet:
	status = 2;
out:
	free(residents);
	free(items);
	return status;
}

static const char *named_label(const struct wg_named *list, size_t n, const char *code)
{
	const struct wg_named *x = config_named(list, n, code);

	return x ? x->name : code;
}

static int visit_list_cmd(struct wg_app *app, int argc, char **argv)
{
	struct wg_visit_filter f = { 0 };
	struct wg_visit *list = NULL;
	struct wg_db *db;
	struct cli_table t;
	struct strbuf met;
	enum wg_status rc;
	size_t n = 0, k, j;
	int i, scopes = 0;

	for (i = 1; i < argc; i++) {
		const char *o = argv[i], *val = value_of(argc, argv, &i);

		if (!val)
			return cli_usage(VISIT_USAGE);
		if (STREQ(o, "--household") && ++scopes)
			f.household_id = val;
		else if (STREQ(o, "--worker") && ++scopes)
			f.worker_id = val;
		else if (STREQ(o, "--grid") && ++scopes)
			f.grid_code = val;
		else if (STREQ(o, "--from"))
			f.from = val;
		else if (STREQ(o, "--to"))
			f.to = val;
		else
			return cli_usage(VISIT_USAGE);
	}
	if (scopes > 1)
		return cli_usage(VISIT_USAGE);
	if ((rc = app_db(app, &db)) != WG_OK)
		return cli_fail(rc);
	if ((rc = visit_list(db, &f, &list, &n)) != WG_OK)
		return cli_fail(rc);
	if (n == 0) {
		printf("%s\n", _("No visits."));
		return 0;
	}
	cli_table_init(&t, "lllllll");
	cli_table_row(&t, _("Date"), _("Household"), _("Kind"), _("Outcome"), _("Worker"),
		_("Met"), _("Note"));
	sb_init(&met);
	for (k = 0; k < n; k++) {
		sb_reset(&met);
		for (j = 0; j < list[k].n_met; j++)
			sb_addf(&met, "%s%s", j ? ", " : "", list[k].met_names[j]);
		cli_table_row(&t, list[k].date, list[k].household_id,
			named_label(app->cfg->visit_kinds, app->cfg->n_visit_kinds, list[k].kind),
			named_label(app->cfg->outcomes, app->cfg->n_outcomes, list[k].outcome),
			list[k].worker_name ? list[k].worker_name : list[k].worker_id, met.buf,
			list[k].note);
	}
	cli_table_print(&t, stdout, "");
	cli_table_free(&t);
	sb_free(&met);
	visits_free(list, n);
	return 0;
}

int cmd_visit(struct wg_app *app, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, VISIT_USAGE, VISIT_HELP))
		return 0;
	if (argc >= 2 && STREQ(argv[1], "add"))
		return visit_add_cmd(app, argc - 1, argv + 1);
	if (argc >= 2 && STREQ(argv[1], "list"))
		return visit_list_cmd(app, argc - 1, argv + 1);
	return cli_usage(VISIT_USAGE);
}
