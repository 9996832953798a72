/* Incidents on the screen: the list of the operator's open incidents (past their deadline
 * first; keys filter it by status, type, level, grid, late only and mine only, sort it by
 * deadline or newest, and report a new one at a place), one incident with its whole history as a timeline and one key per step the
 * operator may take now (incident_allowed_actions decides; incident_step does it), and
 * reporting a new one from a household card (type, urgent or not, what happened). */
#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/household.h"
#include "wangge/incident.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"

#include <curses.h>

/* The screen's step keys and the workflow's actions. */
static const struct {
	enum tui_action act;
	enum wg_incident_action step;
} step_keys[] = {
	{ ACT_INC_ACCEPT, INC_ACT_ACCEPT },
	{ ACT_INC_START, INC_ACT_START },
	{ ACT_INC_RESOLVE, INC_ACT_RESOLVE },
	{ ACT_INC_CLOSE, INC_ACT_CLOSE },
	{ ACT_INC_REOPEN, INC_ACT_REOPEN },
	{ ACT_INC_ESCALATE, INC_ACT_ESCALATE },
	{ ACT_INC_RETURN, INC_ACT_RETURN },
	{ ACT_INC_EXTEND, INC_ACT_EXTEND },
	{ ACT_INC_SUPERVISE, INC_ACT_SUPERVISE },
	{ ACT_INC_URGENT, INC_ACT_URGENT },
};

static const char *type_name(const struct wg_config *cfg, const char *code)
{
	const struct wg_incident_type *type = config_incident_type(cfg, code);

	return type ? type->name : code ? code : "";
}

static const char *level_name(const struct wg_config *cfg, const char *code)
{
	const struct wg_named *l = config_named(cfg->levels, cfg->n_levels, code);

	return l ? l->name : code ? code : "";
}

/* "3 days late", "due today", "2 days left", or "" without a deadline. */
static char *deadline_text(const struct wg_incident *inc)
{
	if (!inc->deadline[0])
		return xstrdup("");
	if (inc->state == INC_RESOLVED || inc->state == INC_CLOSED)
		return xstrdup(inc->deadline);
	if (inc->days_left < 0)
		return xasprintf(_("%s (%d days late)"), inc->deadline, -inc->days_left);
	if (inc->days_left == 0)
		return xasprintf(_("%s (due today)"), inc->deadline);
	return xasprintf(_("%s (%d days left)"), inc->deadline, inc->days_left);
}

/* One line of a list: "#3 矛盾纠纷 处置中 单晓燕 2026-03-28 (2 days late) 楼上漏水". */
char *tui_incident_line(const struct wg_config *cfg, const struct wg_incident *inc)
{
	char *dl = deadline_text(inc);
	char *line = xasprintf("#%" PRId64 " %s%s %s %s %s %s", inc->seq, type_name(cfg, inc->type),
		inc->urgent ? _(" (urgent)") : "", incident_state_name(inc->state),
		inc->handler_name ? inc->handler_name : "", dl, inc->text ? inc->text : "");

	free(dl);
	return line;
}

/* ---- the operator's incidents ---- */

