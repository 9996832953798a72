/* The home screen: the lookup line on top (results on every keystroke, from the search
 * engine) and, while it is empty, the operator's work for today: follow-ups due, or the
 * households of the grid in walking order. Enter opens the household card. */
#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/due.h"
#include "wangge/household.h"
#include "wangge/incident.h"
#include "wangge/search.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"

#include <curses.h>

struct home_row {
	char *household_id;
	char *address;
	char *who;
	char *info;
	bool overdue;
	bool detailed;           /* marks filled in (lookup rows get them when idle) */
	int64_t incident;        /* an incident's number (the line opens it), else 0 */
};

struct home {
	struct tui_input query;
	struct home_row *work;     /* today's work, loaded on open and resume */
	size_t n_work;
	struct home_row *found;    /* lookup results for the current query */
	size_t n_found;
	bool found_more;
	int cursor, first;
	int rows_shown;            /* list rows on screen at the last draw */
	char *work_title;
	char **overdue;            /* households with a late follow-up (sorted ids) */
	size_t n_overdue;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_overdue(const struct home *h, const char *id)
{
	return h->n_overdue && bsearch(&id, h->overdue, h->n_overdue, sizeof(*h->overdue), cmp_str);
}

static void rows_free(struct home_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].household_id);
		free(rows[i].address);
		free(rows[i].who);
		free(rows[i].info);
	}
	free(rows);
}

static char *tags_text(const struct wg_config *cfg, char **tags, size_t n, bool sees)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	sb_add(&sb, "");
	for (i = 0; i < n; i++) {
		const char *label = household_category_label(cfg, tags[i], sees);

		/* the neutral mark once, however many restricted tags */
		if (strstr(sb.buf, label))
			continue;
		sb_addf(&sb, "%s%s", sb.len ? " " : "", label);
	}
	return sb_detach(&sb);
}

/* Follow-ups due today or late, for the operator's grids. Returns how many. */
static size_t load_due(struct tui *t, struct home *h)
{
	struct wg_due_query q = { DUE_WORKER, t->actor.worker_id, NULL, 0, false };
	struct wg_due_list list = { 0 };
	size_t i;

	if (!t->actor.worker_id || due_list(t->db, t->cfg, &t->actor, &q, &list) != WG_OK) {
		due_list_free(&list);
		return 0;
	}
	h->work = xrealloc(h->work, (h->n_work + list.n + 1) * sizeof(*h->work));
	for (i = 0; i < h->n_overdue; i++)
		free(h->overdue[i]);
	free(h->overdue);
	h->overdue = xcalloc(list.n + 1, sizeof(*h->overdue));
	h->n_overdue = 0;
	for (i = 0; i < list.n; i++) {
		const struct wg_due_item *d = &list.items[i];
		struct home_row *r = &h->work[h->n_work++];

		memset(r, 0, sizeof(*r));
		if (d->days_overdue > 0)
			h->overdue[h->n_overdue++] = xstrdup(d->household_id);

		r->household_id = xstrdup(d->household_id);
		r->address = xstrdup(d->address);
		r->who = xstrdup(d->resident_name);
		r->info = xstrdup(d->reason ? d->reason : d->shown);
		r->overdue = d->days_overdue > 0;
		r->detailed = true;
	}
	qsort(h->overdue, h->n_overdue, sizeof(*h->overdue), cmp_str);
	due_list_free(&list);
	return i;
}

/* The operator's open incidents (of their grids or in their hands; leaders: every late
 * one where they act), past their deadline first. Returns how many; *late gets how many are past it. */
static size_t load_incidents(struct tui *t, struct home *h, size_t *late)
{
	struct wg_incident *inc = NULL;
	size_t n = tui_incidents_mine(t, &inc), i;

	*late = 0;
	h->work = xrealloc(h->work, (h->n_work + n + 1) * sizeof(*h->work));
	for (i = 0; i < n; i++) {
		const struct wg_incident_type *type = config_incident_type(t->cfg, inc[i].type);
		struct home_row *r = &h->work[h->n_work++];

		memset(r, 0, sizeof(*r));
		r->incident = inc[i].seq;
		r->household_id = inc[i].household_id ? xstrdup(inc[i].household_id) : NULL;
		r->address = xasprintf("#%" PRId64 " %s%s %s", inc[i].seq,
			type ? type->name : inc[i].type, inc[i].urgent ? _(" (urgent)") : "",
			inc[i].text ? inc[i].text : "");
		r->who = xstrdup(incident_state_name(inc[i].state));
		if (inc[i].overdue)
			r->info = xasprintf(_("LATE %d days, deadline %s"), -inc[i].days_left,
				inc[i].deadline + 5);
		else if (inc[i].deadline[0])
			r->info = xasprintf(_("deadline %s"), inc[i].deadline + 5);
		else
			r->info = xstrdup(_("not yet accepted"));
		r->overdue = inc[i].overdue;
		r->detailed = true;
		*late += inc[i].overdue;
	}
	incident_list_free(inc, n);
	return n;
}

