/* Grid definition YAML, format version 1 (wangge(5)), read as a stream of events: one
 * household at a time is held in memory, checked, and handed to the store side. Keys
 * may come in any order, except that a mapping's code must come before its nested list
 * (the file is read in one pass). Errors are collected, not only the first. */
#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/idnum.h"
#include "wangge/mask.h"
#include "wangge/suggest.h"
#include "wangge/yaml_reader.h"
#include "import_int.h"

/* ---- residents ---- */

enum { R_NAME, R_ID_NUMBER, R_SEX, R_BIRTH, R_RELATION, R_PHONE, R_REGISTERED, R_TAGS };
static const char *const resident_keys[] = {
	"name", "id_number", "sex", "birth", "relation", "phone", "registered", "tags",
};

static void add_tag(struct imp_household *hh, const char *tag)
{
	if (hh->n_tags == hh->cap_tags) {
		hh->cap_tags = hh->cap_tags ? 2 * hh->cap_tags : 16;
		hh->tags = xrealloc(hh->tags, hh->cap_tags * sizeof(*hh->tags));
	}
	hh->tags[hh->n_tags++] = tag;
}

static void unknown_category(struct imp_parser *p, const struct yr_event *v)
{
	const char *guess = config_category_suggest(p->run->cfg, v->value);

	if (guess)
		imp_error(p->run, imp_pos_of(v), _("resident: unknown category '%s'; did you mean "
			"'%s'? Known categories: %s"), v->value, guess, p->run->codes);
	else
		imp_error(p->run, imp_pos_of(v), _("resident: unknown category '%s'; known "
			"categories: %s"), v->value, p->run->codes);
}

static bool parse_tags(struct imp_parser *p, const struct yr_event *v, struct imp_resident *res)
{
	const char *ctx = _("resident");
	struct imp_household *hh = &p->hh;
	struct yr_event ev;
	char buf[160];
	size_t i;

	if (imp_is_null(v))
		return true;
	if (v->kind != YR_SEQ_START)
		return imp_wrong_type(p, v, ctx, "tags", _("a list of category codes"));
	for (;;) {
		if (!imp_next(p, &ev))
			return false;
		if (ev.kind == YR_SEQ_END)
			return true;
		if (ev.kind != YR_SCALAR || ev.len == 0) {
			imp_error(p->run, imp_pos_of(&ev), _("resident: a tag must be a category code, "
				"found %s"), imp_describe(&ev, buf, sizeof(buf)));
			if (!imp_skip(p, &ev))
				return false;
			continue;
		}
		if (!config_category(p->run->cfg, ev.value)) {
			unknown_category(p, &ev);
			continue;
		}
		for (i = res->tag0; i < hh->n_tags; i++)
			if (STREQ(hh->tags[i], ev.value))
				break;
		if (i < hh->n_tags)
			continue;       /* the same tag twice means it once */
		add_tag(hh, imp_arena_dup(&hh->arena, ev.value, ev.len));
		res->n_tags++;
	}
}

