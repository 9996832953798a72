/* Keying a printed checklist back in (回填), and printing one. The sheet id on paper
 * opens the sheet's lines in walking order; one keystroke per outcome, digits tick the
 * printed items, Enter saves the line as a visit (keying_save: a line keyed before is
 * never saved twice) and moves on. Lines left without an outcome are skipped. */
#include "wangge/common.h"
#include "wangge/audit.h"
#include "wangge/cli.h"
#include "wangge/checklist.h"
#include "wangge/config.h"
#include "wangge/store.h"
#include "wangge/keying.h"
#include "wangge/print.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"

#include <curses.h>

struct key_row {
	const char *outcome;     /* code, NULL until typed */
	bool *ticked;            /* per printed item */
	char *note;
	char done[40];           /* "" or what happened: saved / keyed before */
};

struct keying {
	struct cl_sheet *sheet;
	struct key_row *rows;
	char date[11];
	int cursor, first;
	int saved, again;
};

static const struct {
	int key;
	const char *code;
} outcome_keys[] = { { 'm', "met" }, { 'n', "not_home" }, { 'r', "refused" }, { 'x', "moved_out" } };

static void keying_close(struct tui *t, struct tui_screen *s)
{
	struct keying *k = s->data;

	(void)t;
	for (size_t i = 0; k->sheet && i < k->sheet->n_blocks; i++) {
		free(k->rows[i].ticked);
		free(k->rows[i].note);
	}
	free(k->rows);
	checklist_free(k->sheet);
	free(k);
}

/* Lines keyed before show so, and are not offered again. */
static void mark_keyed_before(struct tui *t, struct keying *k)
{
	struct db_stmt *st = db_prepare(t->db, "SELECT sheet_line FROM visit WHERE sheet_id = ?1");

	db_bind_text(st, 1, k->sheet->id);
	while (db_row(st))
		for (size_t i = 0; i < k->sheet->n_blocks; i++)
			if (k->sheet->blocks[i].line == (int)db_int(st, 0))
				snprintf(k->rows[i].done, sizeof k->rows[i].done, "%s", _("keyed before"));
	db_finish(st);
}

static void open_sheet(struct tui *t, void *ctx, const char *text)
{
	struct keying *k = xcalloc(1, sizeof(*k));
	char *buf = xstrdup(text);
	enum wg_status rc = checklist_load(t->db, t->cfg, wg_trim(buf), &k->sheet);

	(void)ctx;
	free(buf);      /* not the trimmed pointer: it is inside buf after a leading space */
	if (rc != WG_OK) {
		free(k);
		tui_message(t, true, "%s", wg_error_msg());
		return;
	}
	k->rows = xcalloc(k->sheet->n_blocks + 1, sizeof(*k->rows));
	for (size_t i = 0; i < k->sheet->n_blocks; i++)
		k->rows[i].ticked = xcalloc(k->sheet->blocks[i].n_items + 1, sizeof(bool));
	snprintf(k->date, sizeof k->date, "%s", k->sheet->date);
	mark_keyed_before(t, k);
	tui_push(t, &tui_keying_ops, k);
}

void tui_key_in(struct tui *t)
{
	tui_prompt(t, _("Key a printed sheet back in: the sheet id (top right of every page)"),
		NULL, false, open_sheet, NULL);
}

static void keying_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct keying *k = s->data;
	const struct cl_sheet *sh = k->sheet;
	char *title;
	int y = top + 2, list_rows = rows - 6;

	(void)t;
	title = xasprintf(_("Keying sheet %s · %s · visits dated %s · %d saved, %d keyed before"),
		sh->id, sh->grid ? sh->grid : "", k->date, k->saved, k->again);
	tui_text(top, 0, cols, title, A_BOLD, 0);
	free(title);
	tui_text(top + 1, 0, cols, "", 0, 0);
	if (sh->n_blocks == 0) {
		tui_text(y, 1, cols - 1, _("No households to visit."), 0, 0);
		return;
	}
	if (list_rows < 1)
		list_rows = 1;
	tui_scroll(&k->cursor, &k->first, (int)sh->n_blocks, list_rows);
	for (int i = 0; i < list_rows && k->first + i < (int)sh->n_blocks; i++) {
		const struct cl_block *b = &sh->blocks[k->first + i];
		const struct key_row *r = &k->rows[k->first + i];
		const struct wg_named *o = r->outcome ? config_outcome(t->cfg, r->outcome) : NULL;
		char *line = xasprintf("%3d. %s  %s  %s%s", b->line, b->address, b->head,
			r->done[0] ? r->done : o ? o->name : "·", r->note ? " ✎" : "");

		tui_text(y + i, 0, cols, line, k->first + i == k->cursor ? A_REVERSE : 0, 0);
		free(line);
	}
	/* the line under the cursor: its printed items, ticked or not, and the note */
	{
		const struct cl_block *b = &sh->blocks[k->cursor];
		const struct key_row *r = &k->rows[k->cursor];
		struct strbuf sb;
		int py = top + rows - 4;

		sb_init(&sb);
		sb_add(&sb, _("Items: "));
		for (size_t i = 0; i < b->n_items && i < 9; i++)
			sb_addf(&sb, "%zu[%s]%s  ", i + 1, r->ticked[i] ? "x" : " ", b->items[i]);
		if (!b->n_items)
			sb_add(&sb, "—");
		tui_text_wrapped(py, 1, cols - 1, 2, sb.buf, 0);
		sb_free(&sb);
		title = xasprintf("%s%s", _("Note: "), r->note ? r->note : "");
		tui_text(py + 2, 1, cols - 1, title, 0, 0);
		free(title);
	}
}