static int cmp_incident(const void *a, const void *b)
{
	const struct wg_incident *x = a, *y = b;
	int c;

	if (x->overdue != y->overdue)
		return x->overdue ? -1 : 1;
	if (!x->deadline[0] != !y->deadline[0])
		return x->deadline[0] ? -1 : 1;
	if ((c = strcmp(x->deadline, y->deadline)) != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Add the incidents of f to *list not there yet. */
static void merge(struct tui *t, const struct wg_incident_filter *f, struct wg_incident **list,
	size_t *n)
{
	struct wg_incident *more = NULL;
	size_t m = 0, i, j;

	if (incident_list(t->db, f, &more, &m) != WG_OK)
		return;
	*list = xrealloc(*list, (*n + m + 1) * sizeof(**list));
	for (i = 0; i < m; i++) {
		for (j = 0; j < *n && (*list)[j].seq != more[i].seq; j++)
			;
		if (j < *n)
			incident_free(&more[i]);
		else
			(*list)[(*n)++] = more[i];
	}
	free(more);
}

size_t tui_incidents_mine(struct tui *t, struct wg_incident **out)
{
	struct wg_incident_filter f = { .scope = INC_SCOPE_WORKER, .code = t->actor.worker_id,
		.open_only = true };
	struct wg_incident *list = NULL;
	size_t n = 0;

	*out = NULL;
	if (!t->actor.worker_id)
		return 0;
	merge(t, &f, &list, &n);
	/* leaders and admins: every incident past its deadline where they act */
	if (t->actor.role == ROLE_LEADER || t->actor.role == ROLE_ADMIN) {
		char **grids = NULL;
		size_t n_grids = 0;
		bool all = false;

		if (access_scope_grids(t->db, &t->actor, &all, &grids, &n_grids) == WG_OK) {
			struct wg_incident_filter late = { .scope = all ? INC_SCOPE_ALL : INC_SCOPE_GRID,
				.open_only = true, .overdue_only = true };

			if (all) {
				merge(t, &late, &list, &n);
			} else {
				for (size_t i = 0; i < n_grids; i++) {
					late.code = grids[i];
					merge(t, &late, &list, &n);
				}
			}
			access_grids_free(grids, n_grids);
		}
	}
	if (n)
		qsort(list, n, sizeof(*list), cmp_incident);
	*out = list;
	return n;
}

/* ---- the list ---- */

enum { SORT_DEADLINE, SORT_NEWEST, SORT_COUNT };

struct inc_list {
	struct wg_incident *items;
	size_t n;
	int cursor, first;
	/* filters: 0 is "all" for status, type and level (else the state, or the config's
	 * type or level index + 1); grid "" is all */
	int status, type, level;
	bool overdue, mine;
	char grid[64];
	int sort;
};

static int cmp_newest(const void *a, const void *b)
{
	const struct wg_incident *x = a, *y = b;

	return x->seq > y->seq ? -1 : x->seq < y->seq;
}

static void list_load(struct tui *t, struct inc_list *l)
{
	struct wg_incident_filter f = { .state = (enum wg_incident_state)l->status,
		.open_only = l->status == INC_NONE, .overdue_only = l->overdue,
		.type = l->type ? t->cfg->incident_types[l->type - 1].code : NULL,
		.level = l->level ? t->cfg->levels[l->level - 1].code : NULL };
	struct wg_incident *list = NULL;
	size_t n = 0, i, kept = 0;

	incident_list_free(l->items, l->n);
	l->items = NULL;
	l->n = 0;
	if (!t->actor.worker_id)
		return;
	if (l->grid[0]) {
		f.scope = INC_SCOPE_GRID;
		f.code = l->grid;
		merge(t, &f, &list, &n);
	} else {
		f.scope = INC_SCOPE_WORKER;
		f.code = t->actor.worker_id;
		merge(t, &f, &list, &n);
		/* leaders and admins: every one past its deadline where they act */
		if (t->actor.role == ROLE_LEADER || t->actor.role == ROLE_ADMIN) {
			char **grids = NULL;
			size_t n_grids = 0;
			bool all = false;

			if (access_scope_grids(t->db, &t->actor, &all, &grids, &n_grids) == WG_OK) {
				f.overdue_only = true;
				f.open_only = true;
				f.scope = all ? INC_SCOPE_ALL : INC_SCOPE_GRID;
				f.code = NULL;
				if (all)
					merge(t, &f, &list, &n);
				for (i = 0; !all && i < n_grids; i++) {
					f.code = grids[i];
					merge(t, &f, &list, &n);
				}
				access_grids_free(grids, n_grids);
			}
		}
	}
	for (i = 0; i < n; i++) {
		const struct wg_incident *inc = &list[i];
		bool keep = !l->mine ||
			(inc->handler_id && STREQ(inc->handler_id, t->actor.worker_id)) ||
			(inc->reported_by && STREQ(inc->reported_by, t->actor.worker_id));

		if (keep)
			list[kept++] = list[i];
		else
			incident_free(&list[i]);
	}
	if (kept)
		qsort(list, kept, sizeof(*list), l->sort == SORT_NEWEST ? cmp_newest : cmp_incident);
	l->items = list;
	l->n = kept;
}

static void list_open(struct tui *t, struct tui_screen *s)
{
	s->data = xcalloc(1, sizeof(struct inc_list));
	list_load(t, s->data);
}

static void list_resume(struct tui *t, struct tui_screen *s)
{
	tui_set_focus_grid(t, NULL);
	list_load(t, s->data);
}

static void list_close(struct tui *t, struct tui_screen *s)
{
	struct inc_list *l = s->data;

	(void)t;
	incident_list_free(l->items, l->n);
	free(l);
}

static bool list_filtered(const struct inc_list *l)
{
	return l->status || l->type || l->level || l->overdue || l->mine || l->grid[0];
}

static void list_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct inc_list *l = s->data;
	size_t late = 0;
	char *title, buf[16];
	struct strbuf sb;
	int i, list_rows = rows - 2;
	const char *k;

	for (size_t j = 0; j < l->n; j++)
		late += l->items[j].overdue;
	if (l->grid[0])
		title = xasprintf(_("Incidents of grid %s: %zu, %zu of them late"), l->grid, l->n, late);
	else if (l->status == INC_NONE)
		title = xasprintf(_("Incidents: %zu open of your grids, in your hands or past their deadline, %zu of them late"),
			l->n, late);
	else
		title = xasprintf(_("Incidents of your grids, in your hands or past their deadline: %zu, %zu of them late"),
			l->n, late);
	tui_text(top, 0, cols, title, A_BOLD, 0);
	free(title);

	/* the filters and the keys that change them */
	sb_init(&sb);
#define KEY_OF(act) ((k = tui_action_key_here(act, false, buf)) ? k : "")
	sb_addf(&sb, "%s %s%s", KEY_OF(ACT_INC_STATUS), _("Status:"),
		l->status ? incident_state_name((enum wg_incident_state)l->status) : _("all open"));
	sb_addf(&sb, "  %s %s%s", KEY_OF(ACT_INC_TYPE), _("Type:"),
		l->type ? t->cfg->incident_types[l->type - 1].name : _("all types"));
	sb_addf(&sb, "  %s %s%s", KEY_OF(ACT_INC_LEVEL), _("Level:"),
		l->level ? t->cfg->levels[l->level - 1].name : _("all levels"));
	sb_addf(&sb, "  %s %s%s", KEY_OF(ACT_INC_GRID), _("Grid:"),
		l->grid[0] ? l->grid : _("all grids"));
	tui_text(top + 1, 0, cols, sb.buf, 0, 0);
	sb_reset(&sb);
	sb_addf(&sb, "%s %s", KEY_OF(ACT_INC_OVERDUE), l->overdue ? _("[x] late only") : _("[ ] late only"));
	sb_addf(&sb, "  %s %s", KEY_OF(ACT_INC_MINE), l->mine ? _("[x] mine only") : _("[ ] mine only"));
	sb_addf(&sb, "  %s %s", KEY_OF(ACT_INC_SORT),
		l->sort == SORT_NEWEST ? _("by: newest") : _("by: deadline"));
	sb_addf(&sb, "  %s %s", KEY_OF(ACT_INC_NEW), _("report at a place"));
#undef KEY_OF
	tui_text(top + 2, 0, cols, sb.buf, 0, 0);
	sb_free(&sb);
	list_rows = rows - 4;
	if (!l->n) {
		tui_text(top + 4, 1, cols - 1, list_filtered(l) ?
			_("No incidents match these filters.") :
			_("No open incidents. Report one from a household card (e)."), 0, 0);
		return;
	}
	tui_scroll(&l->cursor, &l->first, (int)l->n, list_rows);
	for (i = 0; i < list_rows && l->first + i < (int)l->n; i++) {
		const struct wg_incident *inc = &l->items[l->first + i];
		char *line = tui_incident_line(t->cfg, inc);

		tui_text(top + 4 + i, 0, cols, line,
			(l->first + i == l->cursor ? A_REVERSE : 0) | (inc->overdue ? A_BOLD : 0), 0);
		free(line);
	}
}

/* The next grid of the operator's scope after the one shown (all after the last); false
 * when the scope is everything (admins) or has no grids: then the code is typed. */
static bool next_grid(struct tui *t, struct inc_list *l)
{
	char **grids = NULL;
	size_t n = 0, i;
	bool all = false;

	if (access_scope_grids(t->db, &t->actor, &all, &grids, &n) != WG_OK)
		return false;
	if (all || !n) {
		access_grids_free(grids, n);
		return false;
	}
	for (i = 0; l->grid[0] && i < n && !STREQ(grids[i], l->grid); i++)
		;
	if (!l->grid[0])
		snprintf(l->grid, sizeof l->grid, "%s", grids[0]);
	else if (i + 1 < n)
		snprintf(l->grid, sizeof l->grid, "%s", grids[i + 1]);
	else
		l->grid[0] = '\0';
	access_grids_free(grids, n);
	return true;
}

static void grid_done(struct tui *t, void *ctx, const char *text)
{
	struct inc_list *l = ctx;
	char *buf = xstrdup(text), *code = wg_trim(buf);

	if (*code && !access_in_scope(t->db, &t->actor, code)) {
		tui_message(t, true, _("Grid %s is not yours to see"), code);
	} else {
		snprintf(l->grid, sizeof l->grid, "%s", code);
		l->cursor = l->first = 0;
		list_load(t, l);
	}
	free(buf);
}

static void list_report(struct tui *t, struct inc_list *l);

static bool list_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct inc_list *l = s->data;

	(void)key;
	if (tui_list_move(act, &l->cursor, (int)l->n, LINES - 7))
		return true;
	switch (act) {
	case ACT_OPEN:
		if (l->n)
			tui_open_incident(t, l->items[l->cursor].seq);
		return true;
	case ACT_INCIDENTS:
		return true;
	case ACT_INC_STATUS:
		l->status = (l->status + 1) % INC_STATE_COUNT;
		break;
	case ACT_INC_TYPE:
		l->type = (l->type + 1) % (int)(t->cfg->n_incident_types + 1);
		break;
	case ACT_INC_LEVEL:
		l->level = (l->level + 1) % (int)(t->cfg->n_levels + 1);
		break;
	case ACT_INC_OVERDUE:
		l->overdue = !l->overdue;
		break;
	case ACT_INC_MINE:
		l->mine = !l->mine;
		break;
	case ACT_INC_SORT:
		l->sort = (l->sort + 1) % SORT_COUNT;
		break;
	case ACT_INC_GRID:
	case ACT_INC_GRID_CODE:
		if (act == ACT_INC_GRID && next_grid(t, l))
			break;
		/* the code is typed (admins: every grid is theirs) */
		tui_prompt(t, _("Show the incidents of grid (its code; empty: all)"), l->grid, true,
			grid_done, l);
		return true;
	case ACT_INC_NEW:
		list_report(t, l);
		return true;
	default:
		return false;
	}
	l->cursor = l->first = 0;
	list_load(t, l);
	return true;
}

