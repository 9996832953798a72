/* Browse by place, for people who think in places: street → community → grid →
 * building → unit → households, with the number of households at each level. Enter goes
 * down (on a household: its card), Esc goes up. Each level is read when it opens. */
#include "wangge/common.h"
#include "wangge/store.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"

#include <curses.h>

enum level { L_STREET, L_COMMUNITY, L_GRID, L_BUILDING, L_UNIT, L_HOUSEHOLD };

struct item {
	char *key;               /* code, building id, unit or household id */
	char *label;
	int64_t count;           /* households below */
};

struct frame {
	enum level level;
	char *parent;            /* key of the item opened to get here */
	char *building;          /* for units and households */
	char *title;
	struct item *items;
	size_t n;
	int cursor, first;
};

struct browse {
	struct frame stack[L_HOUSEHOLD + 1];
	int depth;               /* index of the frame shown */
};

#define LIVE_HH "h.departed_at IS NULL"

static const char *const level_sql[] = {
	[L_STREET] =
		"SELECT s.code, s.name, (SELECT COUNT(*) FROM household h"
		" JOIN building b ON b.id = h.building_id JOIN grid g ON g.code = b.grid_code"
		" JOIN community c ON c.code = g.community_code"
		" WHERE c.street_code = s.code AND " LIVE_HH ") FROM street s WHERE ?1 IS NULL"
		" ORDER BY s.code",
	[L_COMMUNITY] =
		"SELECT c.code, c.name, (SELECT COUNT(*) FROM household h"
		" JOIN building b ON b.id = h.building_id JOIN grid g ON g.code = b.grid_code"
		" WHERE g.community_code = c.code AND " LIVE_HH ") FROM community c"
		" WHERE c.street_code = ?1 AND c.departed_at IS NULL ORDER BY c.code",
	[L_GRID] =
		"SELECT g.code, g.name, (SELECT COUNT(*) FROM household h"
		" JOIN building b ON b.id = h.building_id"
		" WHERE b.grid_code = g.code AND " LIVE_HH ") FROM grid g"
		" WHERE g.community_code = ?1 AND g.departed_at IS NULL ORDER BY g.code",
	[L_BUILDING] =
		"SELECT b.id, COALESCE(b.compound || ' ', '') || b.name, (SELECT COUNT(*) FROM household h"
		" WHERE h.building_id = b.id AND " LIVE_HH ") FROM building b"
		" WHERE b.grid_code = ?1 AND b.departed_at IS NULL ORDER BY b.walk_key",
	[L_UNIT] =
		"SELECT COALESCE(h.unit, ''), COALESCE(h.unit, ''), COUNT(*) FROM household h"
		" WHERE h.building_id = ?1 AND " LIVE_HH " GROUP BY h.unit ORDER BY MIN(h.walk_key)",
	[L_HOUSEHOLD] =
		"SELECT h.id, h.room || '  ' || COALESCE((SELECT r.name FROM resident r"
		"  WHERE r.household_id = h.id AND r.departed_at IS NULL AND r.moved_out_at IS NULL"
		"  ORDER BY r.relation = '户主' DESC, r.position LIMIT 1), ''),"
		" (SELECT COUNT(*) FROM resident r WHERE r.household_id = h.id"
		"  AND r.departed_at IS NULL AND r.moved_out_at IS NULL)"
		" FROM household h WHERE h.building_id = ?2 AND COALESCE(h.unit, '') = ?1"
		" AND " LIVE_HH " ORDER BY h.walk_key",
};

static void frame_free(struct frame *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->items[i].key);
		free(f->items[i].label);
	}
	free(f->items);
	free(f->parent);
	free(f->building);
	free(f->title);
	memset(f, 0, sizeof(*f));
}

static void frame_load(struct tui *t, struct frame *f)
{
	struct db_stmt *st = db_prepare(t->db, level_sql[f->level]);
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->items[i].key);
		free(f->items[i].label);
	}
	free(f->items);
	f->items = NULL;
	f->n = 0;
	db_bind_text(st, 1, f->parent);
	if (f->level == L_HOUSEHOLD)
		db_bind_text(st, 2, f->building);
	while (db_row(st)) {
		struct item *it;

		f->items = xrealloc(f->items, (f->n + 1) * sizeof(*f->items));
		it = &f->items[f->n++];
		it->key = xstrdup(db_text(st, 0) ? db_text(st, 0) : "");
		it->label = xstrdup(db_text(st, 1) ? db_text(st, 1) : "");
		it->count = db_int(st, 2);
	}
	if (db_finish(st) != WG_OK)
		tui_message(t, true, "%s", wg_error_msg());
}