static void set_note(struct tui *t, void *ctx, const char *text)
{
	struct keying *k = ctx;

	(void)t;
	free(k->rows[k->cursor].note);
	k->rows[k->cursor].note = *text ? xstrdup(text) : NULL;
}

static void set_date(struct tui *t, void *ctx, const char *text)
{
	struct keying *k = ctx;
	char *buf = xstrdup(text), *d = wg_trim(buf);

	if (wg_date_valid(d))
		snprintf(k->date, sizeof k->date, "%s", d);
	else
		tui_message(t, true, _("'%s' is not a date; write YYYY-MM-DD"), d);
	free(buf);
}

static void save_line(struct tui *t, struct keying *k)
{
	const struct cl_block *b = &k->sheet->blocks[k->cursor];
	struct key_row *r = &k->rows[k->cursor];
	int *items = xcalloc(b->n_items + 1, sizeof(int));
	struct key_line kl = { .line = b->line, .outcome = r->outcome, .items = items,
		.note = r->note };
	enum wg_status rc;
	char id[37];

	for (size_t i = 0; i < b->n_items; i++)
		if (r->ticked[i])
			items[kl.n_items++] = (int)i + 1;
	rc = keying_save(t->db, t->cfg, &t->actor, k->sheet, &kl, k->date, NULL, id);
	free(items);
	if (rc == WG_OK) {
		k->saved++;
		snprintf(r->done, sizeof r->done, "%s", _("saved"));
	} else if (rc == WG_EXISTS) {
		k->again++;
		snprintf(r->done, sizeof r->done, "%s", _("keyed before"));
	} else {
		tui_message(t, true, "%s", wg_error_msg());
		return;
	}
	if (k->cursor + 1 < (int)k->sheet->n_blocks)
		k->cursor++;
}

static bool keying_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct keying *k = s->data;
	struct key_row *r;

	if (!k->sheet->n_blocks)
		return false;
	r = &k->rows[k->cursor];
	if (tui_list_move(act, &k->cursor, (int)k->sheet->n_blocks, LINES - 8))
		return true;
	switch (act) {
	case ACT_KEY_OUTCOME:
		if (r->done[0])
			break;
		for (size_t i = 0; i < ARRAY_SIZE(outcome_keys); i++)
			if (outcome_keys[i].key == key)
				r->outcome = outcome_keys[i].code;
		return true;
	case ACT_KEY_ITEM:
		if (!r->done[0] && key >= '1' && (size_t)(key - '1') < k->sheet->blocks[k->cursor].n_items)
			r->ticked[key - '1'] = !r->ticked[key - '1'];
		return true;
	case ACT_KEY_NOTE:
		if (!r->done[0])
			tui_prompt(t, _("Note for this line:"), r->note, true, set_note, k);
		return true;
	case ACT_KEY_DATE:
		tui_prompt(t, _("Date of the visits (YYYY-MM-DD):"), k->date, false, set_date, k);
		return true;
	case ACT_KEY_SAVE:
		if (r->done[0] || !r->outcome) {
			/* nothing to save here: a line not filled in is skipped */
			if (k->cursor + 1 < (int)k->sheet->n_blocks)
				k->cursor++;
			return true;
		}
		save_line(t, k);
		return true;
	default:
		break;
	}
	return false;
}

const struct tui_screen_ops tui_keying_ops = {
	.name = "keying",
	.ctx = TUI_CTX_KEYING | TUI_CTX_LIST,
	.personal = true,
	.draw = keying_draw,
	.key = keying_key,
	.close = keying_close,
};

/* ---- printing ---- */

static void print_answer(struct tui *t, void *ctx, const char *text)
{
	struct cl_request req = { .worker_id = t->actor.worker_id };
	struct print_delivery d;
	struct cl_sheet *sheet = NULL;
	enum wg_status rc;
	char *detail;

	(void)ctx;
	if (STREQ(text, "2"))
		req.due_only = true;
	else if (!STREQ(text, "1")) {
		tui_message(t, true, "%s", _("Type 1 or 2."));
		return;
	}
	rc = checklist_build(t->db, t->cfg, &req, &sheet);
	if (rc == WG_OK)
		rc = checklist_save(t->db, sheet, t->actor.worker_id);
	if (rc == WG_OK)
		rc = print_deliver(sheet, t->app->db_path, NULL, false, &d);
	if (rc != WG_OK) {
		tui_message(t, true, "%s", wg_error_msg());
		checklist_free(sheet);
		return;
	}
	detail = xasprintf("%zu households, pdf, screen", sheet->n_blocks);
	audit_log(t->db, t->actor.worker_id, "print", sheet->id, detail);
	free(detail);
	if (d.printed)
		tui_message(t, false, _("Sheet %s: %zu households, %d pages, sent to the printer; "
			"F6 keys it back in."), sheet->id, sheet->n_blocks, d.pages);
	else
		tui_message(t, true, _("Not printed, kept as %s: %s"), d.path, d.problem);
	print_delivery_free(&d);
	checklist_free(sheet);
}

void tui_print(struct tui *t)
{
	tui_prompt(t, _("Print tomorrow's checklist of your grids: 1 every household, "
		"2 only follow-ups due"), NULL, false, print_answer, NULL);
}