const struct tui_screen_ops tui_incidents_ops = {
	.name = "incidents",
	.ctx = TUI_CTX_INCIDENT | TUI_CTX_LIST,
	.personal = true,
	.open = list_open,
	.resume = list_resume,
	.draw = list_draw,
	.key = list_key,
	.close = list_close,
};

void tui_open_incidents(struct tui *t)
{
	tui_push(t, &tui_incidents_ops, NULL);
}

/* ---- one incident ---- */

struct inc_screen {
	int64_t seq;
	struct wg_incident inc;
	bool loaded;
	char error[256];
	char *where;                   /* household address or place */
	struct wg_incident_event *ev;
	size_t n_ev;
	enum wg_incident_action allowed[INC_ACT_COUNT];
	size_t n_allowed;
	int first;                     /* first line shown */
	enum wg_incident_action asking;
	char *reason;                  /* extend: the reason, while asking for the days */
};

static void inc_unload(struct inc_screen *x)
{
	if (x->loaded)
		incident_free(&x->inc);
	x->loaded = false;
	incident_events_free(x->ev, x->n_ev);
	x->ev = NULL;
	x->n_ev = 0;
	free(x->where);
	x->where = NULL;
	x->n_allowed = 0;
}

static void inc_load(struct tui *t, struct inc_screen *x)
{
	struct wg_household hh;

	inc_unload(x);
	x->error[0] = '\0';
	if (incident_get(t->db, x->seq, &x->inc) != WG_OK) {
		snprintf(x->error, sizeof x->error, "%s", wg_error_msg());
		return;
	}
	x->loaded = true;
	if (incident_events(t->db, x->seq, &x->ev, &x->n_ev) != WG_OK) {
		x->ev = NULL;
		x->n_ev = 0;
	}
	if (x->inc.household_id &&
			household_load(t->db, t->cfg, x->inc.household_id, 0, &hh) == WG_OK) {
		x->where = xasprintf("%s  %s%s%s", hh.address, hh.door, x->inc.place ? "  " : "",
			x->inc.place ? x->inc.place : "");
		tui_set_focus_grid(t, hh.grid_name);
		household_free(&hh);
	} else {
		x->where = xstrdup(x->inc.place ? x->inc.place : "");
	}
	x->n_allowed = incident_allowed_actions(t->db, &t->actor, &x->inc, x->allowed);
}