static bool parse_resident(struct imp_parser *p, const struct yr_event *start)
{
	static const int required[] = { R_NAME };
	const char *ctx = _("resident");
	struct imp_household *hh = &p->hh;
	struct imp_resident *res;
	struct yr_event v;
	struct imp_keys ks;
	char born[11];
	int idx;
	bool ok;

	if (hh->n_res == hh->cap_res) {
		hh->cap_res = hh->cap_res ? 2 * hh->cap_res : 8;
		hh->res = xrealloc(hh->res, hh->cap_res * sizeof(*hh->res));
	}
	res = &hh->res[hh->n_res++];
	memset(res, 0, sizeof(*res));
	res->registered = true;
	res->tag0 = hh->n_tags;
	res->pos = imp_pos_of(start);
	imp_keys_init(&ks, ctx, resident_keys, ARRAY_SIZE(resident_keys), start);
	for (;;) {
		if (!imp_next_key(p, &ks, &idx))
			return false;
		if (idx == -1)
			break;
		if (!imp_next(p, &v))
			return false;
		if (idx == -2) {
			if (!imp_skip(p, &v))
				return false;
			continue;
		}
		switch (idx) {
		case R_NAME:
			if (!imp_text_value(p, &v, ctx, "name", true, &hh->arena, &res->name, &ok))
				return false;
			break;
		case R_ID_NUMBER:
			res->id_pos = imp_pos_of(&v);
			if (!imp_text_value(p, &v, ctx, "id_number", false, &hh->arena,
					&res->id_number, &ok))
				return false;
			if (res->id_number && !idnum_well_formed(res->id_number)) {
				/* ID numbers are masked in every message, like on the screen. */
				char *masked = mask_id_number(res->id_number);

				imp_error(p->run, imp_pos_of(&v), _("%s: '%s' must be %s, found '%s'"), ctx,
					"id_number", _("18 characters: 17 digits, then a digit or X"),
					masked);
				free(masked);
				res->id_number = NULL;
			} else if (res->id_number && res->id_number[17] == 'x') {
				((char *)res->id_number)[17] = 'X';
			}
			break;
		case R_SEX:
			if (!imp_text_value(p, &v, ctx, "sex", false, &hh->arena, &res->sex, &ok))
				return false;
			if (res->sex && !STREQ(res->sex, "男") && !STREQ(res->sex, "女")) {
				imp_error(p->run, imp_pos_of(&v), _("%s: '%s' must be %s, found '%s'"), ctx,
					"sex", _("男 or 女"), res->sex);
				res->sex = NULL;
			}
			break;
		case R_BIRTH:
			if (!imp_text_value(p, &v, ctx, "birth", false, &hh->arena, &res->birth, &ok))
				return false;
			if (res->birth && !wg_date_valid(res->birth)) {
				imp_error(p->run, imp_pos_of(&v), _("%s: '%s' must be %s, found '%s'"), ctx,
					"birth", _("a date written YYYY-MM-DD"), res->birth);
				res->birth = NULL;
			}
			break;
		case R_RELATION:
			if (!imp_text_value(p, &v, ctx, "relation", false, &hh->arena, &res->relation,
					&ok))
				return false;
			break;
		case R_PHONE:
			if (!imp_text_value(p, &v, ctx, "phone", false, &hh->arena, &res->phone, &ok))
				return false;
			break;
		case R_REGISTERED:
			if (v.kind == YR_SCALAR && v.plain && (STREQ(v.value, "true") ||
					STREQ(v.value, "True") || STREQ(v.value, "TRUE")))
				res->registered = true;
			else if (v.kind == YR_SCALAR && v.plain && (STREQ(v.value, "false") ||
					STREQ(v.value, "False") || STREQ(v.value, "FALSE")))
				res->registered = false;
			else if (!imp_wrong_type(p, &v, ctx, "registered", _("true or false")))
				return false;
			break;
		case R_TAGS:
			if (!parse_tags(p, &v, res))
				return false;
			break;
		}
	}
	imp_require(p, &ks, required, ARRAY_SIZE(required));
	/* Warnings about the ID number, once the whole resident is known. */
	if (res->id_number) {
		char want = idnum_check_char(res->id_number);
		char *masked = mask_id_number(res->id_number);

		if (want != res->id_number[17])
			imp_warning(p->run, res->id_pos, _("resident %s: ID number %s fails the "
				"GB 11643 check (its last character should be %c); check the number"),
				res->name ? res->name : "?", masked, want);
		if (!idnum_birth(res->id_number, born))
			imp_warning(p->run, res->id_pos, _("resident %s: ID number %s holds no valid "
				"birth date"), res->name ? res->name : "?", masked);
		else if (res->birth && !STREQ(born, res->birth))
			imp_warning(p->run, res->id_pos, _("resident %s: ID number %s says born %s, "
				"but 'birth' is %s"), res->name ? res->name : "?", masked, born,
				res->birth);
		free(masked);
	}
	return true;
}

