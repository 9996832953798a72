/* due: the follow-up list of a grid, a worker's grids, a community or the street, most
 * late first, each line with its reason. */
#include "wangge/common.h"
#include "wangge/cli.h"
#include "wangge/access.h"
#include "wangge/audit.h"
#include "wangge/auth.h"
#include "wangge/config.h"
#include "wangge/due.h"
#include "wangge/incident.h"
#include "wangge/store.h"
#include "wangge/textwidth.h"

#define DUE_USAGE "due [--grid CODE | --worker ID | --community CODE | --street CODE] " \
	"[--on YYYY-MM-DD] [--within DAYS] [--format text|tsv]"
#define DUE_HELP N_("follow-ups due: overdue first, then those due within DAYS (default 7)")

/* Tabs and line breaks would break a TSV row. */
static void tsv_field(const char *s)
{
	for (; s && *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void print_tsv(const struct wg_due_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct wg_due_item *it = &list->items[i];

		tsv_field(it->household_id);
		putchar('\t');
		tsv_field(it->resident_name);
		putchar('\t');
		tsv_field(it->masked ? it->shown : it->category);
		printf("\t%s\t%s\t%d\n", it->last_met, it->due, it->days_overdue);
	}
}

static void print_text(const struct wg_due_list *list, int within)
{
	struct strbuf line;
	size_t late = 0, i;

	for (i = 0; i < list->n; i++)
		late += list->items[i].days_overdue > 0;
	if (within >= 0)
		printf(_("Follow-ups as of %s: %zu late, %zu due within %d days\n"), list->on,
			late, list->n - late, within);
	else
		printf(_("Follow-ups as of %s: %zu late, %zu not yet late\n"), list->on, late,
			list->n - late);
	if (!list->n) {
		printf("%s\n", _("Nothing due."));
		return;
	}
	sb_init(&line);
	for (i = 0; i < list->n; i++) {
		const struct wg_due_item *it = &list->items[i];
		char *reason = tw_sanitize(it->reason);

		sb_reset(&line);
		tw_fit(&line, it->household_id, 10, TW_PAD);
		sb_add(&line, " ");
		tw_fit(&line, it->address, 26, TW_PAD);
		sb_add(&line, " ");
		tw_fit(&line, it->resident_name, 10, TW_PAD);
		sb_add(&line, " ");
		sb_add(&line, reason);
		free(reason);
		puts(line.buf);
	}
	sb_free(&line);
}

/* Today's work also has the incidents of the same place that are not closed, those past
 * their deadline first. Printed only when there are any. */
static enum wg_status print_incidents(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_due_query *q)
{
	static const enum wg_incident_scope scope_of[] = {
		[DUE_STREET] = INC_SCOPE_STREET, [DUE_COMMUNITY] = INC_SCOPE_COMMUNITY,
		[DUE_GRID] = INC_SCOPE_GRID, [DUE_WORKER] = INC_SCOPE_WORKER,
	};
	struct wg_incident_filter f = { .scope = scope_of[q->scope], .code = q->code,
		.open_only = true };
	struct wg_incident *list;
	struct strbuf line;
	size_t n, i, late = 0;
	enum wg_status rc;

	if (q->scope == DUE_STREET && !q->code)
		f.scope = INC_SCOPE_ALL;
	if ((rc = incident_list(db, &f, &list, &n)) != WG_OK || !n)
		return rc;
	for (i = 0; i < n; i++)
		late += list[i].overdue;
	printf(_("Incidents not closed: %zu, %zu past their deadline\n"), n, late);
	sb_init(&line);
	for (i = 0; i < n; i++) {
		const struct wg_incident *inc = &list[i];
		const struct wg_incident_type *t = config_incident_type(cfg, inc->type);
		char *seq = xasprintf("#%lld", (long long)inc->seq);
		char *when = inc->overdue ? xasprintf(_("%d days late"), -inc->days_left) :
			inc->deadline[0] ? xasprintf(_("due %s"), inc->deadline) : xstrdup("-");

		sb_reset(&line);
		tw_fit(&line, seq, 6, TW_PAD);
		tw_fit(&line, t ? t->name : inc->type, 10, TW_PAD);
		sb_add(&line, " ");
		tw_fit(&line, incident_state_name(inc->state), 11, TW_PAD);
		sb_add(&line, " ");
		tw_fit(&line, inc->handler_name ? inc->handler_name : "-", 8, TW_PAD);
		sb_add(&line, " ");
		tw_fit(&line, when, 16, TW_PAD);
		sb_add(&line, " ");
		tw_fit(&line, inc->text, 40, TW_NO_PAD);
		puts(line.buf);
		free(seq);
		free(when);
	}
	sb_free(&line);
	incident_list_free(list, n);
	return WG_OK;
}

static bool parse_days(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 3660)
		return false;
	*out = (int)v;
	return true;
}

