/* The 统计 screen: the figures of `wangge report` (report.h) for the operator's grid, their
 * community or the street, this month, last month, this year or typed dates, with bar
 * charts drawn in text (per category, per grid, incidents and visits) whose Chinese
 * labels line up (report_bar_chart fits them with tw_fit). Restricted categories follow
 * the operator's rights: report_build merges them under the neutral mark for someone
 * who may not see them in every grid of the scope. */
#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/report.h"
#include "wangge/store.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"

#include <curses.h>

enum range { RANGE_MONTH, RANGE_LAST_MONTH, RANGE_YEAR, RANGE_TYPED };

struct stats {
	enum wg_report_scope scope;
	enum range range;
	char from[11], to[11];
	char *grid, *community;  /* the operator's (or the first ones, for an admin) */
	struct wg_report rep;
	bool have;
	char error[256];
	int first;               /* first body line shown */
	int body_rows;
};

static void set_range(struct stats *st, enum range r)
{
	char today[11];
	int y, m, d;

	wg_today(today);
	wg_date_parse(today, &y, &m, &d);
	st->range = r;
	switch (r) {
	case RANGE_MONTH:
		snprintf(st->from, sizeof st->from, "%04d-%02d-01", y, m);
		snprintf(st->to, sizeof st->to, "%s", today);
		break;
	case RANGE_LAST_MONTH: {
		char first[11];

		snprintf(first, sizeof first, "%04d-%02d-01", y, m);
		wg_date_from_days(wg_date_days(first) - 1, st->to);   /* last day of last month */
		snprintf(st->from, sizeof st->from, "%.8s01", st->to);
		break;
	}
	case RANGE_YEAR:
		snprintf(st->from, sizeof st->from, "%04d-01-01", y);
		snprintf(st->to, sizeof st->to, "%s", today);
		break;
	case RANGE_TYPED:
		break;
	}
}

static void load(struct tui *t, struct stats *st)
{
	struct wg_report_query q = { .scope = st->scope, .from = st->from, .to = st->to };
	enum wg_status rc;

	if (st->have)
		report_free(&st->rep);
	st->have = false;
	st->error[0] = '\0';
	st->first = 0;
	if (st->scope == REPORT_GRID)
		q.code = st->grid;
	else if (st->scope == REPORT_COMMUNITY)
		q.code = st->community;
	if (st->scope != REPORT_STREET && !q.code) {
		snprintf(st->error, sizeof st->error, "%s", _("No grid or community in the database."));
		return;
	}
	rc = report_build(t->db, t->cfg, &t->actor, &q, &st->rep);
	if (rc != WG_OK) {
		snprintf(st->error, sizeof st->error, "%s", wg_error_msg());
		return;
	}
	st->have = true;
}

/* The operator's first grid and its community; the first ones in the database for
 * someone without a grid (an admin of the street office). */
static void find_places(struct tui *t, struct stats *st)
{
	struct db_stmt *q;

	if (t->grid_code) {
		q = db_prepare(t->db, "SELECT code, community_code FROM grid WHERE code = ?1");
		db_bind_text(q, 1, t->grid_code);
	} else {
		q = db_prepare(t->db, "SELECT code, community_code FROM grid"
			" WHERE departed_at IS NULL ORDER BY code LIMIT 1");
	}
	if (db_row(q)) {
		st->grid = xstrdup(db_text(q, 0));
		st->community = xstrdup(db_text(q, 1));
	}
	db_finish(q);
}

void tui_open_stats(struct tui *t)
{
	struct stats *st = xcalloc(1, sizeof(*st));

	find_places(t, st);
	st->scope = REPORT_GRID;
	set_range(st, RANGE_MONTH);
	load(t, st);
	tui_push(t, &tui_stats_ops, st);
}

static void stats_close(struct tui *t, struct tui_screen *s)
{
	struct stats *st = s->data;

	(void)t;
	if (st->have)
		report_free(&st->rep);
	free(st->grid);
	free(st->community);
	free(st);
}

static void stats_resume(struct tui *t, struct tui_screen *s)
{
	struct stats *st = s->data;
	int first = st->first;

	if (st->range != RANGE_TYPED)
		set_range(st, st->range);   /* the day may have changed */
	load(t, st);
	st->first = first;
}

/* ---- the body, as lines ---- */

struct lines {
	char **text;
	bool *bold;
	size_t n;
};

static void add_line(struct lines *l, char *text, bool bold)
{
	l->text = xrealloc(l->text, (l->n + 1) * sizeof(*l->text));
	l->bold = xrealloc(l->bold, (l->n + 1) * sizeof(*l->bold));
	l->text[l->n] = text;
	l->bold[l->n] = bold;
	l->n++;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->text[i]);
	free(l->text);
	free(l->bold);
}

