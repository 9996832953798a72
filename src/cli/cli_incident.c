/* incident: report, list, show (with the timeline) and every workflow step. The steps
 * themselves are decided by the table in src/core/incident.c. */
#include "wangge/common.h"
#include "wangge/cli.h"
#include "wangge/access.h"
#include "wangge/auth.h"
#include "wangge/config.h"
#include "wangge/incident.h"
#include "wangge/store.h"
#include "wangge/textwidth.h"

#define INCIDENT_USAGE "incident report --type TYPE (--household ID | --grid CODE) " \
	"[--place TEXT] [--urgent] TEXT | incident list [--grid CODE | --worker ID | " \
	"--community CODE | --street CODE | --mine] [--status S] [--type T] [--level L] " \
	"[--open] [--overdue] [--format text|tsv] | incident show N | incident ACTION N " \
	"[--handler W] [--rating R] [--reason TEXT] [--days N]"
#define INCIDENT_HELP N_("report incidents, list them, show one with its history, take a " \
	"step: accept start resolve close reopen escalate return extend supervise urgent")

struct opts {
	const char *type, *household, *grid, *place, *text, *by;
	const char *worker, *community, *street, *status, *level, *format;
	const char *handler, *rating, *reason;
	int days;
	bool urgent, mine, open, overdue;
	const char *args[4];   /* positional words */
	int n_args;
	struct strbuf words;   /* the text, when given as several words */
};

static int parse(int argc, char **argv, int from, struct opts *o)
{
	int i;

	for (i = from; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char **slot = NULL;

		if (STREQ(a, "--urgent")) { o->urgent = true; continue; }
		if (STREQ(a, "--mine")) { o->mine = true; continue; }
		if (STREQ(a, "--open")) { o->open = true; continue; }
		if (STREQ(a, "--overdue")) { o->overdue = true; continue; }
		if (STREQ(a, "--")) {
			for (i++; i < argc; i++) {
				if (o->words.len)
					sb_addc(&o->words, ' ');
				sb_add(&o->words, argv[i]);
			}
			break;
		}
		if (STREQ(a, "--type")) slot = &o->type;
		else if (STREQ(a, "--household")) slot = &o->household;
		else if (STREQ(a, "--grid")) slot = &o->grid;
		else if (STREQ(a, "--place")) slot = &o->place;
		else if (STREQ(a, "--text")) slot = &o->text;
		else if (STREQ(a, "--by")) slot = &o->by;
		else if (STREQ(a, "--worker")) slot = &o->worker;
		else if (STREQ(a, "--community")) slot = &o->community;
		else if (STREQ(a, "--street")) slot = &o->street;
		else if (STREQ(a, "--status")) slot = &o->status;
		else if (STREQ(a, "--level")) slot = &o->level;
		else if (STREQ(a, "--format")) slot = &o->format;
		else if (STREQ(a, "--handler") || STREQ(a, "--to")) slot = &o->handler;
		else if (STREQ(a, "--rating")) slot = &o->rating;
		else if (STREQ(a, "--reason") || STREQ(a, "--note")) slot = &o->reason;
		else if (STREQ(a, "--days")) {
			char *end;
			long d;

			if (!v)
				return -1;
			d = strtol(v, &end, 10);
			if (end == v || *end || d < 1 || d > 3650) {
				fprintf(stderr, _("wangge: --days wants a number of days (1 or more), "
					"not '%s'\n"), v);
				return -1;
			}
			o->days = (int)d;
			i++;
			continue;
		} else if (a[0] == '-' && a[1] == '-') {
			fprintf(stderr, _("wangge: unknown option %s\n"), a);
			return -1;
		} else {
			if (o->n_args < (int)ARRAY_SIZE(o->args))
				o->args[o->n_args++] = a;
			if (o->words.len)
				sb_addc(&o->words, ' ');
			sb_add(&o->words, a);
			continue;
		}
		if (!v)
			return -1;
		*slot = v;
		i++;
	}
	return 0;
}