int cmd_due(struct wg_app *app, int argc, char **argv)
{
	struct wg_due_query q = { .scope = DUE_STREET, .within = 7 };
	struct wg_due_list list = { 0 };
	struct wg_actor actor;
	struct wg_db *db;
	const char *format = "text";
	enum wg_status rc;
	int i, scopes = 0;

	if (cli_wants_help(argc, argv, DUE_USAGE, DUE_HELP))
		return 0;
	for (i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			return cli_usage(DUE_USAGE);
		if (STREQ(opt, "--grid") || STREQ(opt, "--worker") || STREQ(opt, "--community") ||
				STREQ(opt, "--street")) {
			q.scope = STREQ(opt, "--grid") ? DUE_GRID : STREQ(opt, "--worker") ?
				DUE_WORKER : STREQ(opt, "--community") ? DUE_COMMUNITY : DUE_STREET;
			q.code = val;
			scopes++;
		} else if (STREQ(opt, "--on")) {
			q.on = val;
		} else if (STREQ(opt, "--within")) {
			if (!parse_days(val, &q.within)) {
				fprintf(stderr, _("wangge: --within wants a number of days (0 or more), "
					"not '%s'\n"), val);
				return 2;
			}
		} else if (STREQ(opt, "--format")) {
			if (!STREQ(val, "text") && !STREQ(val, "tsv"))
				return cli_usage(DUE_USAGE);
			format = val;
		} else {
			return cli_usage(DUE_USAGE);
		}
		i++;
	}
	if (scopes > 1) {
		fprintf(stderr, "%s\n", _("wangge: give one of --grid, --worker, --community "
			"or --street"));
		return 2;
	}
	if ((rc = auth_cli_actor(app, &actor)) != WG_OK)
		return cli_fail(rc);
	if ((rc = app_db(app, &db)) != WG_OK)
		goto out;
	/* A worker without a scope gets their own grids: today's work. */
	if (!scopes && actor.worker_id && actor.role == ROLE_WORKER) {
		q.scope = DUE_WORKER;
		q.code = actor.worker_id;
	}
	rc = due_list(db, app->cfg, &actor, &q, &list);
	if (rc != WG_OK)
		goto out;
	for (size_t k = 0; k < list.n; k++) {
		if (!list.items[k].masked && config_category(app->cfg,
				list.items[k].category)->restricted) {
			char *what = xasprintf("due %s", q.code ? q.code : "*");

			rc = audit_log(db, actor.worker_id, "view.restricted", what, NULL);
			free(what);
			break;
		}
	}
	if (rc != WG_OK) {
		due_list_free(&list);
		goto out;
	}
	if (STREQ(format, "tsv")) {
		print_tsv(&list);
	} else {
		print_text(&list, q.within);
		rc = print_incidents(db, app->cfg, &q);
	}
	due_list_free(&list);
out:
	actor_free(&actor);
	return rc == WG_OK ? 0 : cli_fail(rc);
}
