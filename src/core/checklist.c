/* Building the visit checklist: households of a grid (or a worker's grids) in walking
 * order, with masked phone and ID, category marks and checklist items. Restricted
 * categories never reach paper: they print as the neutral mark with a neutral item. */
#include "wangge/common.h"
#include "wangge/address.h"
#include "wangge/checklist.h"
#include "wangge/access.h"
#include "wangge/config.h"
#include "wangge/due.h"
#include "wangge/mask.h"
#include "wangge/store.h"

/* Households in walking order: grid, building, unit, floor, room (numbers as numbers). */
static const char households_sql[] =
	"SELECT h.id, s.name, c.name, g.name, b.compound, b.name, h.unit, h.room, h.phone,"
	"       h.tenure, g.code"
	"  FROM household h"
	"  JOIN building b ON b.id = h.building_id"
	"  JOIN grid g ON g.code = b.grid_code"
	"  JOIN community c ON c.code = g.community_code"
	"  JOIN street s ON s.code = c.street_code"
	" WHERE h.departed_at IS NULL"
	"   AND (g.code = ?1 OR g.code IN (SELECT grid_code FROM grid_worker WHERE worker_id = ?2))"
	" ORDER BY g.code, b.walk_key, h.walk_key";

static const char head_sql[] =
	"SELECT name, id_number, phone FROM resident"
	" WHERE household_id = ? AND departed_at IS NULL AND moved_out_at IS NULL"
	" ORDER BY relation = '户主' DESC, position LIMIT 1";

static const char count_sql[] =
	"SELECT count(*) FROM resident"
	" WHERE household_id = ? AND departed_at IS NULL AND moved_out_at IS NULL";

static const char tags_sql[] =
	"SELECT DISTINCT t.category FROM resident_tag t JOIN resident r ON r.id = t.resident_id"
	" WHERE r.household_id = ? AND t.removed_at IS NULL"
	"   AND r.departed_at IS NULL AND r.moved_out_at IS NULL"
	" ORDER BY t.category";

static bool has_string(char **list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (STREQ(list[i], s))
			return true;
	return false;
}

static void add_item(struct cl_block *b, const char *item)
{
	if (has_string(b->items, b->n_items, item))
		return;
	b->items = xrealloc(b->items, (b->n_items + 1) * sizeof(char *));
	b->items[b->n_items++] = xstrdup(item);
}

