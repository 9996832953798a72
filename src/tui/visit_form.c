/* The visit entry form: kind, outcome (one key: 1-9), residents met (default: everyone
 * living there), the checklist items of the categories of the residents met, a note.
 * Saving is one call to visit_add (one transaction); the card shows it at once. */
#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/household.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"
#include "wangge/visit.h"

#include <curses.h>

enum row_kind { ROW_KIND, ROW_OUTCOME, ROW_DATE, ROW_RESIDENT, ROW_ITEM, ROW_NOTE };

struct form_row {
	enum row_kind kind;
	size_t index;            /* resident or item */
};

struct visit_form {
	char *id;
	struct wg_household hh;
	bool loaded, sees;
	size_t kind, outcome;
	bool *met;               /* per resident */
	char **items;            /* checklist items of the categories met */
	bool *ticked;
	size_t n_items;
	struct tui_input note;
	struct tui_input date;   /* YYYY-MM-DD, today unless keyed from a paper sheet */
	struct form_row *rows;
	size_t n_rows;
	int cursor, first;
	char error[512];
};

static bool item_known(struct visit_form *f, const char *item, size_t *at)
{
	size_t i;

	for (i = 0; i < f->n_items; i++) {
		if (STREQ(f->items[i], item)) {
			*at = i;
			return true;
		}
	}
	return false;
}

/* Checklist items for the categories of the residents met; ticks are kept by text. */
static void rebuild(struct tui *t, struct visit_form *f)
{
	char **old = f->items;
	bool *old_ticked = f->ticked;
	size_t old_n = f->n_items, i, j, k, at;

	f->items = NULL;
	f->ticked = NULL;
	f->n_items = 0;
	for (i = 0; i < f->hh.n_residents; i++) {
		const struct wg_resident *r = &f->hh.residents[i];

		if (!f->met[i])
			continue;
		for (j = 0; j < r->n_tags; j++) {
			const struct wg_category *cat = config_category(t->cfg, r->tags[j]);

			if (!cat || (cat->restricted && !f->sees))
				continue;
			for (k = 0; k < cat->n_checklist; k++) {
				if (item_known(f, cat->checklist[k], &at))
					continue;
				f->items = xrealloc(f->items, (f->n_items + 1) * sizeof(*f->items));
				f->ticked = xrealloc(f->ticked, (f->n_items + 1) * sizeof(*f->ticked));
				f->items[f->n_items] = xstrdup(cat->checklist[k]);
				f->ticked[f->n_items] = false;
				f->n_items++;
			}
		}
	}
	for (i = 0; i < old_n; i++) {
		if (old_ticked[i] && item_known(f, old[i], &at))
			f->ticked[at] = true;
		free(old[i]);
	}
	free(old);
	free(old_ticked);

	free(f->rows);
	f->n_rows = 0;
	f->rows = xcalloc(4 + f->hh.n_residents + f->n_items, sizeof(*f->rows));
	f->rows[f->n_rows++] = (struct form_row){ ROW_KIND, 0 };
	f->rows[f->n_rows++] = (struct form_row){ ROW_OUTCOME, 0 };
	f->rows[f->n_rows++] = (struct form_row){ ROW_DATE, 0 };
	for (i = 0; i < f->hh.n_residents; i++)
		if (!f->hh.residents[i].moved_out_at)
			f->rows[f->n_rows++] = (struct form_row){ ROW_RESIDENT, i };
	for (i = 0; i < f->n_items; i++)
		f->rows[f->n_rows++] = (struct form_row){ ROW_ITEM, i };
	f->rows[f->n_rows++] = (struct form_row){ ROW_NOTE, 0 };
}

void tui_open_visit(struct tui *t, const char *household_id)
{
	struct visit_form *f = xcalloc(1, sizeof(*f));

	f->id = xstrdup(household_id);
	tui_push(t, &tui_visit_ops, f);
}