#define LABEL_MAX 24   /* report_bar_chart cuts labels there */

/* A label too wide for the chart loses its start, not its end: "…社区示范第一网格" (on
 * the street the grid's name follows the community's, and the end tells grids apart). */
static char *front_cut(const char *label)
{
	const char *p = label;
	uint32_t cp;

	if (tw_width(label) <= LABEL_MAX)
		return xstrdup(label);
	while (*p && tw_width(p) > LABEL_MAX - 1)
		p += MAX((size_t)1, tw_decode(p, strlen(p), &cp));
	return xasprintf("%s%s", TW_ELLIPSIS, p);
}

static void add_chart(struct lines *l, const char *title, const struct wg_report_count *in,
	size_t n, int cols)
{
	struct strbuf sb;
	int label = 0, width;
	char *p, *nl;
	struct wg_report_count *rows = xcalloc(n + 1, sizeof(*rows));

	for (size_t i = 0; i < n; i++) {
		rows[i] = in[i];
		rows[i].label = front_cut(in[i].label);
	}

	add_line(l, xstrdup(""), false);
	add_line(l, xstrdup(title), true);
	if (!n) {
		add_line(l, xasprintf("    %s", _("(none)")), false);
		free(rows);
		return;
	}
	for (size_t i = 0; i < n; i++)
		label = MAX(label, tw_width(rows[i].label));
	label = MIN(label, LABEL_MAX);
	/* "    label bar value": room for an eight-digit value */
	width = MAX(4, cols - 4 - label - 2 - 8);
	sb_init(&sb);
	report_bar_chart(&sb, rows, n, width);
	for (p = sb.buf; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			add_line(l, xstrdup(p), false);
			break;
		}
		add_line(l, xstrndup(p, (size_t)(nl - p)), false);
	}
	sb_free(&sb);
	for (size_t i = 0; i < n; i++)
		free(rows[i].label);
	free(rows);
}

static char *ratio_text(struct wg_ratio r)
{
	char buf[32];

	report_percent(r, buf, sizeof buf);
	return xasprintf("%s (%" PRId64 "/%" PRId64 ")", buf, r.num, r.den);
}

static void body_lines(const struct wg_report *r, int cols, struct lines *l)
{
	char *a, *b, *c, mean[32];
	struct wg_report_count *cats;
	size_t n_cats;

	add_line(l, xasprintf(_("Households %" PRId64 " · residents %" PRId64 " · registered %"
		PRId64 ", not %" PRId64 " · vacant %" PRId64 " · rented %" PRId64),
		r->households, r->residents, r->registered, r->unregistered, r->vacant,
		r->rented), false);
	a = ratio_text(r->coverage);
	add_line(l, xasprintf(_("Visit coverage (入户率) %s"), a), false);
	free(a);
	a = ratio_text(r->compliance);
	add_line(l, xasprintf(_("Follow-ups on time %s · overdue now %" PRId64 ", longest %"
		PRId64 " days"), a, r->overdue, r->longest_overdue), false);
	free(a);
	a = ratio_text(r->on_time);
	add_line(l, xasprintf(_("Incidents %" PRId64 " · resolved on time %s · open past deadline %"
		PRId64), r->incidents, a, r->open_past_deadline), false);
	add_line(l, xasprintf(_("Days to resolve %s on average, longest %" PRId64),
		report_mean(r->resolve_days, mean, sizeof mean), r->longest_resolve_days), false);
	free(a);
	a = ratio_text(r->mediation);
	b = ratio_text(r->success);
	c = ratio_text(r->satisfaction);
	add_line(l, xasprintf(_("Mediation (调解率) %s · success (调成率) %s · satisfaction %s"),
		a, b, c), false);
	free(a); free(b); free(c);
	add_line(l, xasprintf(_("Visits %" PRId64), r->visits), false);

	cats = report_category_bars(r, &n_cats);
	add_chart(l, _("Residents per category"), cats, n_cats, cols);
	report_counts_free(cats, n_cats);
	add_chart(l, _("Visit coverage per grid (%)"), r->by_grid, r->n_by_grid, cols);
	add_chart(l, _("Incidents by type"), r->by_type, r->n_by_type, cols);
	add_chart(l, _("Incidents by status"), r->by_status, r->n_by_status, cols);
	add_chart(l, _("Incidents by level"), r->by_level, r->n_by_level, cols);
	add_chart(l, _("Visits by kind"), r->by_kind, r->n_by_kind, cols);
	add_chart(l, _("Visits by worker"), r->by_worker, r->n_by_worker, cols);
}

