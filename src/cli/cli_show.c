/* show: one household, its residents (ID numbers and phones masked), their categories
 * (restricted ones as the neutral mark unless --as names someone who may see them) and
 * its latest visits. */
#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/audit.h"
#include "wangge/auth.h"
#include "wangge/cli.h"
#include "wangge/config.h"
#include "wangge/household.h"
#include "wangge/mask.h"
#include "wangge/visit.h"

#define SHOW_USAGE "show HOUSEHOLD_ID"
#define SHOW_HELP N_("one household: residents, tags, visits")
#define SHOW_VISITS 10

static const char *tenure_label(const char *tenure)
{
	if (STREQ(tenure, "rented"))
		return _("rented");
	if (STREQ(tenure, "vacant"))
		return _("vacant");
	return _("owner-occupied");
}

static const char *named_label(const struct wg_named *list, size_t n, const char *code)
{
	const struct wg_named *x = config_named(list, n, code);

	return x ? x->name : code;
}

static void print_household(const struct wg_household *hh)
{
	struct cli_table t;
	char *place = xasprintf("%s (%s)", hh->address, hh->door);
	char *grid = xasprintf("%s / %s / %s (%s)", hh->street_name, hh->community_name,
		hh->grid_name, hh->grid_code);
	char *phone = mask_phone(hh->phone);

	cli_table_init(&t, "ll");
	cli_table_row(&t, _("Household"), hh->id);
	cli_table_row(&t, _("Address"), place);
	cli_table_row(&t, _("Grid"), grid);
	cli_table_row(&t, _("Tenure"), tenure_label(hh->tenure));
	if (phone)
		cli_table_row(&t, _("Phone"), phone);
	if (hh->note)
		cli_table_row(&t, _("Note"), hh->note);
	if (hh->departed_at)
		cli_table_row(&t, _("Departed"), hh->departed_at);
	cli_table_print(&t, stdout, "");
	cli_table_free(&t);
	free(place);
	free(grid);
	free(phone);
}

static void print_residents(const struct wg_household *hh, const struct wg_config *cfg,
	bool sees)
{
	struct cli_table t;
	struct strbuf tags;
	size_t i, j;

	printf("\n");
	if (hh->n_residents == 0) {
		printf("%s\n", _("Residents: none (empty flat)"));
		return;
	}
	printf(_("Residents (%zu)\n"), hh->n_residents);
	cli_table_init(&t, "rllllllll");
	cli_table_row(&t, "#", _("Name"), _("Sex"), _("Born"), _("Relation"), _("ID number"),
		_("Phone"), _("Registered"), _("Categories"));
	sb_init(&tags);
	for (i = 0; i < hh->n_residents; i++) {
		const struct wg_resident *r = &hh->residents[i];
		char *num = xasprintf("%zu", i + 1);
		char *id = mask_id_number(r->id_number);
		char *phone = mask_phone(r->phone);
		const char *seen[64];
		size_t n_seen = 0, k;

		sb_reset(&tags);
		if (r->moved_out_at)
			sb_addf(&tags, _("moved out %s"), r->moved_out_at);
		for (j = 0; j < r->n_tags; j++) {
			const char *label = household_category_label(cfg, r->tags[j], sees);

			/* several restricted categories show one neutral mark */
			for (k = 0; k < n_seen; k++)
				if (STREQ(seen[k], label))
					break;
			if (k < n_seen)
				continue;
			if (n_seen < ARRAY_SIZE(seen))
				seen[n_seen++] = label;
			sb_addf(&tags, "%s%s", tags.len ? ", " : "", label);
		}
		cli_table_row(&t, num, r->name, r->sex, r->birth, r->relation, id, phone,
			r->registered ? _("yes") : _("no"), tags.buf);
		free(num);
		free(id);
		free(phone);
	}
	cli_table_print(&t, stdout, "  ");
	cli_table_free(&t);
	sb_free(&tags);
}

static void print_visits(const struct wg_household *hh, const struct wg_config *cfg)
{
	struct cli_table t;
	struct strbuf met, items;
	size_t i, j, shown = MIN(hh->n_visits, (size_t)SHOW_VISITS);

	printf("\n");
	if (hh->n_visits == 0) {
		printf("%s\n", _("Visits: none yet"));
		return;
	}
	if (hh->n_visits > SHOW_VISITS)
		printf(_("Visits (latest %d; all: wangge visit list --household %s)\n"),
			SHOW_VISITS, hh->id);
	else
		printf(_("Visits (%zu)\n"), hh->n_visits);
	cli_table_init(&t, "lllllll");
	cli_table_row(&t, _("Date"), _("Kind"), _("Outcome"), _("Worker"), _("Met"),
		_("Items"), _("Note"));
	sb_init(&met);
	sb_init(&items);
	for (i = 0; i < shown; i++) {
		const struct wg_visit *v = &hh->visits[i];

		sb_reset(&met);
		sb_reset(&items);
		for (j = 0; j < v->n_met; j++)
			sb_addf(&met, "%s%s", j ? ", " : "", v->met_names[j]);
		for (j = 0; j < v->n_items; j++)
			sb_addf(&items, "%s%s", j ? ", " : "", v->items[j]);
		cli_table_row(&t, v->date,
			named_label(cfg->visit_kinds, cfg->n_visit_kinds, v->kind),
			named_label(cfg->outcomes, cfg->n_outcomes, v->outcome),
			v->worker_name ? v->worker_name : v->worker_id, met.buf, items.buf, v->note);
	}
	cli_table_print(&t, stdout, "  ");
	cli_table_free(&t);
	sb_free(&met);
	sb_free(&items);
}

int cmd_show(struct wg_app *app, int argc, char **argv)
{
	struct wg_household hh;
	struct wg_actor actor;
	struct wg_db *db;
	enum wg_status rc;
	bool sees = false;

	if (cli_wants_help(argc, argv, SHOW_USAGE, SHOW_HELP))
		return 0;
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(SHOW_USAGE);
	if ((rc = auth_cli_actor(app, &actor)) != WG_OK)
		return cli_fail(rc);
	if ((rc = app_db(app, &db)) != WG_OK)
		goto out;
	rc = household_load(db, app->cfg, argv[1], SHOW_VISITS + 1, &hh);
	if (rc != WG_OK)
		goto out;
	sees = access_sees_restricted(db, &actor, hh.grid_code);
	/* Showing a restricted category to someone is itself on the record. */
	if (sees && household_has_restricted(&hh, app->cfg))
		rc = audit_log(db, actor.worker_id, "view.restricted", hh.id, "show");
	if (rc == WG_OK) {
		print_household(&hh);
		print_residents(&hh, app->cfg, sees);
		print_visits(&hh, app->cfg);
	}
	household_free(&hh);
out:
	actor_free(&actor);
	return rc == WG_OK ? 0 : cli_fail(rc);
}