static void form_open(struct tui *t, struct tui_screen *s)
{
	struct visit_form *f = s->data;
	size_t i;
	char today[11];


	tui_input_init(&f->note, false, 2000);
	tui_input_init(&f->date, false, 16);
	wg_today(today);
	sb_add(&f->date.text, today);
	if (household_load(t->db, t->cfg, f->id, 0, &f->hh) != WG_OK) {
		snprintf(f->error, sizeof(f->error), "%s", wg_error_msg());
		return;
	}
	f->loaded = true;
	f->sees = access_sees_restricted(t->db, &t->actor, f->hh.grid_code);
	f->met = xcalloc(f->hh.n_residents + 1, sizeof(*f->met));
	for (i = 0; i < f->hh.n_residents; i++)
		f->met[i] = !f->hh.residents[i].moved_out_at;
	for (i = 0; i < t->cfg->n_outcomes; i++)
		if (STREQ(t->cfg->outcomes[i].code, "met"))
			f->outcome = i;
	rebuild(t, f);
}

static void form_close(struct tui *t, struct tui_screen *s)
{
	struct visit_form *f = s->data;
	size_t i;

	(void)t;
	if (f->loaded)
		household_free(&f->hh);
	for (i = 0; i < f->n_items; i++)
		free(f->items[i]);
	free(f->items);
	free(f->ticked);
	free(f->met);
	free(f->rows);
	tui_input_free(&f->note);
	tui_input_free(&f->date);
	free(f->id);
	free(f);
}

static void form_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct visit_form *f = s->data;
	const struct wg_config *cfg = t->cfg;
	int y, i, list_rows, note_y = -1, date_y = -1;
	char *head;

	if (!f->loaded) {
		tui_text(top + 1, 1, cols - 2, f->error, A_BOLD, 0);
		return;
	}
	head = xasprintf("%s %s", _("Visit:"), f->hh.address);
	tui_text(top, 0, cols, head, A_BOLD, 0);
	free(head);
	list_rows = rows - 1 - (f->error[0] ? 1 : 0);
	tui_scroll(&f->cursor, &f->first, (int)f->n_rows, list_rows);
	for (i = 0; i < list_rows && f->first + i < (int)f->n_rows; i++) {
		const struct form_row *r = &f->rows[f->first + i];
		int attr = f->first + i == f->cursor ? A_REVERSE : 0;
		char *text = NULL;
		size_t k;
		struct strbuf sb;

		y = top + 1 + i;
		switch (r->kind) {
		case ROW_KIND:
			text = xasprintf("%s %s", _("Kind (Space):"),
				cfg->n_visit_kinds ? cfg->visit_kinds[f->kind].name : "");
			break;
		case ROW_OUTCOME:
			sb_init(&sb);
			sb_addf(&sb, "%s", _("Outcome:"));
			for (k = 0; k < cfg->n_outcomes && k < 9; k++)
				sb_addf(&sb, k == f->outcome ? " [%zu %s]" : "  %zu %s ", k + 1,
					cfg->outcomes[k].name);
			text = sb_detach(&sb);
			break;
		case ROW_RESIDENT:
			text = xasprintf("[%s] %s %s", f->met[r->index] ? "x" : " ", _("met"),
				f->hh.residents[r->index].name);
			break;
		case ROW_ITEM:
			text = xasprintf("[%s] %s", f->ticked[r->index] ? "x" : " ", f->items[r->index]);
			break;
		case ROW_DATE:
			date_y = y;
			break;
		case ROW_NOTE:
			note_y = y;
			break;
		}
		if (text) {
			tui_text(y, 1, cols - 1, text, attr, 0);
			free(text);
		}
	}
	if (f->error[0])
		tui_text(top + rows - 1, 0, cols, f->error, A_BOLD, 0);
	if (date_y >= 0)
		tui_input_draw(&f->date, date_y, 1, MIN(cols - 1, 30), _("Date: "));
	if (note_y >= 0)
		tui_input_draw(&f->note, note_y, 1, cols - 1, _("Note: "));
	/* the terminal cursor only where typing goes */
	if (f->rows[f->cursor].kind == ROW_DATE && date_y >= 0)
		tui_input_draw(&f->date, date_y, 1, MIN(cols - 1, 30), _("Date: "));
	else if (f->rows[f->cursor].kind == ROW_NOTE && note_y >= 0)
		tui_input_draw(&f->note, note_y, 1, cols - 1, _("Note: "));
	else
		tui_cursor(-1, -1);
}