void tui_open_incident(struct tui *t, int64_t seq)
{
	struct inc_screen *x = xcalloc(1, sizeof(*x));

	x->seq = seq;
	tui_push(t, &tui_incident_ops, x);
}

static void inc_open(struct tui *t, struct tui_screen *s)
{
	inc_load(t, s->data);
}

static void inc_resume(struct tui *t, struct tui_screen *s)
{
	inc_load(t, s->data);
}

static void inc_close(struct tui *t, struct tui_screen *s)
{
	struct inc_screen *x = s->data;

	(void)t;
	inc_unload(x);
	free(x->reason);
	free(x);
}

static enum tui_action key_of_step(enum wg_incident_action a)
{
	for (size_t i = 0; i < ARRAY_SIZE(step_keys); i++)
		if (step_keys[i].step == a)
			return step_keys[i].act;
	return ACT_NONE;
}

static void add_line(char ***l, size_t *n, char *text)
{
	*l = xrealloc(*l, (*n + 1) * sizeof(**l));
	(*l)[(*n)++] = text;
}

static const char *state_of(const char *code)
{
	return code ? incident_state_name(incident_state_from_code(code)) : "";
}

static void inc_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct inc_screen *x = s->data;
	const struct wg_incident *inc = &x->inc;
	char **l = NULL, **wrapped = NULL, *dl, buf[16];
	size_t n = 0, i, nw, head;
	struct strbuf sb;
	int y, body = rows - 2;

	if (!x->loaded) {
		tui_text(top + 1, 1, cols - 2, x->error, A_BOLD, 0);
		return;
	}
	sb_init(&sb);
	sb_addf(&sb, "#%" PRId64 " %s · %s", inc->seq, type_name(t->cfg, inc->type),
		incident_state_name(inc->state));
	if (inc->urgent)
		sb_addf(&sb, " · %s", _("urgent"));
	if (inc->supervised)
		sb_addf(&sb, " · %s", _("supervised"));
	if (inc->overdue)
		sb_addf(&sb, " · %s", _("LATE"));
	tui_text(top, 0, cols, sb.buf, A_BOLD, 0);
	sb_free(&sb);

	dl = deadline_text(inc);
	add_line(&l, &n, xasprintf("%s %s  %s %s  %s %s", _("Level:"), level_name(t->cfg, inc->level),
		_("Handler:"), inc->handler_name ? inc->handler_name : inc->handler_id ? inc->handler_id : "—",
		_("Deadline:"), *dl ? dl : "—"));
	free(dl);
	add_line(&l, &n, xasprintf("%s %s", _("Where:"), x->where ? x->where : ""));
	add_line(&l, &n, xasprintf("%s %.16s %s", _("Reported:"), inc->reported_at ? inc->reported_at : "",
		x->n_ev && x->ev[0].by_name ? x->ev[0].by_name :
		inc->reported_by ? inc->reported_by : ""));
	if (inc->rating)
		add_line(&l, &n, xasprintf("%s %s", _("Rating:"),
			config_named(t->cfg->ratings, t->cfg->n_ratings, inc->rating) ?
			config_named(t->cfg->ratings, t->cfg->n_ratings, inc->rating)->name : inc->rating));
	nw = tui_wrap(inc->text ? inc->text : "", cols - 2, &wrapped);
	for (i = 0; i < nw; i++) {
		add_line(&l, &n, xasprintf("%s%s", i ? "  " : "» ", wrapped[i]));
		free(wrapped[i]);
	}
	free(wrapped);
	add_line(&l, &n, xstrdup(""));
	head = n;
	add_line(&l, &n, xasprintf(_("Timeline (%zu steps)"), x->n_ev));
	for (i = 0; i < x->n_ev; i++) {
		const struct wg_incident_event *e = &x->ev[i];
		enum wg_incident_action a = INC_ACT_COUNT;

		sb_init(&sb);
		sb_addf(&sb, "%.16s %s %s", e->at ? e->at : "",
			e->by_name ? e->by_name : e->by_worker ? e->by_worker : _("(command line)"),
			incident_action_parse(e->action, &a) ? incident_action_name(a) : e->action);
		if (e->from_status && e->to_status && !STREQ(e->from_status, e->to_status))
			sb_addf(&sb, " %s → %s", state_of(e->from_status), state_of(e->to_status));
		else if (!e->from_status && e->to_status)
			sb_addf(&sb, " → %s", state_of(e->to_status));
		if (e->handler_id && (a == INC_ACT_ACCEPT || a == INC_ACT_ESCALATE))
			sb_addf(&sb, " %s %s", _("handler"), e->handler_id);
		if (e->deadline && *e->deadline && a != INC_ACT_REPORT)
			sb_addf(&sb, " %s %s", _("deadline"), e->deadline);
		if (e->rating)
			sb_addf(&sb, " %s", config_named(t->cfg->ratings, t->cfg->n_ratings, e->rating) ?
				config_named(t->cfg->ratings, t->cfg->n_ratings, e->rating)->name : e->rating);
		if (e->note && *e->note)
			sb_addf(&sb, " | %s", e->note);
		add_line(&l, &n, xasprintf("  %s", sb.buf));
		sb_free(&sb);
	}
	if (x->first > (int)n - body)
		x->first = MAX(0, (int)n - body);
	for (y = 0; y < body && x->first + y < (int)n; y++)
		tui_text(top + 1 + y, 0, cols, l[x->first + y],
			x->first + y == (int)head ? A_BOLD : 0, 0);
	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);

	/* the steps this operator may take now, each on its key */
	sb_init(&sb);
	sb_add(&sb, _("Steps: "));
	for (i = 0; i < x->n_allowed; i++) {
		enum tui_action act = key_of_step(x->allowed[i]);
		const char *k = act != ACT_NONE ? tui_action_key_here(act, false, buf) : NULL;

		if (k)
			sb_addf(&sb, "%s %s  ", k, incident_action_name(x->allowed[i]));
	}
	if (!x->n_allowed)
		sb_add(&sb, _("none for you now"));
	tui_text(top + rows - 1, 0, cols, sb.buf, A_BOLD, 0);
	sb_free(&sb);
}