/* ---- households ---- */

enum { H_ID, H_UNIT, H_ROOM, H_PHONE, H_TENURE, H_NOTE, H_RESIDENTS };
static const char *const household_keys[] = {
	"id", "unit", "room", "phone", "tenure", "note", "residents",
};

/* Same ID number in two households (or twice in one): a warning. */
static void check_id_numbers(struct imp_parser *p)
{
	struct imp_household *hh = &p->hh;
	struct imp_prev prev;
	size_t i;

	for (i = 0; i < hh->n_res; i++) {
		const struct imp_resident *res = &hh->res[i];
		char *masked;

		if (!res->id_number)
			continue;
		if (imp_seen_idnum(p->run, res->id_number, res->id_pos, p->run->c.households,
				&prev))
			continue;
		masked = mask_id_number(res->id_number);
		if (prev.household == p->run->c.households)
			imp_warning(p->run, res->id_pos, _("ID number %s is given twice in household "
				"%s (first at line %d)"), masked, hh->id, prev.line);
		else
			imp_warning(p->run, res->id_pos, _("ID number %s is also given in another "
				"household, at %s:%d:%d; one person is listed twice"), masked,
				prev.file, prev.line, prev.col);
		free(masked);
	}
}

static bool parse_household(struct imp_parser *p, const struct yr_event *start)
{
	static const int required[] = { H_ID, H_ROOM };
	const char *ctx = _("household");
	struct imp_household *hh = &p->hh;
	long errors = p->run->c.errors;
	struct imp_prev prev;
	struct yr_event v;
	struct imp_keys ks;
	int idx;
	bool ok;

	imp_arena_reset(&hh->arena, false);
	hh->id = hh->unit = hh->room = hh->phone = hh->tenure = hh->note = NULL;
	hh->n_res = hh->n_tags = 0;
	hh->pos = imp_pos_of(start);
	imp_keys_init(&ks, ctx, household_keys, ARRAY_SIZE(household_keys), start);
	for (;;) {
		if (!imp_next_key(p, &ks, &idx))
			return false;
		if (idx == -1)
			break;
		if (!imp_next(p, &v))
			return false;
		if (idx == -2) {
			if (!imp_skip(p, &v))
				return false;
			continue;
		}
		switch (idx) {
		case H_ID:
			hh->id_pos = imp_pos_of(&v);
			if (!imp_text_value(p, &v, ctx, "id", true, &hh->arena, &hh->id, &ok))
				return false;
			if (ok && !imp_seen(p->run, IMP_HOUSEHOLD, hh->id, hh->id_pos, &prev))
				imp_report_dup(p, hh->id_pos, _("household id"), hh->id, &prev);
			break;
		case H_UNIT:
			if (!imp_text_value(p, &v, ctx, "unit", false, &hh->arena, &hh->unit, &ok))
				return false;
			break;
		case H_ROOM:
			if (!imp_text_value(p, &v, ctx, "room", true, &hh->arena, &hh->room, &ok))
				return false;
			break;
		case H_PHONE:
			if (!imp_text_value(p, &v, ctx, "phone", false, &hh->arena, &hh->phone, &ok))
				return false;
			break;
		case H_TENURE:
			if (!imp_text_value(p, &v, ctx, "tenure", false, &hh->arena, &hh->tenure, &ok))
				return false;
			if (hh->tenure && !STREQ(hh->tenure, "owner") && !STREQ(hh->tenure, "rented") &&
					!STREQ(hh->tenure, "vacant")) {
				imp_error(p->run, imp_pos_of(&v), _("%s: '%s' must be %s, found '%s'"), ctx,
					"tenure", _("owner, rented or vacant"), hh->tenure);
				hh->tenure = NULL;
			}
			break;
		case H_NOTE:
			if (!imp_text_value(p, &v, ctx, "note", false, &hh->arena, &hh->note, &ok))
				return false;
			break;
		case H_RESIDENTS:
			if (imp_is_null(&v))
				break;
			if (v.kind != YR_SEQ_START) {
				if (!imp_wrong_type(p, &v, ctx, "residents", _("a list of residents")))
					return false;
				break;
			}
			for (;;) {
				if (!imp_next(p, &v))
					return false;
				if (v.kind == YR_SEQ_END)
					break;
				if (v.kind != YR_MAP_START) {
					if (!imp_wrong_entry(p, &v, "residents", _("a resident (a mapping with "
							"name, id_number, ...)")))
						return false;
					continue;
				}
				if (!parse_resident(p, &v))
					return false;
			}
			break;
		}
	}
	imp_require(p, &ks, required, ARRAY_SIZE(required));
	p->run->c.households++;
	p->run->c.residents += (long)hh->n_res;
	p->grid.households++;
	if (hh->id)
		check_id_numbers(p);
	if (p->run->c.errors == errors && p->bld.id && imp_writing(p->run))
		imp_store_household(p->run, &p->bld, hh);
	return true;
}