static void save(struct tui *t, struct visit_form *f)
{
	const struct wg_config *cfg = t->cfg;
	int64_t *ids = xcalloc(f->hh.n_residents + 1, sizeof(*ids));
	const char **items = xcalloc(f->n_items + 1, sizeof(*items));
	struct wg_visit_new v = { 0 };
	size_t i, n_ids = 0, n_items = 0;
	enum wg_status rc;
	bool met_outcome;

	met_outcome = cfg->n_outcomes && STREQ(cfg->outcomes[f->outcome].code, "met");
	for (i = 0; i < f->hh.n_residents; i++)
		if (f->met[i] && met_outcome)
			ids[n_ids++] = f->hh.residents[i].id;
	for (i = 0; i < f->n_items; i++)
		if (f->ticked[i])
			items[n_items++] = f->items[i];
	v.household_id = f->id;
	v.worker_id = t->actor.worker_id;
	v.kind = cfg->n_visit_kinds ? cfg->visit_kinds[f->kind].code : NULL;
	v.outcome = cfg->n_outcomes ? cfg->outcomes[f->outcome].code : NULL;
	v.resident_ids = ids;
	v.n_resident_ids = n_ids;
	v.items = items;
	v.n_items = n_items;
	v.note = *tui_input_text(&f->note) ? tui_input_text(&f->note) : NULL;
	v.date = tui_input_text(&f->date);
	rc = visit_add(t->db, cfg, &t->actor, &v, NULL);
	free(ids);
	free(items);
	if (rc == WG_OK) {
		tui_pop(t);
		tui_message(t, false, "%s", _("Visit saved."));
		return;
	}
	if (rc == WG_BUSY)
		snprintf(f->error, sizeof(f->error), "%s",
			_("The database is busy (someone else is saving). Press ^S again in a moment."));
	else
		snprintf(f->error, sizeof(f->error), "%s", wg_error_msg());
}

static bool form_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct visit_form *f = s->data;
	const struct wg_config *cfg = t->cfg;
	const struct form_row *r;

	if (!f->loaded)
		return false;
	r = &f->rows[f->cursor];
	if (act == ACT_SAVE) {
		save(t, f);
		return true;
	}
	if (r->kind == ROW_DATE && (tui_key_printable(key) || key == TUI_KEY_FN + KEY_BACKSPACE ||
			key == 0x7F || key == 8)) {
		if (!tui_key_printable(key) || (key >= '0' && key <= '9') || key == '-')
			tui_input_key(&f->date, key);
		return true;
	}
	if (r->kind == ROW_NOTE && (tui_key_printable(key) || key == TUI_KEY_FN + KEY_BACKSPACE ||
			key == 0x7F || key == 8)) {
		tui_input_key(&f->note, key);
		return true;
	}
	if (key >= '1' && key <= '9' && (size_t)(key - '1') < cfg->n_outcomes) {
		f->outcome = (size_t)(key - '1');
		return true;
	}
	if (act == ACT_NEXT_FIELD || key == '\n')
		act = ACT_DOWN;
	if (tui_list_move(act, &f->cursor, (int)f->n_rows, LINES - 4))
		return true;
	if (act == ACT_TOGGLE || key == TUI_KEY_FN + KEY_LEFT || key == TUI_KEY_FN + KEY_RIGHT) {
		int step = key == TUI_KEY_FN + KEY_LEFT ? -1 : 1;

		switch (r->kind) {
		case ROW_KIND:
			if (cfg->n_visit_kinds)
				f->kind = (f->kind + cfg->n_visit_kinds + (size_t)step) % cfg->n_visit_kinds;
			break;
		case ROW_OUTCOME:
			if (cfg->n_outcomes)
				f->outcome = (f->outcome + cfg->n_outcomes + (size_t)step) % cfg->n_outcomes;
			break;
		case ROW_RESIDENT:
			f->met[r->index] = !f->met[r->index];
			rebuild(t, f);
			break;
		case ROW_ITEM:
			f->ticked[r->index] = !f->ticked[r->index];
			break;
		case ROW_DATE:
		case ROW_NOTE:
			break;
		}
		return true;
	}
	if (act == ACT_BACK) {
		tui_pop(t);
		tui_message(t, false, "%s", _("Visit not saved."));
		return true;
	}
	return act != ACT_QUIT && act != ACT_HELP && act != ACT_LOCK;
}

const struct tui_screen_ops tui_visit_ops = {
	.name = "visit",
	.ctx = TUI_CTX_FORM | TUI_CTX_LIST,
	.personal = true,
	.open = form_open,
	.draw = form_draw,
	.key = form_key,
	.close = form_close,
};
