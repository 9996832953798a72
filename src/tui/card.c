/* The household card: address, tenure, phone, note; residents with masked ID numbers
 * and phones and their tags (restricted ones as the neutral mark unless the operator may
 * see them); the visit history, newest first. One key reveals one field of the selected
 * resident for 30 s, after asking why; the reveal is audited. */
#include "wangge/common.h"
#include "wangge/audit.h"
#include "wangge/config.h"
#include "wangge/due.h"
#include "wangge/household.h"
#include "wangge/incident.h"
#include "wangge/mask.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"
#include "wangge/visit.h"

#include <curses.h>

#define REVEAL_SECONDS 30
#define CARD_VISITS 20

enum reveal_field { REVEAL_NONE, REVEAL_ID_NUMBER, REVEAL_PHONE_NUMBER };

struct card {
	char *id;
	struct wg_household hh;
	bool loaded;
	char **due;              /* follow-ups of this household: "name: reason" */
	size_t n_due;
	char **incidents;        /* "#12 矛盾纠纷 处置中 ..." */
	size_t n_incidents;
	bool sees;
	char error[256];
	int cursor;              /* selected resident */
	int first;               /* first line shown */
	int64_t reveal_resident;
	enum reveal_field reveal_field;
	time_t reveal_until;
	enum reveal_field asking;
	const char *editing;     /* "note" or "phone" while its prompt is open */
	int64_t edit_version;    /* the version the operator saw when starting the edit */
};