/* ---- buildings ---- */

enum { B_CODE, B_NAME, B_COMPOUND, B_HOUSEHOLDS };
static const char *const building_keys[] = { "code", "name", "compound", "households" };

/* A mapping's list came before the mapping's code, which the list's rows need. */
static void code_first(struct imp_parser *p, const struct imp_keys *ks, const char *code_key,
	int list_idx)
{
	imp_error(p->run, ks->seen[list_idx], _("%s: '%s' must come before '%s' (the file is "
		"read in one pass)"), ks->ctx, code_key, ks->names[list_idx]);
}

static void building_default_name(struct imp_building *b)
{
	if (!b->name && b->code)
		b->name = xasprintf("%s号楼", b->code);
}

static bool parse_building(struct imp_parser *p, const struct yr_event *start)
{
	static const int required[] = { B_CODE, B_HOUSEHOLDS };
	const char *ctx = _("building");
	struct imp_building *b = &p->bld;
	struct imp_prev prev;
	struct yr_event v;
	struct imp_keys ks;
	bool early = false;     /* the nested list came before the code */
	int idx;

	free(b->code);
	free(b->name);
	free(b->compound);
	memset(b, 0, sizeof(*b));
	b->pos = imp_pos_of(start);
	imp_keys_init(&ks, ctx, building_keys, ARRAY_SIZE(building_keys), start);
	for (;;) {
		if (!imp_next_key(p, &ks, &idx))
			return false;
		if (idx == -1)
			break;
		if (!imp_next(p, &v))
			return false;
		if (idx == -2) {
			if (!imp_skip(p, &v))
				return false;
			continue;
		}
		switch (idx) {
		case B_CODE:
			if (!imp_heap_text(p, &v, ctx, "code", true, &b->code))
				return false;
			if (b->code && p->grid.code) {
				char *key = xasprintf("%s\x1f%s", p->grid.code, b->code);

				if (!imp_seen(p->run, IMP_BUILDING, key, imp_pos_of(&v), &prev)) {
					char *what = xasprintf(_("building code in grid %s"), p->grid.code);

					imp_report_dup(p, imp_pos_of(&v), what, b->code, &prev);
					free(what);
				}
				free(key);
			}
			break;
		case B_NAME:
			if (!imp_heap_text(p, &v, ctx, "name", false, &b->name))
				return false;
			break;
		case B_COMPOUND:
			if (!imp_heap_text(p, &v, ctx, "compound", false, &b->compound))
				return false;
			break;
		case B_HOUSEHOLDS:
			if (v.kind != YR_SEQ_START) {
				if (!imp_is_null(&v) && !imp_wrong_type(p, &v, ctx, "households",
						_("a list of households")))
					return false;
				break;
			}
			if (!b->code)
				early = true;
			else if (p->grid_stored && imp_writing(p->run)) {
				building_default_name(b);
				imp_store_building(p->run, p->grid.code, b);
			}
			for (;;) {
				if (!imp_next(p, &v))
					return false;
				if (v.kind == YR_SEQ_END)
					break;
				if (v.kind != YR_MAP_START) {
					if (!imp_wrong_entry(p, &v, "households", _("a household (a mapping "
							"with id, room, ...)")))
						return false;
					continue;
				}
				if (!parse_household(p, &v))
					return false;
			}
			break;
		}
	}
	imp_require(p, &ks, required, ARRAY_SIZE(required));
	if (early && b->code)
		code_first(p, &ks, "code", B_HOUSEHOLDS);
	if (b->code && p->grid_stored && imp_writing(p->run)) {
		building_default_name(b);
		imp_store_building(p->run, p->grid.code, b);
	}
	return true;
}