static void browse_open(struct tui *t, struct tui_screen *s)
{
	struct browse *b = xcalloc(1, sizeof(*b));

	s->data = b;
	b->stack[0].level = L_STREET;
	b->stack[0].title = xstrdup(_("Streets"));
	frame_load(t, &b->stack[0]);
}

static void browse_resume(struct tui *t, struct tui_screen *s)
{
	struct browse *b = s->data;

	tui_set_focus_grid(t, NULL);
	frame_load(t, &b->stack[b->depth]);
}

static void browse_close(struct tui *t, struct tui_screen *s)
{
	struct browse *b = s->data;
	int i;

	(void)t;
	for (i = 0; i <= L_HOUSEHOLD; i++)
		frame_free(&b->stack[i]);
	free(b);
}

static void browse_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct browse *b = s->data;
	struct frame *f = &b->stack[b->depth];
	int i, list_rows = rows - 1, cw = 8;
	const char *title;

	(void)t;
	/* a long path keeps its end: the level you are in */
	title = f->title;
	while (tw_width(title) > cols && strstr(title + 1, " > "))
		title = strstr(title + 1, " > ");
	if (title != f->title) {
		char *t2 = xasprintf("%s%s", TW_ELLIPSIS, title);

		tui_text(top, 0, cols, t2, A_BOLD, 0);
		free(t2);
	} else {
		tui_text(top, 0, cols, title, A_BOLD, 0);
	}
	tui_scroll(&f->cursor, &f->first, (int)f->n, list_rows);
	for (i = 0; i < list_rows && f->first + i < (int)f->n; i++) {
		const struct item *it = &f->items[f->first + i];
		int attr = f->first + i == f->cursor ? A_REVERSE : 0;
		char count[32];
		char *label = f->level != L_UNIT ? xstrdup(it->label) : *it->label ?
			xasprintf(_("unit %s"), it->label) : xstrdup(_("(no unit)"));

		snprintf(count, sizeof(count), "%" PRId64 "%s", it->count,
			f->level == L_HOUSEHOLD ? _("p.") : _(" hh"));
		tui_text(top + 1 + i, 1, cols - cw - 2, label, attr, 0);
		tui_text(top + 1 + i, cols - cw - 1, cw, count, attr, TW_RIGHT);
		free(label);
	}
	if (!f->n)
		tui_text(top + 1, 1, cols - 1, _("nothing here"), 0, 0);
}

static bool browse_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct browse *b = s->data;
	struct frame *f = &b->stack[b->depth], *down;
	const struct item *it;

	(void)key;
	if (tui_list_move(act, &f->cursor, (int)f->n, LINES - 4))
		return true;
	if (act == ACT_BACK) {
		if (b->depth == 0) {
			tui_pop(t);
			return true;
		}
		frame_free(f);
		b->depth--;
		frame_load(t, &b->stack[b->depth]);
		return true;
	}
	if (act != ACT_OPEN || !f->n)
		return false;
	it = &f->items[f->cursor];
	if (f->level == L_HOUSEHOLD) {
		tui_open_card(t, it->key);
		return true;
	}
	down = &b->stack[b->depth + 1];
	frame_free(down);
	down->level = f->level + 1;
	down->parent = xstrdup(it->key);
	down->building = f->level == L_UNIT ? xstrdup(f->parent) :
		f->level == L_BUILDING ? xstrdup(it->key) : NULL;
	if (f->level == L_UNIT && *it->label) {
		char *unit = xasprintf(_("unit %s"), it->label);

		down->title = xasprintf("%s > %s", f->title, unit);
		free(unit);
	} else if (f->level == L_UNIT) {
		down->title = xasprintf("%s > %s", f->title, _("(no unit)"));
	}
	else
		down->title = b->depth ? xasprintf("%s > %s", f->title, it->label) : xstrdup(it->label);
	b->depth++;
	frame_load(t, down);
	return true;
}

const struct tui_screen_ops tui_browse_ops = {
	.name = "browse",
	.ctx = TUI_CTX_LIST | TUI_CTX_BROWSE,
	.personal = true,
	.open = browse_open,
	.resume = browse_resume,
	.draw = browse_draw,
	.key = browse_key,
	.close = browse_close,
};