/* Today's work: follow-ups due, open incidents, then the grid's households in walking
 * order. */
static void load_work(struct tui *t, struct home *h)
{
	struct wg_household_row *rows = NULL;
	size_t n = 0, i, n_due, n_inc, n_late;
	bool sees;

	rows_free(h->work, h->n_work);
	h->work = NULL;
	h->n_work = 0;
	free(h->work_title);
	h->work_title = NULL;
	n_due = load_due(t, h);
	n_inc = load_incidents(t, h, &n_late);
	if (!t->grid_code) {
		h->work_title = n_inc ? xasprintf(_("Today's work: %zu follow-ups due, %zu open incidents (%zu late)"),
			n_due, n_inc, n_late) :
			n_due ? xasprintf(_("Today's work: %zu follow-ups due"), n_due) :
			xstrdup(_("No grid of yours: type in the lookup line to find a household."));
		return;
	}
	if (household_list_grid(t->db, t->cfg, t->grid_code, &rows, &n) != WG_OK) {
		h->work_title = xstrdup(wg_error_msg());
		return;
	}
	sees = access_sees_restricted(t->db, &t->actor, t->grid_code);
	h->work = xrealloc(h->work, (h->n_work + n + 1) * sizeof(*h->work));
	for (i = 0; i < n; i++) {
		struct home_row *r = &h->work[h->n_work++];
		char *tags = tags_text(t->cfg, rows[i].tags, rows[i].n_tags, sees);

		memset(r, 0, sizeof(*r));
		r->household_id = xstrdup(rows[i].id);
		r->address = xasprintf("%s %s", rows[i].door, rows[i].address);
		r->who = xstrdup(rows[i].head ? rows[i].head : _("(empty flat)"));
		r->overdue = is_overdue(h, rows[i].id);
		r->info = xasprintf("%s%d%s %s", r->overdue ? _("LATE ") : "", rows[i].n_residents,
			_("p."), tags);
		r->detailed = true;
		free(tags);
	}
	household_rows_free(rows, n);
	if (n_inc)
		h->work_title = xasprintf(_("Today's work: %zu follow-ups due, %zu open incidents (%zu late), then %s's %zu households in walking order"),
			n_due, n_inc, n_late, t->grid_name ? t->grid_name : t->grid_code, n);
	else
		h->work_title = xasprintf(_("Today's work: %zu follow-ups due, then %s's %zu households in walking order"),
			n_due, t->grid_name ? t->grid_name : t->grid_code, n);
}

#define LOOKUP_LIMIT 200
#define LOOKUP_BUDGET 20000

/* Ask the search engine (the same as `wangge find`) on every keystroke. */
static void lookup(struct tui *t, struct home *h)
{
	const char *q = tui_input_text(&h->query);
	struct search_hit *hits = NULL;
	size_t n = 0, i;

	rows_free(h->found, h->n_found);
	h->found = NULL;
	h->n_found = 0;
	h->found_more = false;
	h->cursor = h->first = 0;
	if (!*q)
		return;
	if (search_query_budget(t->db, q, LOOKUP_LIMIT, LOOKUP_BUDGET, &hits, &n) != WG_OK) {
		tui_message(t, true, "%s", wg_error_msg());
		return;
	}
	h->found = xcalloc(n + 1, sizeof(*h->found));
	for (i = 0; i < n; i++) {
		struct home_row *r = &h->found[h->n_found++];

		r->household_id = xstrdup(hits[i].household_id);
		r->address = xasprintf("%s %s", hits[i].door, hits[i].address);
		r->who = xstrdup(*hits[i].head ? hits[i].head : _("(empty flat)"));
		r->info = xstrdup(hits[i].residents);
	}
	h->found_more = n >= LOOKUP_LIMIT;
	search_hits_free(hits, n);
}

/* Marks for one lookup row: special populations (restricted ones as the neutral mark
 * unless the operator may see them) and a late follow-up. */
static void add_marks(struct tui *t, struct home *h, struct home_row *r)
{
	struct wg_household hh;
	char **tags = NULL;
	size_t n = 0, i, j, k;
	bool sees;

	r->detailed = true;
	if (household_load(t->db, t->cfg, r->household_id, 0, &hh) != WG_OK)
		return;
	sees = access_sees_restricted(t->db, &t->actor, hh.grid_code);
	for (i = 0; i < hh.n_residents; i++) {
		if (hh.residents[i].moved_out_at)
			continue;
		for (j = 0; j < hh.residents[i].n_tags; j++) {
			for (k = 0; k < n && !STREQ(tags[k], hh.residents[i].tags[j]); k++)
				;
			if (k == n) {
				tags = xrealloc(tags, (n + 1) * sizeof(*tags));
				tags[n++] = hh.residents[i].tags[j];
			}
		}
	}
	if (n || is_overdue(h, r->household_id)) {
		char *marks = tags_text(t->cfg, tags, n, sees);
		char *info = xasprintf("%s%s %s", is_overdue(h, r->household_id) ? _("LATE ") : "",
			marks, r->info);

		r->overdue = is_overdue(h, r->household_id);
		free(r->info);
		r->info = info;
		free(marks);
	}
	free(tags);
	household_free(&hh);
}