/* ---- workers ---- */

enum { W_ID, W_NAME, W_PHONE, W_ROLE };
static const char *const worker_keys[] = { "id", "name", "phone", "role" };

static bool parse_worker(struct imp_parser *p, const struct yr_event *start)
{
	static const int required[] = { W_ID, W_NAME };
	const char *ctx = _("worker");
	struct imp_grid *g = &p->grid;
	struct imp_worker w = { 0 };
	struct yr_event v;
	struct imp_keys ks;
	int idx;
	bool good = true;

	imp_keys_init(&ks, ctx, worker_keys, ARRAY_SIZE(worker_keys), start);
	for (;;) {
		if (!imp_next_key(p, &ks, &idx))
			goto fatal;
		if (idx == -1)
			break;
		if (!imp_next(p, &v))
			goto fatal;
		if (idx == -2) {
			if (!imp_skip(p, &v))
				goto fatal;
			continue;
		}
		switch (idx) {
		case W_ID:
			if (!imp_heap_text(p, &v, ctx, "id", true, &w.id))
				goto fatal;
			break;
		case W_NAME:
			if (!imp_heap_text(p, &v, ctx, "name", true, &w.name))
				goto fatal;
			break;
		case W_PHONE:
			if (!imp_heap_text(p, &v, ctx, "phone", false, &w.phone))
				goto fatal;
			break;
		case W_ROLE:
			if (!imp_heap_text(p, &v, ctx, "role", false, &w.role))
				goto fatal;
			if (w.role && !STREQ(w.role, "worker") && !STREQ(w.role, "leader")) {
				imp_error(p->run, imp_pos_of(&v), _("%s: '%s' must be %s, found '%s'"), ctx,
					"role", _("worker or leader"), w.role);
				good = false;
			}
			break;
		}
	}
	imp_require(p, &ks, required, ARRAY_SIZE(required));
	if (good && w.id && w.name) {
		if (g->n_workers == g->cap_workers) {
			g->cap_workers = g->cap_workers ? 2 * g->cap_workers : 4;
			g->workers = xrealloc(g->workers, g->cap_workers * sizeof(*g->workers));
		}
		g->workers[g->n_workers++] = w;
		return true;
	}
	free(w.id);
	free(w.name);
	free(w.phone);
	free(w.role);
	return true;
fatal:
	free(w.id);
	free(w.name);
	free(w.phone);
	free(w.role);
	return false;
}

static void grid_clear(struct imp_grid *g)
{
	size_t i;

	for (i = 0; i < g->n_workers; i++) {
		free(g->workers[i].id);
		free(g->workers[i].name);
		free(g->workers[i].phone);
		free(g->workers[i].role);
	}
	free(g->workers);
	free(g->code);
	free(g->name);
	free(g->boundary);
	memset(g, 0, sizeof(*g));
}

/* ---- grids ---- */

enum { G_CODE, G_NAME, G_BOUNDARY, G_WORKERS, G_BUILDINGS };
static const char *const grid_keys[] = { "code", "name", "boundary", "workers", "buildings" };