static void lines_free(char **l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

/* Follow-ups and incidents of the household, from its grid's lists. */
static void load_around(struct tui *t, struct card *c)
{
	struct wg_due_query q = { DUE_GRID, c->hh.grid_code, NULL, -1, false };
	struct wg_due_list due = { 0 };
	struct wg_incident_filter f = { 0 };
	struct wg_incident *inc = NULL;
	size_t n = 0, i;

	lines_free(c->due, c->n_due);
	lines_free(c->incidents, c->n_incidents);
	c->due = c->incidents = NULL;
	c->n_due = c->n_incidents = 0;
	if (due_list(t->db, t->cfg, &t->actor, &q, &due) == WG_OK) {
		for (i = 0; i < due.n; i++) {
			const struct wg_due_item *d = &due.items[i];

			if (!STREQ(d->household_id, c->id))
				continue;
			c->due = xrealloc(c->due, (c->n_due + 1) * sizeof(*c->due));
			c->due[c->n_due++] = xasprintf("%s%s %s: %s", d->days_overdue > 0 ? _("LATE ") : "",
				d->due, d->resident_name, d->reason ? d->reason : d->shown);
		}
	}
	due_list_free(&due);
	f.scope = INC_SCOPE_GRID;
	f.code = c->hh.grid_code;
	if (incident_list(t->db, &f, &inc, &n) == WG_OK) {
		for (i = 0; i < n; i++) {
			const struct wg_incident_type *type;

			if (!inc[i].household_id || !STREQ(inc[i].household_id, c->id))
				continue;
			type = config_incident_type(t->cfg, inc[i].type);
			c->incidents = xrealloc(c->incidents, (c->n_incidents + 1) * sizeof(*c->incidents));
			c->incidents[c->n_incidents++] = xasprintf("#%" PRId64 " %s %s%s %.10s %s",
				inc[i].seq, type ? type->name : inc[i].type,
				incident_state_name(inc[i].state), inc[i].overdue ? _(" (late)") : "",
				inc[i].reported_at ? inc[i].reported_at : "", inc[i].text ? inc[i].text : "");
		}
		incident_list_free(inc, n);
	}
}

static void load(struct tui *t, struct card *c)
{
	if (c->loaded)
		household_free(&c->hh);
	c->loaded = false;
	c->error[0] = '\0';
	if (household_load(t->db, t->cfg, c->id, CARD_VISITS, &c->hh) != WG_OK) {
		snprintf(c->error, sizeof(c->error), "%s", wg_error_msg());
		return;
	}
	c->loaded = true;
	c->sees = access_sees_restricted(t->db, &t->actor, c->hh.grid_code);
	if (c->cursor >= (int)c->hh.n_residents)
		c->cursor = (int)c->hh.n_residents - 1;
	if (c->cursor < 0)
		c->cursor = 0;
	tui_set_focus_grid(t, c->hh.grid_name);
	load_around(t, c);
}

void tui_open_card(struct tui *t, const char *household_id)
{
	struct card *c = xcalloc(1, sizeof(*c));

	c->id = xstrdup(household_id);
	tui_push(t, &tui_card_ops, c);
}

static void card_open(struct tui *t, struct tui_screen *s)
{
	struct card *c = s->data;

	load(t, c);
	if (c->loaded && c->sees && household_has_restricted(&c->hh, t->cfg))
		audit_log(t->db, t->actor.worker_id, "view.restricted", c->id, "screen");
}

static void card_resume(struct tui *t, struct tui_screen *s)
{
	load(t, s->data);
}

static void card_close(struct tui *t, struct tui_screen *s)
{
	struct card *c = s->data;

	(void)t;
	if (c->loaded)
		household_free(&c->hh);
	lines_free(c->due, c->n_due);
	lines_free(c->incidents, c->n_incidents);
	free(c->id);
	free(c);
}

static int age_of(const char *birth)
{
	char today[11];
	int by, bm, bd, ty, tm, td, age;

	if (!birth || !wg_date_parse(birth, &by, &bm, &bd))
		return -1;
	wg_today(today);
	wg_date_parse(today, &ty, &tm, &td);
	age = ty - by;
	if (tm < bm || (tm == bm && td < bd))
		age--;
	return age;
}

static bool revealed(const struct card *c, const struct wg_resident *r, enum reveal_field f)
{
	return c->reveal_field == f && c->reveal_resident == r->id && tui_clock() < c->reveal_until;
}

struct line {
	char *text;
	int attr;
	int resident;            /* index, or -1 */
};

static void add(struct line **l, size_t *n, int attr, int resident, char *text)
{
	*l = xrealloc(*l, (*n + 1) * sizeof(**l));
	(*l)[*n].text = text;
	(*l)[*n].attr = attr;
	(*l)[*n].resident = resident;
	(*n)++;
}

static const char *tenure_name(const char *code)
{
	if (!code)
		return "";
	if (STREQ(code, "owner"))
		return _("owner-occupied");
	if (STREQ(code, "rented"))
		return _("rented");
	if (STREQ(code, "vacant"))
		return _("vacant");
	return code;
}

static const char *named(const struct wg_named *list, size_t n, const char *code)
{
	const struct wg_named *x = config_named(list, n, code);

	return x ? x->name : code ? code : "";
}

static size_t build(struct tui *t, struct card *c, int cols, struct line **out)
{
	const struct wg_household *hh = &c->hh;
	struct line *l = NULL;
	size_t n = 0, i, j;
	char *phone = hh->phone ? mask_phone(hh->phone) : xstrdup("-");
	int nw = cols >= 100 ? 10 : 8, idw = cols >= 100 ? 20 : 18;

	add(&l, &n, A_BOLD, -1, xasprintf("%s  %s", hh->address, hh->door));
	add(&l, &n, 0, -1, xasprintf("%s %s  %s %s  %s %s", _("Tenure:"), tenure_name(hh->tenure),
		_("Phone:"), phone, _("Grid:"), hh->grid_name ? hh->grid_name : ""));
	free(phone);
	if (hh->note && *hh->note)
		add(&l, &n, 0, -1, xasprintf("%s %s", _("Note:"), hh->note));
	add(&l, &n, A_BOLD, -1, xasprintf(_("Residents (%zu)"), hh->n_residents));
	for (i = 0; i < hh->n_residents; i++) {
		const struct wg_resident *r = &hh->residents[i];
		char *id = !r->id_number ? xstrdup("-") : revealed(c, r, REVEAL_ID_NUMBER) ?
			xstrdup(r->id_number) : mask_id_number(r->id_number);
		char *ph = !r->phone ? xstrdup("-") : revealed(c, r, REVEAL_PHONE_NUMBER) ?
			xstrdup(r->phone) : mask_phone(r->phone);
		int age = age_of(r->birth);
		struct strbuf sb;

		sb_init(&sb);
		tw_fit(&sb, r->name, nw, 0);
		sb_add(&sb, " ");
		tw_fit(&sb, r->sex ? r->sex : "", 2, 0);
		sb_add(&sb, " ");
		if (age >= 0)
			sb_addf(&sb, "%3d ", age);
		else
			sb_add(&sb, "    ");
		tw_fit(&sb, r->relation ? r->relation : "", 4, 0);
		sb_add(&sb, " ");
		if (cols >= 60) {
			tw_fit(&sb, id, idw, 0);
			sb_add(&sb, " ");
			tw_fit(&sb, ph, 13, 0);
			sb_add(&sb, " ");
		}
		if (r->moved_out_at)
			sb_addf(&sb, "%s %s ", _("moved out"), r->moved_out_at);
		for (j = 0; j < r->n_tags; j++)
			sb_addf(&sb, "%s%s", j ? " " : "",
				household_category_label(t->cfg, r->tags[j], c->sees));
		add(&l, &n, 0, (int)i, sb_detach(&sb));
		if (cols < 60)   /* narrow: numbers on their own line */
			add(&l, &n, 0, (int)i, xasprintf("  %s  %s", id, ph));
		free(id);
		free(ph);
	}
	if (c->n_due) {
		add(&l, &n, 0, -1, xstrdup(""));
		add(&l, &n, A_BOLD, -1, xasprintf(_("Follow-ups (%zu)"), c->n_due));
		for (i = 0; i < c->n_due; i++)
			add(&l, &n, 0, -1, xasprintf("  %s", c->due[i]));
	}
	if (c->n_incidents) {
		add(&l, &n, 0, -1, xstrdup(""));
		add(&l, &n, A_BOLD, -1, xasprintf(_("Incidents (%zu)"), c->n_incidents));
		for (i = 0; i < c->n_incidents; i++)
			add(&l, &n, 0, -1, xasprintf("  %s", c->incidents[i]));
	}
	add(&l, &n, 0, -1, xstrdup(""));
	add(&l, &n, A_BOLD, -1, xasprintf(_("Visits (%zu, newest first)"), hh->n_visits));
	if (!hh->n_visits)
		add(&l, &n, 0, -1, xstrdup(_("  none yet: press v to record one")));
	for (i = 0; i < hh->n_visits; i++) {
		const struct wg_visit *v = &hh->visits[i];
		struct strbuf sb;

		sb_init(&sb);
		sb_addf(&sb, "%s %s %s %s", v->date,
			named(t->cfg->visit_kinds, t->cfg->n_visit_kinds, v->kind),
			named(t->cfg->outcomes, t->cfg->n_outcomes, v->outcome),
			v->worker_name ? v->worker_name : "");
		for (j = 0; j < v->n_met; j++)
			sb_addf(&sb, "%s%s", j ? "、" : " | ", v->met_names[j]);
		if (v->note && *v->note)
			sb_addf(&sb, " | %s", v->note);
		add(&l, &n, 0, -1, sb_detach(&sb));
	}
	*out = l;
	return n;
}

static void card_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct card *c = s->data;
	struct line *l;
	size_t n, i;
	int sel_line = -1, y;

	if (!c->loaded) {
		tui_text(top + 1, 1, cols - 2, c->error, A_BOLD, 0);
		return;
	}
	n = build(t, c, cols, &l);
	for (i = 0; i < n; i++)
		if (l[i].resident == c->cursor && sel_line < 0)
			sel_line = (int)i;
	/* keep the selected resident in view */
	if (sel_line >= 0) {
		if (sel_line < c->first)
			c->first = sel_line;
		if (sel_line >= c->first + rows)
			c->first = sel_line - rows + 1;
	}
	if (c->first > (int)n - rows)
		c->first = MAX(0, (int)n - rows);
	for (y = 0; y < rows && c->first + y < (int)n; y++) {
		struct line *x = &l[c->first + y];
		int attr = x->attr | (x->resident == c->cursor && x->resident >= 0 ? A_REVERSE : 0);

		tui_text(top + y, 0, cols, x->text, attr, 0);
	}
	for (i = 0; i < n; i++)
		free(l[i].text);
	free(l);
}