static void do_step(struct tui *t, struct inc_screen *x, const struct wg_incident_step *st)
{
	enum wg_status rc = incident_step(t->db, t->cfg, &t->actor, x->seq, st);

	if (rc == WG_OK)
		tui_message(t, false, _("#%" PRId64 ": %s done."), x->seq, incident_action_name(st->action));
	else
		tui_message(t, true, "%s", wg_error_msg());
	inc_load(t, x);
}

static void rating_done(struct tui *t, void *ctx, const char *text)
{
	struct inc_screen *x = ctx;
	struct wg_incident_step st = { .action = INC_ACT_CLOSE, .rating = text };
	char *end;
	long k = strtol(text, &end, 10);

	if (!*end && k >= 1 && (size_t)k <= t->cfg->n_ratings)
		st.rating = t->cfg->ratings[k - 1].code;
	do_step(t, x, &st);
}

static void handler_done(struct tui *t, void *ctx, const char *text)
{
	struct inc_screen *x = ctx;
	char *buf = xstrdup(text), *h = wg_trim(buf);   /* free buf: h may point inside */
	struct wg_incident_step st = { .action = x->asking, .handler_id = *h ? h : NULL };

	do_step(t, x, &st);
	free(buf);
}

static void reason_done(struct tui *t, void *ctx, const char *text)
{
	struct inc_screen *x = ctx;
	struct wg_incident_step st = { .action = x->asking, .note = text };

	do_step(t, x, &st);
}