/* A list of mappings, each passed to item(). */
static bool parse_list(struct imp_parser *p, const struct yr_event *v, const char *ctx,
	const char *key, const char *expected, const char *item_expected,
	bool (*item)(struct imp_parser *, const struct yr_event *))
{
	struct yr_event ev;

	if (imp_is_null(v))
		return true;
	if (v->kind != YR_SEQ_START)
		return imp_wrong_type(p, v, ctx, key, expected);
	for (;;) {
		if (!imp_next(p, &ev))
			return false;
		if (ev.kind == YR_SEQ_END)
			return true;
		if (ev.kind != YR_MAP_START) {
			if (!imp_wrong_entry(p, &ev, key, item_expected))
				return false;
			continue;
		}
		if (!item(p, &ev))
			return false;
	}
}

static bool parse_grid(struct imp_parser *p, const struct yr_event *start)
{
	static const int required[] = { G_CODE, G_NAME, G_BUILDINGS };
	const char *ctx = _("grid");
	struct imp_grid *g = &p->grid;
	struct imp_prev prev;
	struct yr_event v;
	struct imp_keys ks;
	bool early = false;     /* the nested list came before the code */
	int idx;

	grid_clear(g);
	g->pos = imp_pos_of(start);
	imp_keys_init(&ks, ctx, grid_keys, ARRAY_SIZE(grid_keys), start);
	for (;;) {
		if (!imp_next_key(p, &ks, &idx))
			return false;
		if (idx == -1)
			break;
		if (!imp_next(p, &v))
			return false;
		if (idx == -2) {
			if (!imp_skip(p, &v))
				return false;
			continue;
		}
		switch (idx) {
		case G_CODE:
			if (!imp_heap_text(p, &v, ctx, "code", true, &g->code))
				return false;
			if (g->code && !imp_seen(p->run, IMP_GRID, g->code, imp_pos_of(&v), &prev))
				imp_report_dup(p, imp_pos_of(&v), _("grid code"), g->code, &prev);
			break;
		case G_NAME:
			if (!imp_heap_text(p, &v, ctx, "name", true, &g->name))
				return false;
			break;
		case G_BOUNDARY:
			if (!imp_heap_text(p, &v, ctx, "boundary", false, &g->boundary))
				return false;
			break;
		case G_WORKERS:
			if (!parse_list(p, &v, ctx, "workers", _("a list of workers"),
					_("a worker (a mapping with id, name, ...)"), parse_worker))
				return false;
			break;
		case G_BUILDINGS:
			if (v.kind == YR_SEQ_START) {
				if (!g->code)
					early = true;
				else if (p->comm_stored && imp_writing(p->run)) {
					imp_store_grid(p->run, p->comm.code, g, false);
					p->grid_stored = true;
				}
			}
			if (!parse_list(p, &v, ctx, "buildings", _("a list of buildings"),
					_("a building (a mapping with code, households, ...)"),
					parse_building))
				return false;
			break;
		}
	}
	imp_require(p, &ks, required, ARRAY_SIZE(required));
	if (early && g->code)
		code_first(p, &ks, "code", G_BUILDINGS);
	if (g->code && p->comm_stored && imp_writing(p->run))
		imp_store_grid(p->run, p->comm.code, g, true);
	p->grid_stored = false;
	if (g->code && (g->households < 500 || g->households > 800))
		imp_warning(p->run, g->pos, _("grid %s (%s) has %ld households; a grid usually has "
			"500-800"), g->code, g->name ? g->name : "?", g->households);
	return true;
}

/* ---- communities ---- */

enum { C_CODE, C_NAME, C_GRIDS };
static const char *const community_keys[] = { "code", "name", "grids" };