/* Marks and items from the household's categories. */
static void fill_categories(struct wg_db *db, const struct wg_config *cfg, struct cl_block *b)
{
	struct db_stmt *st = db_prepare(db, tags_sql);
	struct strbuf marks;
	bool neutral = false;

	sb_init(&marks);
	db_bind_text(st, 1, b->household_id);
	while (db_row(st)) {
		const struct wg_category *cat = config_category(cfg, db_text(st, 0));
		size_t i;

		if (!cat)
			continue;
		if (cat->restricted) {
			neutral = true;
			continue;
		}
		if (marks.len)
			sb_add(&marks, _(", "));
		sb_add(&marks, cat->name);
		for (i = 0; i < cat->n_checklist; i++)
			add_item(b, cat->checklist[i]);
	}
	db_finish(st);
	if (neutral) {
		if (marks.len)
			sb_add(&marks, _(", "));
		sb_add(&marks, cfg->neutral_mark);
		add_item(b, _("items for special attention (see wangge)"));
	}
	b->marks = sb_detach(&marks);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Households with a follow-up due on or before date, sorted for bsearch. */
static enum wg_status due_households(struct wg_db *db, const struct wg_config *cfg,
	const struct cl_request *req, const char *date, char ***out, size_t *n)
{
	struct wg_due_query q = {
		.scope = req->grid_code ? DUE_GRID : DUE_WORKER,
		.code = req->grid_code ? req->grid_code : req->worker_id,
		.on = date,
		.within = 0,
		.include_hidden = true,   /* the sheet prints only the neutral mark */
	};
	struct wg_due_list list;
	struct wg_actor nobody;
	enum wg_status rc;

	actor_nobody(&nobody);
	*out = NULL;
	*n = 0;
	rc = due_list(db, cfg, &nobody, &q, &list);
	if (rc == WG_OK && list.n) {
		*out = xcalloc(list.n, sizeof(char *));
		for (size_t i = 0; i < list.n; i++)
			(*out)[(*n)++] = xstrdup(list.items[i].household_id);
		qsort(*out, *n, sizeof(char *), cmp_str);
	}
	due_list_free(&list);
	return rc;
}

static void fill_block(struct wg_db *db, const struct wg_config *cfg, struct db_stmt *row,
	struct cl_block *b)
{
	struct db_stmt *st;
	const char *phone = db_text(row, 8);
	char *head_phone = NULL;

	b->household_id = xstrdup(db_text(row, 0));
	b->address = address_format(db_text(row, 4), db_text(row, 5), db_text(row, 6),
		db_text(row, 7));
	st = db_prepare(db, head_sql);
	db_bind_text(st, 1, b->household_id);
	if (db_row(st)) {
		b->head = xstrdup(db_text(st, 0));
		b->id_number = mask_id_number(db_text(st, 1));
		if (db_text(st, 2))
			head_phone = xstrdup(db_text(st, 2));
	} else {
		b->head = xstrdup(STREQ(db_text(row, 9), "vacant") ? _("(vacant)") : _("(nobody)"));
	}
	db_finish(st);
	b->phone = mask_phone(phone ? phone : head_phone);
	free(head_phone);
	b->n_residents = (int)db_get_int(db, count_sql, b->household_id, 0);
	fill_categories(db, cfg, b);
}

static void tomorrow(char buf[11])
{
	char today[11];

	wg_today(today);
	wg_date_from_days(wg_date_days(today) + 1, buf);
}

enum wg_status checklist_build(struct wg_db *db, const struct wg_config *cfg,
	const struct cl_request *req, struct cl_sheet **out)
{
	struct cl_sheet *s = xcalloc(1, sizeof(*s));
	struct db_stmt *st;
	char date[11], **due = NULL;
	size_t cap = 0, n_due = 0;
	enum wg_status rc;

	*out = NULL;
	if (req->date) {
		if (!wg_date_valid(req->date)) {
			checklist_free(s);
			return wg_error_set(WG_USAGE, _("'%s' is not a date; write YYYY-MM-DD"),
				req->date);
		}
		snprintf(date, sizeof(date), "%s", req->date);
	} else {
		tomorrow(date);
	}
	s->date = xstrdup(date);
	if (req->grid_code) {
		s->grid = db_get_text(db, "SELECT name FROM grid WHERE code = ?", req->grid_code);
		if (!s->grid) {
			checklist_free(s);
			return wg_error_set(WG_NOT_FOUND, _("no grid with code '%s'; `wangge stats` "
				"lists the grids"), req->grid_code);
		}
		s->worker = db_get_text(db, "SELECT group_concat(w.name, '、') FROM grid_worker gw"
			" JOIN worker w ON w.id = gw.worker_id WHERE gw.grid_code = ?", req->grid_code);
	} else {
		s->worker = db_get_text(db, "SELECT name FROM worker WHERE id = ?", req->worker_id);
		if (!s->worker) {
			checklist_free(s);
			return wg_error_set(WG_NOT_FOUND, _("no worker with id '%s'"), req->worker_id);
		}
		s->grid = db_get_text(db, "SELECT group_concat(g.name, '、') FROM grid_worker gw"
			" JOIN grid g ON g.code = gw.grid_code WHERE gw.worker_id = ?", req->worker_id);
	}
	if (req->due_only && (rc = due_households(db, cfg, req, date, &due, &n_due)) != WG_OK) {
		checklist_free(s);
		return rc;
	}

	st = db_prepare(db, households_sql);
	db_bind_text(st, 1, req->grid_code);
	db_bind_text(st, 2, req->worker_id);
	while (db_row(st)) {
		struct cl_block *b;

		if (req->due_only) {
			const char *id = db_text(st, 0);

			if (!bsearch(&id, due, n_due, sizeof(char *), cmp_str))
				continue;
		}
		if (!s->street) {
			s->street = xstrdup(db_text(st, 1));
			s->community = xstrdup(db_text(st, 2));
		}
		if (s->n_blocks == cap) {
			cap = cap ? cap * 2 : 64;
			s->blocks = xrealloc(s->blocks, cap * sizeof(*s->blocks));
		}
		b = &s->blocks[s->n_blocks++];
		memset(b, 0, sizeof(*b));
		b->line = (int)s->n_blocks;
		fill_block(db, cfg, st, b);
	}
	rc = db_finish(st);
	for (size_t i = 0; i < n_due; i++)
		free(due[i]);
	free(due);
	if (rc != WG_OK) {
		checklist_free(s);
		return rc;
	}
	if (!s->street) {
		s->street = db_get_text(db, "SELECT s.name FROM street s JOIN community c ON"
			" c.street_code = s.code JOIN grid g ON g.community_code = c.code"
			" WHERE g.code = ?", req->grid_code);
	}
	*out = s;
	return WG_OK;
}

enum wg_status checklist_save(struct wg_db *db, struct cl_sheet *sheet, const char *operator_id)
{
	struct db_stmt *st;
	enum wg_status rc;
	char now[20], uuid[37];
	size_t i;

	rc = db_begin(db);
	if (rc != WG_OK)
		return rc;
	/* Short enough to type back in: the date and four hex digits, unique in this store. */
	do {
		char compact[9];

		wg_uuid(uuid);
		snprintf(compact, sizeof(compact), "%.4s%.2s%.2s", sheet->date, sheet->date + 5,
			sheet->date + 8);
		free(sheet->id);
		sheet->id = xasprintf("%s-%.4s", compact, uuid);
		for (char *p = sheet->id; *p; p++)
			*p = (char)toupper((unsigned char)*p);
	} while (db_get_int(db, "SELECT count(*) FROM sheet WHERE id = ?", sheet->id, 0) > 0);

	wg_now(now);
	st = db_prepare(db, "INSERT INTO sheet(id, for_date, grid_code, worker_id, scope,"
		" created_at, created_by) VALUES (?, ?, NULL, NULL, ?, ?, ?)");
	db_bind_text(st, 1, sheet->id);
	db_bind_text(st, 2, sheet->date);
	db_bind_text(st, 3, sheet->grid ? sheet->grid : "");
	db_bind_text(st, 4, now);
	db_bind_text(st, 5, operator_id);
	rc = db_run(st);
	db_finish(st);
	st = db_prepare(db, "INSERT INTO sheet_line(sheet_id, line, household_id, items)"
		" VALUES (?, ?, ?, ?)");
	for (i = 0; i < sheet->n_blocks && rc == WG_OK; i++) {
		struct cl_block *b = &sheet->blocks[i];
		struct strbuf items;
		size_t k;

		sb_init(&items);
		for (k = 0; k < b->n_items; k++) {
			if (k)
				sb_addc(&items, '\n');
			sb_add(&items, b->items[k]);
		}
		db_bind_text(st, 1, sheet->id);
		db_bind_int(st, 2, b->line);
		db_bind_text(st, 3, b->household_id);
		db_bind_text(st, 4, items.buf ? items.buf : "");
		rc = db_run(st);
		sb_free(&items);
	}
	db_finish(st);
	if (rc != WG_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

enum wg_status checklist_load(struct wg_db *db, const struct wg_config *cfg, const char *sheet_id,
	struct cl_sheet **out)
{
	struct cl_sheet *s;
	struct db_stmt *st;
	size_t cap = 0;
	enum wg_status rc;
	char *upper = xstrdup(sheet_id);

	for (char *p = upper; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	*out = NULL;
	s = xcalloc(1, sizeof(*s));
	s->date = db_get_text(db, "SELECT for_date FROM sheet WHERE id = ?", upper);
	if (!s->date) {
		checklist_free(s);
		rc = wg_error_set(WG_NOT_FOUND, _("no printed sheet with id '%s'; the id is at the "
			"top right of every page"), sheet_id);
		free(upper);
		return rc;
	}
	s->id = upper;
	s->grid = db_get_text(db, "SELECT scope FROM sheet WHERE id = ?", upper);
	st = db_prepare(db,
		"SELECT h.id, s.name, c.name, g.name, b.compound, b.name, h.unit, h.room, h.phone,"
		"       h.tenure, g.code, l.line, l.items"
		"  FROM sheet_line l JOIN household h ON h.id = l.household_id"
		"  JOIN building b ON b.id = h.building_id JOIN grid g ON g.code = b.grid_code"
		"  JOIN community c ON c.code = g.community_code JOIN street s ON s.code = c.street_code"
		" WHERE l.sheet_id = ? ORDER BY l.line");
	db_bind_text(st, 1, upper);
	while (db_row(st)) {
		struct cl_block *b;
		const char *items = db_text(st, 12);
		size_t k;

		if (s->n_blocks == cap) {
			cap = cap ? cap * 2 : 64;
			s->blocks = xrealloc(s->blocks, cap * sizeof(*s->blocks));
		}
		b = &s->blocks[s->n_blocks++];
		memset(b, 0, sizeof(*b));
		if (!s->street) {
			s->street = xstrdup(db_text(st, 1));
			s->community = xstrdup(db_text(st, 2));
		}
		fill_block(db, cfg, st, b);
		b->line = (int)db_int(st, 11);
		/* the items as printed, not as the config says today */
		for (k = 0; k < b->n_items; k++)
			free(b->items[k]);
		b->n_items = 0;
		while (items && *items) {
			const char *nl = strchr(items, '\n');
			char *item = nl ? xstrndup(items, (size_t)(nl - items)) : xstrdup(items);

			add_item(b, item);
			free(item);
			items = nl ? nl + 1 : NULL;
		}
	}
	rc = db_finish(st);
	if (rc != WG_OK) {
		checklist_free(s);
		return rc;
	}
	*out = s;
	return WG_OK;
}

void checklist_free(struct cl_sheet *s)
{
	size_t i, k;

	if (!s)
		return;
	for (i = 0; i < s->n_blocks; i++) {
		struct cl_block *b = &s->blocks[i];

		free(b->household_id);
		free(b->address);
		free(b->head);
		free(b->phone);
		free(b->id_number);
		free(b->marks);
		for (k = 0; k < b->n_items; k++)
			free(b->items[k]);
		free(b->items);
	}
	free(s->blocks);
	free(s->id);
	free(s->date);
	free(s->street);
	free(s->community);
	free(s->grid);
	free(s->worker);
	free(s);
}
