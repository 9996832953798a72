#include "wangge/common.h"
#include "wangge/checklist.h"
#include "wangge/config.h"
#include "wangge/keying.h"
#include "wangge/store.h"
#include "wangge/visit.h"

/* One keystroke per outcome on the keying screen, the same letters on the command line. */
static const struct {
	const char *key, *code;
} outcome_keys[] = {
	{ "m", "met" },
	{ "n", "not_home" },
	{ "r", "refused" },
	{ "x", "moved_out" },
};

const char *keying_outcome(const struct wg_config *cfg, const char *typed)
{
	const struct wg_named *o;

	if (!typed)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(outcome_keys); i++)
		if (STREQ(typed, outcome_keys[i].key))
			return outcome_keys[i].code;
	o = config_outcome(cfg, typed);
	return o ? o->code : NULL;
}

static const struct cl_block *find_line(const struct cl_sheet *sheet, int line)
{
	for (size_t i = 0; i < sheet->n_blocks; i++)
		if (sheet->blocks[i].line == line)
			return &sheet->blocks[i];
	return NULL;
}

enum wg_status keying_check(const struct wg_config *cfg, const struct cl_sheet *sheet,
	const struct key_line *kl)
{
	const struct cl_block *b = find_line(sheet, kl->line);

	if (!b)
		return wg_error_set(WG_INVALID, _("sheet %s has no line %d (it has %zu)"),
			sheet->id, kl->line, sheet->n_blocks);
	if (!keying_outcome(cfg, kl->outcome))
		return wg_error_set(WG_INVALID, _("line %d: '%s' is not an outcome; type m (met), "
			"n (nobody home), r (refused) or x (moved out)"), kl->line,
			kl->outcome ? kl->outcome : "");
	for (size_t i = 0; i < kl->n_items; i++)
		if (kl->items[i] < 1 || (size_t)kl->items[i] > b->n_items)
			return wg_error_set(WG_INVALID, _("line %d: there is no item %d on the sheet "
				"(this household has %zu)"), kl->line, kl->items[i], b->n_items);
	return WG_OK;
}

/* The residents a "met" on paper stands for: those the household's categories are for. */
static int64_t *tagged_residents(struct wg_db *db, const char *household_id, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT DISTINCT r.id FROM resident r"
		" JOIN resident_tag t ON t.resident_id = r.id AND t.removed_at IS NULL"
		" WHERE r.household_id = ?1 AND r.departed_at IS NULL AND r.moved_out_at IS NULL"
		" ORDER BY r.position");
	int64_t *ids = NULL;

	*n = 0;
	db_bind_text(st, 1, household_id);
	while (db_row(st)) {
		ids = xrealloc(ids, (*n + 1) * sizeof(*ids));
		ids[(*n)++] = db_int(st, 0);
	}
	db_finish(st);
	return ids;
}

enum wg_status keying_save(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct cl_sheet *sheet, const struct key_line *kl,
	const char *date, const char *kind, char out_id[37])
{
	const struct cl_block *b;
	struct wg_visit_new v = { 0 };
	const char **items;
	int64_t *met = NULL;
	size_t n_met = 0;
	enum wg_status rc = keying_check(cfg, sheet, kl);

	if (rc != WG_OK)
		return rc;
	b = find_line(sheet, kl->line);
	items = xcalloc(kl->n_items + 1, sizeof(*items));
	for (size_t i = 0; i < kl->n_items; i++)
		items[i] = b->items[kl->items[i] - 1];
	v.household_id = b->household_id;
	v.kind = kind;
	v.outcome = keying_outcome(cfg, kl->outcome);
	v.date = date ? date : sheet->date;
	v.items = items;
	v.n_items = kl->n_items;
	v.note = kl->note && *kl->note ? kl->note : NULL;
	v.sheet_id = sheet->id;
	v.sheet_line = kl->line;
	if (STREQ(v.outcome, "met")) {
		met = tagged_residents(db, b->household_id, &n_met);
		v.resident_ids = met;
		v.n_resident_ids = n_met;
	}
	rc = visit_add(db, cfg, actor, &v, out_id);
	free(met);
	free(items);
	return rc;
}