static void days_done(struct tui *t, void *ctx, const char *text)
{
	struct inc_screen *x = ctx;
	char *end;
	long days = strtol(text, &end, 10);
	struct wg_incident_step st = { .action = INC_ACT_EXTEND, .note = x->reason,
		.days = *end || days < 1 || days > 365 ? 0 : (int)days };

	if (!st.days) {
		tui_message(t, true, _("'%s' is not a number of days"), text);
		return;
	}
	do_step(t, x, &st);
	free(x->reason);
	x->reason = NULL;
}

static void extend_reason_done(struct tui *t, void *ctx, const char *text)
{
	struct inc_screen *x = ctx;

	free(x->reason);
	x->reason = xstrdup(text);
	tui_prompt(t, _("Extend by how many days?"), NULL, false, days_done, x);
}

static void take_step(struct tui *t, struct inc_screen *x, enum wg_incident_action a)
{
	struct wg_incident_step st = { .action = a };
	struct strbuf sb;
	size_t i;

	for (i = 0; i < x->n_allowed && x->allowed[i] != a; i++)
		;
	if (i == x->n_allowed) {
		/* the core says why (the state and the steps allowed there, or who may) */
		do_step(t, x, &st);
		return;
	}
	x->asking = a;
	switch (a) {
	case INC_ACT_ACCEPT:
		if (t->actor.role == ROLE_WORKER) {
			do_step(t, x, &st);
			return;
		}
		tui_prompt(t, _("Handler: worker id (empty: yourself)"), NULL, true, handler_done, x);
		return;
	case INC_ACT_ESCALATE:
		tui_prompt(t, _("Escalate: the worker id of the next level's handler"), NULL, false,
			handler_done, x);
		return;
	case INC_ACT_CLOSE:
		sb_init(&sb);
		sb_add(&sb, _("Rating of the feedback visit:"));
		for (i = 0; i < t->cfg->n_ratings; i++)
			sb_addf(&sb, " %zu %s", i + 1, t->cfg->ratings[i].name);
		tui_prompt(t, sb.buf, NULL, false, rating_done, x);
		sb_free(&sb);
		return;
	case INC_ACT_RETURN:
	case INC_ACT_REOPEN:
		tui_prompt(t, a == INC_ACT_RETURN ? _("Return it: the reason") :
			_("Reopen it: the reason"), NULL, false, reason_done, x);
		return;
	case INC_ACT_EXTEND:
		tui_prompt(t, _("Extend the deadline: the reason"), NULL, false, extend_reason_done, x);
		return;
	default:
		do_step(t, x, &st);
		return;
	}
}

