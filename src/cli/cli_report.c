/* report: the figures of a grid, a worker's grids, a community or the street over a date
 * range, as text with bar charts, CSV or XLSX. */
#include "wangge/common.h"
#include "wangge/cli.h"
#include "wangge/access.h"
#include "wangge/atomic_file.h"
#include "wangge/auth.h"
#include "wangge/config.h"
#include "wangge/export.h"
#include "wangge/report.h"
#include "wangge/store.h"

#define REPORT_USAGE "report [--grid CODE | --worker ID | --community CODE] [--from DATE] " \
	"[--to DATE] [--format text|csv|xlsx] [--out FILE]"
#define REPORT_HELP N_("figures: households, visit coverage, follow-ups, incidents, visits")

/* Scope options shared with export: --grid, --worker, --community. Returns true when
 * argv[i] was one (the value is argv[i + 1]). */
static bool scope_option(const char *opt, enum wg_report_scope *scope)
{
	if (STREQ(opt, "--grid"))
		*scope = REPORT_GRID;
	else if (STREQ(opt, "--worker"))
		*scope = REPORT_WORKER;
	else if (STREQ(opt, "--community"))
		*scope = REPORT_COMMUNITY;
	else
		return false;
	return true;
}

static enum wg_status write_report(struct wg_app *app, const struct wg_report *rep,
	const char *format, const char *out)
{
	struct atomic_file af;
	enum wg_status rc;

	if (STREQ(format, "xlsx"))
		return report_write_xlsx(out, app->cfg, rep);
	if (!out) {
		if (STREQ(format, "csv"))
			return report_write_csv(stdout, app->cfg, rep);
		return report_write_text(stdout, app->cfg, rep);
	}
	rc = atomic_open(&af, out);
	if (rc != WG_OK)
		return rc;
	if (STREQ(format, "csv"))
		rc = report_write_csv(af.fp, app->cfg, rep);
	else
		rc = report_write_text(af.fp, app->cfg, rep);
	if (rc != WG_OK) {
		atomic_abort(&af);
		return rc;
	}
	return atomic_commit(&af);
}

int cmd_report(struct wg_app *app, int argc, char **argv)
{
	struct wg_report_query q = { .scope = REPORT_STREET };
	struct wg_report rep = { 0 };
	struct wg_actor actor;
	struct wg_db *db;
	const char *format = "text", *out = NULL;
	enum wg_status rc;
	int i, scopes = 0;

	if (cli_wants_help(argc, argv, REPORT_USAGE, REPORT_HELP))
		return 0;
	for (i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			return cli_usage(REPORT_USAGE);
		if (scope_option(opt, &q.scope)) {
			q.code = val;
			scopes++;
		} else if (STREQ(opt, "--from")) {
			q.from = val;
		} else if (STREQ(opt, "--to")) {
			q.to = val;
		} else if (STREQ(opt, "--format")) {
			if (!STREQ(val, "text") && !STREQ(val, "csv") && !STREQ(val, "xlsx"))
				return cli_usage(REPORT_USAGE);
			format = val;
		} else if (STREQ(opt, "--out")) {
			out = val;
		} else {
			return cli_usage(REPORT_USAGE);
		}
		i++;
	}
	if (scopes > 1) {
		fprintf(stderr, "%s\n", _("wangge: give one of --grid, --worker or --community"));
		return 2;
	}
	if (STREQ(format, "xlsx") && !out) {
		fprintf(stderr, "%s\n", _("wangge: an XLSX file needs --out FILE"));
		return 2;
	}
	if ((rc = auth_cli_actor(app, &actor)) != WG_OK)
		return cli_fail(rc);
	if ((rc = app_db(app, &db)) != WG_OK)
		goto out;
	rc = report_build(db, app->cfg, &actor, &q, &rep);
	if (rc == WG_OK)
		rc = write_report(app, &rep, format, out);
	report_free(&rep);
out:
	actor_free(&actor);
	return rc == WG_OK ? 0 : cli_fail(rc);
}