static bool parse_community(struct imp_parser *p, const struct yr_event *start)
{
	static const int required[] = { C_CODE, C_NAME, C_GRIDS };
	const char *ctx = _("community");
	struct imp_community *c = &p->comm;
	struct imp_prev prev;
	struct yr_event v;
	struct imp_keys ks;
	bool early = false;     /* the nested list came before the code */
	int idx;

	free(c->code);
	free(c->name);
	memset(c, 0, sizeof(*c));
	c->pos = imp_pos_of(start);
	imp_keys_init(&ks, ctx, community_keys, ARRAY_SIZE(community_keys), start);
	for (;;) {
		if (!imp_next_key(p, &ks, &idx))
			return false;
		if (idx == -1)
			break;
		if (!imp_next(p, &v))
			return false;
		if (idx == -2) {
			if (!imp_skip(p, &v))
				return false;
			continue;
		}
		switch (idx) {
		case C_CODE:
			if (!imp_heap_text(p, &v, ctx, "code", true, &c->code))
				return false;
			if (c->code && !imp_seen(p->run, IMP_COMMUNITY, c->code, imp_pos_of(&v), &prev))
				imp_report_dup(p, imp_pos_of(&v), _("community code"), c->code, &prev);
			break;
		case C_NAME:
			if (!imp_heap_text(p, &v, ctx, "name", true, &c->name))
				return false;
			break;
		case C_GRIDS:
			if (v.kind == YR_SEQ_START) {
				if (!c->code)
					early = true;
				else if (p->have_street && imp_writing(p->run)) {
					imp_store_community(p->run, p->street.code, c);
					p->comm_stored = true;
				}
			}
			if (!parse_list(p, &v, ctx, "grids", _("a list of grids"),
					_("a grid (a mapping with code, name, buildings, ...)"), parse_grid))
				return false;
			break;
		}
	}
	imp_require(p, &ks, required, ARRAY_SIZE(required));
	if (early && c->code)
		code_first(p, &ks, "code", C_GRIDS);
	if (c->code && p->have_street && imp_writing(p->run))
		imp_store_community(p->run, p->street.code, c);
	p->comm_stored = false;
	return true;
}

/* ---- the street and the top level ---- */

enum { S_CODE, S_NAME, S_DISTRICT, S_CITY };
static const char *const street_keys[] = { "code", "name", "district", "city" };

static bool parse_street(struct imp_parser *p, const struct yr_event *start)
{
	static const int required[] = { S_CODE, S_NAME };
	const char *ctx = _("street");
	struct imp_street *s = &p->street;
	struct yr_event v;
	struct imp_keys ks;
	long errors = p->run->c.errors;
	int idx;

	s->pos = imp_pos_of(start);
	imp_keys_init(&ks, ctx, street_keys, ARRAY_SIZE(street_keys), start);
	for (;;) {
		if (!imp_next_key(p, &ks, &idx))
			return false;
		if (idx == -1)
			break;
		if (!imp_next(p, &v))
			return false;
		if (idx == -2) {
			if (!imp_skip(p, &v))
				return false;
			continue;
		}
		switch (idx) {
		case S_CODE:
			if (!imp_heap_text(p, &v, ctx, "code", true, &s->code))
				return false;
			break;
		case S_NAME:
			if (!imp_heap_text(p, &v, ctx, "name", true, &s->name))
				return false;
			break;
		case S_DISTRICT:
			if (!imp_heap_text(p, &v, ctx, "district", false, &s->district))
				return false;
			break;
		case S_CITY:
			if (!imp_heap_text(p, &v, ctx, "city", false, &s->city))
				return false;
			break;
		}
	}
	imp_require(p, &ks, required, ARRAY_SIZE(required));
	if (p->run->c.errors == errors && s->code && s->name) {
		struct imp_prev prev;

		p->have_street = true;
		/* Several files may describe parts of one street. */
		imp_seen(p->run, IMP_STREET, s->code, s->pos, &prev);
		if (imp_writing(p->run))
			imp_store_street(p->run, s);
	}
	return true;
}

enum { T_VERSION, T_STREET, T_COMMUNITIES };
static const char *const top_keys[] = { "version", "street", "communities" };