static bool inc_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct inc_screen *x = s->data;

	(void)key;
	switch (act) {
	case ACT_UP:
		x->first = MAX(0, x->first - 1);
		return true;
	case ACT_DOWN:
		x->first++;
		return true;
	case ACT_PAGE_UP:
		x->first = MAX(0, x->first - (LINES - 6));
		return true;
	case ACT_PAGE_DOWN:
		x->first += LINES - 6;
		return true;
	case ACT_FIRST:
		x->first = 0;
		return true;
	case ACT_LAST:
		x->first = 1 << 20;
		return true;
	case ACT_OPEN:
		if (x->loaded && x->inc.household_id)
			tui_open_card(t, x->inc.household_id);
		return true;
	default:
		break;
	}
	for (size_t i = 0; i < ARRAY_SIZE(step_keys); i++) {
		if (step_keys[i].act == act) {
			if (x->loaded)
				take_step(t, x, step_keys[i].step);
			return true;
		}
	}
	return false;
}

const struct tui_screen_ops tui_incident_ops = {
	.name = "incident",
	.ctx = TUI_CTX_INCIDENT | TUI_CTX_LIST,
	.personal = true,
	.open = inc_open,
	.resume = inc_resume,
	.draw = inc_draw,
	.key = inc_key,
	.close = inc_close,
};

/* ---- reporting from a household card ---- */