static void reveal_done(struct tui *t, void *ctx, const char *reason)
{
	struct card *c = ctx;
	const struct wg_resident *r;
	char object[32];
	char *detail;
	enum wg_status rc;

	if (!c->loaded || c->cursor >= (int)c->hh.n_residents)
		return;
	r = &c->hh.residents[c->cursor];
	snprintf(object, sizeof(object), "resident:%" PRId64, r->id);
	detail = xasprintf("%s: %s", c->asking == REVEAL_ID_NUMBER ? "id_number" : "phone", reason);
	rc = audit_log(t->db, t->actor.worker_id, "reveal", object, detail);
	free(detail);
	if (rc != WG_OK) {
		tui_message(t, true, "%s", wg_error_msg());
		return;
	}
	c->reveal_resident = r->id;
	c->reveal_field = c->asking;
	c->reveal_until = tui_clock() + REVEAL_SECONDS;
	tui_message(t, false, _("Shown for %d s; the reveal is in the audit log."), REVEAL_SECONDS);
}

static void edit_done(struct tui *t, void *ctx, const char *value)
{
	struct card *c = ctx;
	enum wg_status rc;

	rc = household_edit(t->db, &t->actor, c->id, c->edit_version, c->editing, value, NULL);
	load(t, c);
	if (rc == WG_OK) {
		tui_message(t, false, "%s", _("Saved."));
	} else if (rc == WG_CONFLICT && c->loaded) {
		tui_message(t, true, _("Not saved: %s changed this household at %s. The card now shows their version; edit again if needed."),
			c->hh.updated_by ? c->hh.updated_by : _("someone"),
			c->hh.updated_at ? c->hh.updated_at : "?");
	} else if (rc == WG_BUSY) {
		tui_message(t, true, "%s", _("The database is busy (someone else is saving). Try again in a moment."));
	} else {
		tui_message(t, true, "%s", wg_error_msg());
	}
}