/* --by WORKER is the same person as --as WORKER (with the same password check). */
static enum wg_status actor_for(struct wg_app *app, const struct opts *o,
	struct wg_actor *actor)
{
	actor_nobody(actor);
	if (o->by) {
		if (app->as_worker && !STREQ(app->as_worker, o->by))
			return wg_error_set(WG_USAGE, _("--by %s and --as %s name different "
				"workers"), o->by, app->as_worker);
		app->as_worker = o->by;
	}
	return auth_cli_actor(app, actor);
}

static bool parse_seq(const char *s, int64_t *seq)
{
	char *end;
	long long v;

	if (!s)
		return false;
	if (*s == '#')
		s++;
	v = strtoll(s, &end, 10);
	if (end == s || *end || v < 1)
		return false;
	*seq = v;
	return true;
}

static const char *type_name(const struct wg_config *cfg, const char *code)
{
	const struct wg_incident_type *t = config_incident_type(cfg, code);

	return t ? t->name : code;
}

static const char *level_name(const struct wg_config *cfg, const char *code)
{
	const struct wg_named *l = code ? config_named(cfg->levels, cfg->n_levels, code) : NULL;

	return l ? l->name : code ? code : "";
}

static const char *rating_name(const struct wg_config *cfg, const char *code)
{
	const struct wg_named *r = code ? config_named(cfg->ratings, cfg->n_ratings, code) : NULL;

	return r ? r->name : code ? code : "";
}

static const char *status_name(const char *code)
{
	return code ? incident_state_name(incident_state_from_code(code)) : "-";
}

/* "截止 03-21" or "逾期2天" */
static char *deadline_text(const struct wg_incident *inc)
{
	if (!inc->deadline[0])
		return xstrdup("-");
	if (inc->overdue)
		return xasprintf(_("%d days late"), -inc->days_left);
	return xasprintf(_("due %s"), inc->deadline);
}