/* One report at a time: its answers so far (a prompt cancelled with Esc leaves nothing to
 * free). */
static struct {
	char household[128];      /* "": at a place of grid */
	char grid[64];
	char place[256];
	char type[64];
	bool urgent;
} pending;

static void text_done(struct tui *t, void *ctx, const char *text)
{
	struct wg_incident_new in = { .type = pending.type,
		.household_id = pending.household[0] ? pending.household : NULL,
		.grid_code = pending.household[0] ? NULL : pending.grid,
		.place = pending.place[0] ? pending.place : NULL,
		.text = text, .urgent = pending.urgent };
	int64_t seq = 0;

	(void)ctx;
	if (incident_report(t->db, t->cfg, &t->actor, &in, &seq) != WG_OK) {
		tui_message(t, true, "%s", wg_error_msg());
		return;
	}
	tui_message(t, false, _("Reported as #%" PRId64 "."), seq);
	tui_open_incident(t, seq);
}

static void ask_text(struct tui *t)
{
	tui_prompt(t, _("What happened? (Enter to report, Esc to cancel)"), NULL, false, text_done,
		NULL);
}

static void place_done(struct tui *t, void *ctx, const char *text)
{
	(void)ctx;
	snprintf(pending.place, sizeof pending.place, "%s", text);
	ask_text(t);
}

static void urgent_done(struct tui *t, void *ctx, const char *text)
{
	(void)ctx;
	pending.urgent = text[0] == 'y' || text[0] == 'Y' || STREQ(text, "是") ||
		STREQ(text, "1");
	if (!pending.household[0]) {
		tui_prompt(t, _("Where? The place, e.g. 5号楼前"), NULL, false, place_done, NULL);
		return;
	}
	ask_text(t);
}

static void type_done(struct tui *t, void *ctx, const char *text)
{
	char *end;
	long k = strtol(text, &end, 10);
	const struct wg_incident_type *type = NULL;

	(void)ctx;
	if (!*end && k >= 1 && (size_t)k <= t->cfg->n_incident_types)
		type = &t->cfg->incident_types[k - 1];
	else
		type = config_incident_type(t->cfg, text);
	if (!type) {
		tui_message(t, true, _("'%s' is not an incident type: type its number"), text);
		return;
	}
	snprintf(pending.type, sizeof pending.type, "%s", type->code);
	tui_prompt(t, _("Urgent? y or n (Enter: not urgent)"), NULL, true, urgent_done, NULL);
}

static void ask_type(struct tui *t, const char *question)
{
	struct strbuf sb;

	pending.type[0] = '\0';
	pending.place[0] = '\0';
	pending.urgent = false;
	sb_init(&sb);
	sb_add(&sb, question);
	for (size_t i = 0; i < t->cfg->n_incident_types; i++)
		sb_addf(&sb, " %zu %s", i + 1, t->cfg->incident_types[i].name);
	tui_prompt(t, sb.buf, NULL, false, type_done, NULL);
	sb_free(&sb);
}

void tui_report_incident(struct tui *t, const char *household_id)
{
	snprintf(pending.household, sizeof pending.household, "%s", household_id);
	pending.grid[0] = '\0';
	ask_type(t, _("Report an incident here. Type:"));
}

/* From the list: at a place of the grid shown, else of the operator's only grid. */
static void list_report(struct tui *t, struct inc_list *l)
{
	char **grids = NULL;
	size_t n = 0;
	bool all = false;

	pending.household[0] = '\0';
	pending.grid[0] = '\0';
	if (l->grid[0]) {
		snprintf(pending.grid, sizeof pending.grid, "%s", l->grid);
	} else if (access_scope_grids(t->db, &t->actor, &all, &grids, &n) == WG_OK) {
		if (!all && n == 1)
			snprintf(pending.grid, sizeof pending.grid, "%s", grids[0]);
		access_grids_free(grids, n);
	}
	if (!pending.grid[0]) {
		char buf[16];
		const char *k = tui_action_key_here(ACT_INC_GRID, false, buf);

		tui_message(t, true, _("Which grid? Show one grid first (%s), then report"), k ? k : "");
		return;
	}
	ask_type(t, _("Report an incident in your grid. Type:"));
}