static bool card_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct card *c = s->data;
	int n = c->loaded ? (int)c->hh.n_residents : 0;

	(void)key;
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_FIRST: case ACT_LAST:
		tui_list_move(act, &c->cursor, n, 1);
		return true;
	case ACT_PAGE_UP:
		c->first = MAX(0, c->first - (LINES - 4));
		return true;
	case ACT_PAGE_DOWN:
		c->first += LINES - 4;
		return true;
	case ACT_VISIT:
		if (c->loaded)
			tui_open_visit(t, c->id);
		return true;
	case ACT_REPORT_INCIDENT:
		if (c->loaded)
			tui_report_incident(t, c->id);
		return true;
	case ACT_REVEAL_ID:
	case ACT_REVEAL_PHONE:
		if (!n)
			return true;
		c->asking = act == ACT_REVEAL_ID ? REVEAL_ID_NUMBER : REVEAL_PHONE_NUMBER;
		tui_prompt(t, act == ACT_REVEAL_ID ?
			_("Why do you need this resident's full ID number? (Enter to show, Esc to cancel)") :
			_("Why do you need this resident's full phone number? (Enter to show, Esc to cancel)"),
			NULL, false, reveal_done, c);
		return true;
	case ACT_EDIT_NOTE:
	case ACT_EDIT_PHONE:
		if (!c->loaded)
			return true;
		c->editing = act == ACT_EDIT_NOTE ? "note" : "phone";
		c->edit_version = c->hh.version;
		tui_prompt(t, act == ACT_EDIT_NOTE ?
			_("The household's note (Enter to save, Esc to cancel):") :
			_("The household's phone (Enter to save, Esc to cancel):"),
			/* the phone starts empty: showing it here would reveal it unaudited */
			act == ACT_EDIT_NOTE ? c->hh.note : NULL, act == ACT_EDIT_NOTE, edit_done, c);
		return true;
	default:
		return false;
	}
}

const struct tui_screen_ops tui_card_ops = {
	.name = "card",
	.ctx = TUI_CTX_CARD | TUI_CTX_LIST,
	.personal = true,
	.open = card_open,
	.resume = card_resume,
	.draw = card_draw,
	.key = card_key,
	.close = card_close,
};