static bool home_idle(struct tui *t, struct tui_screen *s)
{
	struct home *h = s->data;
	int i;

	for (i = 0; i < h->rows_shown && h->first + i < (int)h->n_found; i++) {
		struct home_row *r = &h->found[h->first + i];

		if (!r->detailed) {
			add_marks(t, h, r);
			return true;
		}
	}
	return false;
}

static void home_open(struct tui *t, struct tui_screen *s)
{
	struct home *h = xcalloc(1, sizeof(*h));

	s->data = h;
	tui_input_init(&h->query, false, 128);
	load_work(t, h);
}

static void home_resume(struct tui *t, struct tui_screen *s)
{
	struct home *h = s->data;

	tui_set_focus_grid(t, NULL);
	load_work(t, h);
	if (*tui_input_text(&h->query)) {
		int c = h->cursor, f = h->first;

		lookup(t, h);
		h->cursor = c;
		h->first = f;
	}
}

static void home_close(struct tui *t, struct tui_screen *s)
{
	struct home *h = s->data;

	(void)t;
	tui_input_free(&h->query);
	rows_free(h->work, h->n_work);
	rows_free(h->found, h->n_found);
	free(h->work_title);
	for (size_t i = 0; i < h->n_overdue; i++)
		free(h->overdue[i]);
	free(h->overdue);
	free(h);
}

static bool searching(const struct home *h)
{
	return *tui_input_text(&h->query) != '\0';
}

static void home_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct home *h = s->data;
	const struct home_row *list = searching(h) ? h->found : h->work;
	int n = (int)(searching(h) ? h->n_found : h->n_work);
	int addr_w, who_w, info_w, y, i, list_rows;
	char *title;

	(void)t;
	if (searching(h))
		title = n ? xasprintf(_("%d found%s"), n, h->found_more ? "+" : "") :
			xstrdup(_("Nothing found. Try fewer letters, pinyin initials (zs), a door number (3-2-501) or the last 4 digits of an ID number or phone."));
	else
		title = xstrdup(h->work_title ? h->work_title : "");
	tui_text(top + 1, 0, cols, title, A_BOLD, 0);
	free(title);
	who_w = cols >= 60 ? 10 : 8;
	/* address first; the residents or the reason take what is left, when there is room */
	info_w = cols >= 60 ? cols * 30 / 100 : 0;
	addr_w = cols - who_w - 1 - (info_w ? info_w + 1 : 0);
	list_rows = rows - 2;
	h->rows_shown = list_rows;
	tui_scroll(&h->cursor, &h->first, n, list_rows);
	for (i = 0; i < list_rows && h->first + i < n; i++) {
		const struct home_row *r = &list[h->first + i];
		int attr = h->first + i == h->cursor ? A_REVERSE : 0;

		y = top + 2 + i;
		tui_text(y, 0, addr_w, r->address, attr, 0);
		tui_text(y, addr_w, 1, "", attr, 0);
		tui_text(y, addr_w + 1, who_w, r->who, attr, 0);
		if (info_w > 0) {
			tui_text(y, addr_w + 1 + who_w, 1, "", attr, 0);
			tui_text(y, addr_w + 2 + who_w, info_w, r->info,
				attr | (r->overdue ? A_BOLD : 0), 0);
		}
	}
	tui_input_draw(&h->query, top, 0, cols, _("Find: "));
}

static bool home_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct home *h = s->data;
	const struct home_row *list = searching(h) ? h->found : h->work;
	int n = (int)(searching(h) ? h->n_found : h->n_work);

	if (tui_input_key(&h->query, key)) {
		lookup(t, h);
		return true;
	}
	if (tui_list_move(act, &h->cursor, n, LINES - 4))
		return true;
	switch (act) {
	case ACT_OPEN:
		if (n && list[h->cursor].incident)
			tui_open_incident(t, list[h->cursor].incident);
		else if (n)
			tui_open_card(t, list[h->cursor].household_id);
		return true;
	case ACT_BACK:
		if (searching(h)) {
			tui_input_clear(&h->query);
			lookup(t, h);
			h->cursor = h->first = 0;
		}
		return true;
	case ACT_SEARCH:
		return true;
	default:
		return false;
	}
}

const struct tui_screen_ops tui_home_ops = {
	.name = "home",
	.ctx = TUI_CTX_HOME | TUI_CTX_LIST,
	.text_input = true,
	.personal = true,
	.open = home_open,
	.resume = home_resume,
	.draw = home_draw,
	.idle = home_idle,
	.key = home_key,
	.close = home_close,
};