static const char *range_name(enum range r)
{
	switch (r) {
	case RANGE_MONTH: return _("this month");
	case RANGE_LAST_MONTH: return _("last month");
	case RANGE_YEAR: return _("this year");
	case RANGE_TYPED: break;
	}
	return _("typed dates");
}

static const char *scope_kind(enum wg_report_scope scope)
{
	switch (scope) {
	case REPORT_GRID: return _("grid");
	case REPORT_COMMUNITY: return _("community");
	case REPORT_STREET: return _("street");
	case REPORT_WORKER: break;
	}
	return _("worker");
}

static void stats_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct stats *st = s->data;
	struct lines l = { 0 };
	char *title;

	(void)t;
	title = xasprintf(_("Figures (统计): %s %s · %s %s – %s"), scope_kind(st->scope),
		st->have ? st->rep.scope_name : "", range_name(st->range), st->from, st->to);
	tui_text(top, 0, cols, title, A_BOLD, 0);
	free(title);
	tui_text(top + 1, 0, cols, _("1 grid  2 community  3 street · m this month  l last month"
		"  y this year  d dates"), 0, 0);
	st->body_rows = MAX(1, rows - 3);
	if (!st->have) {
		tui_text_wrapped(top + 3, 1, cols - 1, 3, st->error, A_BOLD);
		return;
	}
	body_lines(&st->rep, cols, &l);
	if (st->first > (int)l.n - st->body_rows)
		st->first = MAX(0, (int)l.n - st->body_rows);
	for (int i = 0; i < st->body_rows && st->first + i < (int)l.n; i++)
		tui_text(top + 2 + i, 0, cols, l.text[st->first + i],
			l.bold[st->first + i] ? A_BOLD : 0, 0);
	lines_free(&l);
}

static void typed_dates(struct tui *t, void *ctx, const char *text)
{
	struct stats *st = ctx;
	char from[16], to[16];

	if (sscanf(text, " %15s %15s", from, to) != 2 || !wg_date_valid(from) ||
			!wg_date_valid(to)) {
		tui_message(t, true, _("Write two dates: YYYY-MM-DD YYYY-MM-DD"));
		return;
	}
	if (strcmp(from, to) > 0) {
		tui_message(t, true, _("The first day %s is after the last day %s"), from, to);
		return;
	}
	snprintf(st->from, sizeof st->from, "%.10s", from);
	snprintf(st->to, sizeof st->to, "%.10s", to);
	st->range = RANGE_TYPED;
	load(t, st);
}

static bool stats_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct stats *st = s->data;
	char initial[32];

	switch (act) {
	case ACT_UP: st->first = MAX(0, st->first - 1); return true;
	case ACT_DOWN: st->first++; return true;
	case ACT_PAGE_UP: st->first = MAX(0, st->first - st->body_rows); return true;
	case ACT_PAGE_DOWN: st->first += st->body_rows; return true;
	case ACT_FIRST: st->first = 0; return true;
	case ACT_LAST: st->first = 100000; return true;
	case ACT_STATS_SCOPE:
		st->scope = key == '1' ? REPORT_GRID : key == '2' ? REPORT_COMMUNITY :
			key == '3' ? REPORT_STREET : st->scope == REPORT_GRID ? REPORT_COMMUNITY :
			st->scope == REPORT_COMMUNITY ? REPORT_STREET : REPORT_GRID;
		load(t, st);
		return true;
	case ACT_STATS_RANGE:
		set_range(st, key == 'm' ? RANGE_MONTH : key == 'l' ? RANGE_LAST_MONTH :
			key == 'y' ? RANGE_YEAR : (enum range)((st->range + 1) % RANGE_TYPED));
		load(t, st);
		return true;
	case ACT_DATES:
		snprintf(initial, sizeof initial, "%s %s", st->from, st->to);
		tui_prompt(t, _("Figures from to (YYYY-MM-DD YYYY-MM-DD):"), initial, false,
			typed_dates, st);
		return true;
	case ACT_STATS:
		return true;   /* already here */
	default:
		break;
	}
	return false;
}

const struct tui_screen_ops tui_stats_ops = {
	.name = "stats",
	.ctx = TUI_CTX_STATS | TUI_CTX_LIST,
	.personal = true,       /* counts of restricted categories */
	.resume = stats_resume,
	.draw = stats_draw,
	.key = stats_key,
	.close = stats_close,
};