static void tsv_field(const char *s)
{
	for (; s && *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int do_report(struct wg_app *app, struct opts *o)
{
	struct wg_incident_new in = { .type = o->type, .household_id = o->household,
		.grid_code = o->grid, .place = o->place, .urgent = o->urgent };
	struct wg_actor actor;
	struct wg_db *db;
	int64_t seq = 0;
	enum wg_status rc;

	in.text = o->text ? o->text : o->words.buf;
	if (!o->type || (!o->household && !o->grid) || !in.text || !*in.text)
		return cli_usage("incident report --type TYPE (--household ID | --grid CODE) "
			"[--place TEXT] [--urgent] TEXT");
	if ((rc = actor_for(app, o, &actor)) != WG_OK)
		return cli_fail(rc);
	rc = app_db(app, &db);
	if (rc == WG_OK)
		rc = incident_report(db, app->cfg, &actor, &in, &seq);
	actor_free(&actor);
	if (rc != WG_OK)
		return cli_fail(rc);
	printf("%" PRId64 "\n", seq);
	return 0;
}

static int do_list(struct wg_app *app, struct opts *o)
{
	struct wg_incident_filter f = { .scope = INC_SCOPE_ALL, .open_only = o->open,
		.overdue_only = o->overdue, .level = o->level };
	struct wg_incident *list = NULL;
	struct wg_actor actor;
	struct wg_db *db;
	struct strbuf line;
	size_t n = 0, i;
	int scopes = !!o->grid + !!o->worker + !!o->community + !!o->street + o->mine;
	enum wg_status rc;
	bool tsv = o->format && STREQ(o->format, "tsv");

	if (scopes > 1 || o->n_args || (o->format && !tsv && !STREQ(o->format, "text")))
		return cli_usage("incident list [--grid CODE | --worker ID | --community CODE | "
			"--street CODE | --mine] [--status S] [--type T] [--level L] [--open] "
			"[--overdue] [--format text|tsv]");
	if (o->status && (f.state = incident_state_from_code(o->status)) == INC_NONE) {
		fprintf(stderr, _("wangge: unknown status '%s': reported, accepted, "
			"in_progress, resolved or closed\n"), o->status);
		return 2;
	}
	if (o->type) {
		const struct wg_incident_type *t = config_incident_type(app->cfg, o->type);

		if (!t) {
			fprintf(stderr, _("wangge: unknown incident type '%s'\n"), o->type);
			return 2;
		}
		f.type = t->code;
	}
	if (o->level) {
		const struct wg_named *l = config_named(app->cfg->levels, app->cfg->n_levels,
			o->level);

		if (!l) {
			fprintf(stderr, _("wangge: unknown level '%s'\n"), o->level);
			return 2;
		}
		f.level = l->code;
	}
	if ((rc = actor_for(app, o, &actor)) != WG_OK)
		return cli_fail(rc);
	if (o->grid) { f.scope = INC_SCOPE_GRID; f.code = o->grid; }
	else if (o->worker) { f.scope = INC_SCOPE_WORKER; f.code = o->worker; }
	else if (o->community) { f.scope = INC_SCOPE_COMMUNITY; f.code = o->community; }
	else if (o->street) { f.scope = INC_SCOPE_STREET; f.code = o->street; }
	else if (o->mine) {
		if (!actor.worker_id) {
			actor_free(&actor);
			fprintf(stderr, "%s\n", _("wangge: --mine needs --as WORKER"));
			return 2;
		}
		f.scope = INC_SCOPE_HANDLER;
		f.code = actor.worker_id;
	} else if (actor.worker_id && actor.role == ROLE_WORKER) {
		f.scope = INC_SCOPE_WORKER;
		f.code = actor.worker_id;
	}
	rc = app_db(app, &db);
	if (rc == WG_OK)
		rc = incident_list(db, &f, &list, &n);
	if (rc != WG_OK) {
		actor_free(&actor);
		return cli_fail(rc);
	}
	sb_init(&line);
	for (i = 0; i < n; i++) {
		const struct wg_incident *inc = &list[i];

		if (tsv) {
			printf("%" PRId64 "\t%s\t%s\t%s\t", inc->seq, inc->type,
				incident_state_code(inc->state), inc->level);
			tsv_field(inc->grid_code);
			putchar('\t');
			tsv_field(inc->household_id);
			putchar('\t');
			tsv_field(inc->handler_id);
			printf("\t%s\t", inc->deadline);
			if (inc->deadline[0])
				printf("%d", inc->days_left);
			printf("\t%d\t%d\t", inc->urgent, inc->supervised);
			tsv_field(inc->text);
			putchar('\n');
		} else {
			char *seq = xasprintf("#%" PRId64, inc->seq);
			char *dl = deadline_text(inc);

			sb_reset(&line);
			tw_fit(&line, seq, 6, TW_PAD);
			tw_fit(&line, type_name(app->cfg, inc->type), 10, TW_PAD);
			sb_add(&line, " ");
			tw_fit(&line, incident_state_name(inc->state), 11, TW_PAD);
			sb_add(&line, " ");
			tw_fit(&line, level_name(app->cfg, inc->level), 10, TW_PAD);
			sb_add(&line, " ");
			tw_fit(&line, inc->handler_name ? inc->handler_name : "-", 8, TW_PAD);
			sb_add(&line, " ");
			tw_fit(&line, dl, 16, TW_PAD);
			sb_add(&line, " ");
			if (inc->urgent) {
				sb_add(&line, _("urgent"));
				sb_add(&line, " ");
			}
			if (inc->supervised) {
				sb_add(&line, _("supervised"));
				sb_add(&line, " ");
			}
			tw_fit(&line, inc->text, 40, TW_NO_PAD);
			puts(line.buf);
			free(seq);
			free(dl);
		}
	}
	if (!tsv && !n)
		printf("%s\n", _("No incidents."));
	sb_free(&line);
	incident_list_free(list, n);
	actor_free(&actor);
	return 0;
}

static int do_show(struct wg_app *app, struct opts *o)
{
	struct wg_incident inc;
	struct wg_incident_event *ev = NULL;
	enum wg_incident_action acts[INC_ACT_COUNT];
	struct wg_actor actor;
	struct wg_db *db;
	size_t n = 0, i, k;
	int64_t seq;
	enum wg_status rc;
	char *text;

	if (o->n_args != 1 || !parse_seq(o->args[0], &seq))
		return cli_usage("incident show N");
	if ((rc = actor_for(app, o, &actor)) != WG_OK)
		return cli_fail(rc);
	rc = app_db(app, &db);
	if (rc == WG_OK)
		rc = incident_get(db, seq, &inc);
	if (rc != WG_OK) {
		actor_free(&actor);
		return cli_fail(rc);
	}
	printf("#%" PRId64 "  %s", inc.seq, type_name(app->cfg, inc.type));
	if (inc.urgent)
		printf("  %s", _("urgent"));
	if (inc.supervised)
		printf("  %s", _("supervised"));
	putchar('\n');
	printf(_("Status:   %s, level %s\n"), incident_state_name(inc.state),
		level_name(app->cfg, inc.level));
	printf(_("Where:    grid %s"), inc.grid_code ? inc.grid_code : "-");
	if (inc.household_id)
		printf(_(", household %s"), inc.household_id);
	if (inc.place)
		printf(", %s", inc.place);
	putchar('\n');
	if (inc.handler_id)
		printf(_("Handler:  %s (%s)\n"), inc.handler_name ? inc.handler_name : "",
			inc.handler_id);
	if (inc.deadline[0]) {
		char *left = inc.overdue ? xasprintf(_("%d days late"), -inc.days_left) :
			inc.state == INC_RESOLVED || inc.state == INC_CLOSED ? NULL :
			xasprintf(_("%d days left"), inc.days_left);

		if (left)
			printf(_("Deadline: %s (%s)\n"), inc.deadline, left);
		else
			printf(_("Deadline: %s\n"), inc.deadline);
		free(left);
	}
	if (inc.rating)
		printf(_("Rating:   %s\n"), rating_name(app->cfg, inc.rating));
	text = tw_sanitize(inc.text);
	printf(_("Text:     %s\n"), text);
	free(text);
	printf("%s\n", _("History:"));
	rc = incident_events(db, seq, &ev, &n);
	for (i = 0; rc == WG_OK && i < n; i++) {
		enum wg_incident_action a;
		struct strbuf line;

		sb_init(&line);
		sb_add(&line, "  ");
		sb_add(&line, ev[i].at);
		sb_add(&line, "  ");
		tw_fit(&line, incident_action_parse(ev[i].action, &a) ?
			incident_action_name(a) : ev[i].action, 8, TW_PAD);
		sb_add(&line, " ");
		tw_fit(&line, ev[i].by_name ? ev[i].by_name : ev[i].by_worker ?
			ev[i].by_worker : "-", 8, TW_PAD);
		sb_add(&line, " ");
		if (ev[i].from_status) {
			sb_add(&line, status_name(ev[i].from_status));
			sb_add(&line, " -> ");
		}
		sb_add(&line, status_name(ev[i].to_status));
		if (ev[i].handler_id && (STREQ(ev[i].action, "accept") ||
				STREQ(ev[i].action, "escalate")))
			sb_addf(&line, _(", handler %s"), ev[i].handler_id);
		if (ev[i].level && STREQ(ev[i].action, "escalate"))
			sb_addf(&line, _(", level %s"), level_name(app->cfg, ev[i].level));
		if (ev[i].deadline && (STREQ(ev[i].action, "accept") ||
				STREQ(ev[i].action, "escalate") || STREQ(ev[i].action, "extend") ||
				STREQ(ev[i].action, "urgent")))
			sb_addf(&line, _(", deadline %s"), ev[i].deadline);
		if (ev[i].rating)
			sb_addf(&line, _(", rated %s"), rating_name(app->cfg, ev[i].rating));
		if (ev[i].note) {
			char *note = tw_sanitize(ev[i].note);

			sb_addf(&line, ": %s", note);
			free(note);
		}
		puts(line.buf);
		sb_free(&line);
	}
	incident_events_free(ev, n);
	k = incident_allowed_actions(db, &actor, &inc, acts);
	if (k) {
		struct strbuf steps;

		sb_init(&steps);
		for (i = 0; i < k; i++)
			sb_addf(&steps, "%s%s %s", i ? ", " : "", incident_action_name(acts[i]),
				incident_action_code(acts[i]));
		printf(_("Next steps for you: %s\n"), steps.buf);
		sb_free(&steps);
	}
	incident_free(&inc);
	actor_free(&actor);
	return rc == WG_OK ? 0 : cli_fail(rc);
}

static int do_step(struct wg_app *app, struct opts *o, enum wg_incident_action action,
	const char *seq_arg)
{
	struct wg_incident_step step = { .action = action, .handler_id = o->handler,
		.rating = o->rating, .note = o->reason, .days = o->days };
	struct wg_incident inc;
	struct wg_actor actor;
	struct wg_db *db;
	int64_t seq;
	enum wg_status rc;

	if (!parse_seq(seq_arg, &seq))
		return cli_usage("incident ACTION N [--handler W] [--rating R] [--reason TEXT] "
			"[--days N]");
	if ((rc = actor_for(app, o, &actor)) != WG_OK)
		return cli_fail(rc);
	rc = app_db(app, &db);
	if (rc == WG_OK)
		rc = incident_step(db, app->cfg, &actor, seq, &step);
	actor_free(&actor);
	if (rc != WG_OK)
		return cli_fail(rc);
	if (incident_get(db, seq, &inc) == WG_OK) {
		printf(_("#%lld: %s, now %s"), (long long)seq, incident_action_name(action),
			incident_state_name(inc.state));
		if (inc.handler_id)
			printf(_(", handler %s"), inc.handler_id);
		if (inc.deadline[0] && inc.state != INC_RESOLVED && inc.state != INC_CLOSED)
			printf(_(", deadline %s"), inc.deadline);
		putchar('\n');
		incident_free(&inc);
	}
	return 0;
}

int cmd_incident(struct wg_app *app, int argc, char **argv)
{
	struct opts o = { 0 };
	enum wg_incident_action action;
	const char *sub = argc > 1 ? argv[1] : NULL;
	int status;

	if (cli_wants_help(argc, argv, INCIDENT_USAGE, INCIDENT_HELP))
		return 0;
	if (!sub)
		return cli_usage(INCIDENT_USAGE);
	sb_init(&o.words);
	if (parse(argc, argv, 2, &o) != 0) {
		status = cli_usage(INCIDENT_USAGE);
	} else if (STREQ(sub, "report") || STREQ(sub, "new") || STREQ(sub, "上报")) {
		status = do_report(app, &o);
	} else if (STREQ(sub, "list")) {
		status = do_list(app, &o);
	} else if (STREQ(sub, "show")) {
		status = do_show(app, &o);
	} else if (STREQ(sub, "step")) {
		/* incident step N ACTION */
		if (o.n_args != 2 || !incident_action_parse(o.args[1], &action) ||
				action == INC_ACT_REPORT)
			status = cli_usage("incident step N ACTION [--handler W] [--rating R] "
				"[--reason TEXT] [--days N]");
		else
			status = do_step(app, &o, action, o.args[0]);
	} else if (incident_action_parse(sub, &action) && action != INC_ACT_REPORT) {
		if (o.n_args != 1)
			status = cli_usage("incident ACTION N [--handler W] [--rating R] "
				"[--reason TEXT] [--days N]");
		else
			status = do_step(app, &o, action, o.args[0]);
	} else {
		fprintf(stderr, _("wangge: unknown incident command '%s'\n"), sub);
		status = cli_usage(INCIDENT_USAGE);
	}
	sb_free(&o.words);
	return status;
}