static bool parse_top(struct imp_parser *p, const struct yr_event *start)
{
	static const int required[] = { T_VERSION, T_STREET, T_COMMUNITIES };
	const char *ctx = _("top level");
	struct yr_event v;
	struct imp_keys ks;
	char buf[160];
	bool early = false;     /* the nested list came before the code */
	int idx;

	imp_keys_init(&ks, ctx, top_keys, ARRAY_SIZE(top_keys), start);
	for (;;) {
		if (!imp_next_key(p, &ks, &idx))
			return false;
		if (idx == -1)
			break;
		if (!imp_next(p, &v))
			return false;
		if (idx == -2) {
			if (!imp_skip(p, &v))
				return false;
			continue;
		}
		switch (idx) {
		case T_VERSION:
			if (v.kind != YR_SCALAR || !STREQ(v.value, "1")) {
				imp_error(p->run, imp_pos_of(&v), _("'version' must be 1, found %s; this "
					"wangge reads grid format version 1"), imp_describe(&v, buf, sizeof(buf)));
				if (!imp_skip(p, &v))
					return false;
			}
			break;
		case T_STREET:
			if (v.kind != YR_MAP_START) {
				if (!imp_wrong_type(p, &v, ctx, "street", _("a mapping with code and name")))
					return false;
				break;
			}
			if (!parse_street(p, &v))
				return false;
			break;
		case T_COMMUNITIES:
			if (v.kind == YR_SEQ_START && !ks.seen[T_STREET].line)
				early = true;
			if (!parse_list(p, &v, ctx, "communities", _("a list of communities"),
					_("a community (a mapping with code, name, grids)"),
					parse_community))
				return false;
			break;
		}
	}
	imp_require(p, &ks, required, ARRAY_SIZE(required));
	if (early && ks.seen[T_STREET].line)
		code_first(p, &ks, "street", T_COMMUNITIES);
	return true;
}

static void parser_free(struct imp_parser *p)
{
	free(p->street.code);
	free(p->street.name);
	free(p->street.district);
	free(p->street.city);
	free(p->comm.code);
	free(p->comm.name);
	grid_clear(&p->grid);
	free(p->bld.code);
	free(p->bld.name);
	free(p->bld.compound);
	free(p->hh.res);
	free(p->hh.tags);
	imp_arena_reset(&p->hh.arena, true);
}

void imp_parse(struct imp_run *run, const struct import_source *src)
{
	struct imp_parser p;
	struct yr_event ev;
	struct imp_pos none = { 0, 0 };
	char buf[160];
	enum wg_status rc;

	memset(&p, 0, sizeof(p));
	p.run = run;
	if (src->text)
		rc = yr_open_string(src->name, src->text, src->len, &p.r);
	else
		rc = yr_open_file(src->name, &p.r);
	if (rc != WG_OK) {
		imp_error_raw(run, wg_error_msg());
		return;
	}
	if (!imp_next(&p, &ev))
		goto out;
	if (ev.kind == YR_STREAM_END) {
		imp_error(run, none, _("the file is empty; a grid definition starts with "
			"'version: 1', then 'street' and 'communities'"));
		goto out;
	}
	if (ev.kind == YR_DOC_START && !imp_next(&p, &ev))
		goto out;
	if (ev.kind != YR_MAP_START) {
		imp_error(run, imp_pos_of(&ev), _("a grid definition must be a mapping with version, "
			"street and communities, found %s"), imp_describe(&ev, buf, sizeof(buf)));
		goto out;
	}
	if (!parse_top(&p, &ev))
		goto out;
	if (!imp_next(&p, &ev))
		goto out;
	if (ev.kind == YR_DOC_END && !imp_next(&p, &ev))
		goto out;
	if (ev.kind != YR_STREAM_END)
		imp_error(run, imp_pos_of(&ev), _("a second document starts here; one grid "
			"definition per file"));
out:
	parser_free(&p);
	yr_close(p.r);
}
