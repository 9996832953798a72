/* Keeping the lookup index: one search document per household (search_doc, in walking
 * order) and keys per distinct name (search_name) and per building (search_building), so
 * that a query finds its few candidates without scanning the population. Residents'
 * names, ID numbers and phones are found through indexes on the resident table (see the
 * migration in store_schema.c). Category tags are never indexed. */
#include "wangge/common.h"
#include "wangge/search.h"
#include "wangge/store.h"
#include "wangge/pinyin.h"
#include "wangge/address.h"
#include "search_int.h"

enum {
	ST_HH, ST_RES, ST_NAME_HAS, ST_NAME_INS, ST_BLD_GET, ST_BLD_SET, ST_BLD_INS,
	ST_BLD_DEL, ST_DOC_PUT, ST_DOC_DEL, ST_COUNT
};

static const char *const sql_text[ST_COUNT] = {
	[ST_HH] = "SELECT h.departed_at, h.unit, h.room, h.walk_key, h.phone, b.id, b.code, "
		"b.name, b.compound, b.walk_key, b.grid_code FROM household h "
		"JOIN building b ON b.id = h.building_id WHERE h.id = ?1",
	[ST_RES] = "SELECT name, relation, id_number, phone FROM resident "
		"WHERE household_id = ?1 AND departed_at IS NULL AND moved_out_at IS NULL "
		"ORDER BY position, id",
	[ST_NAME_HAS] = "SELECT 1 FROM search_name WHERE key = ?1 LIMIT 1",
	[ST_NAME_INS] = "INSERT OR IGNORE INTO search_name (key, name) VALUES (?1, ?2)",
	[ST_BLD_GET] = "SELECT text FROM search_building_text WHERE building_id = ?1",
	[ST_BLD_SET] = "INSERT OR REPLACE INTO search_building_text (building_id, text) "
		"VALUES (?1, ?2)",
	[ST_BLD_INS] = "INSERT OR IGNORE INTO search_building (key, building_id) VALUES (?1, ?2)",
	[ST_BLD_DEL] = "DELETE FROM search_building WHERE key = ?1 AND building_id = ?2",
	[ST_DOC_PUT] = "INSERT OR REPLACE INTO search_doc (walk, household_id, building_id, "
		"door, room, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_DOC_DEL] = "DELETE FROM search_doc WHERE household_id = ?1",
};

/* A set of strings (names already keyed) for bulk runs. */
struct strset {
	char **slot;
	size_t cap, used;
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* True when s was already there; otherwise adds it. */
static bool strset_add(struct strset *set, const char *s)
{
	size_t i;

	if (set->used * 2 >= set->cap) {
		struct strset bigger = {NULL, set->cap ? set->cap * 2 : 4096, 0};

		bigger.slot = xcalloc(bigger.cap, sizeof(char *));
		for (i = 0; i < set->cap; i++)
			if (set->slot[i])
				strset_add(&bigger, set->slot[i]), free(set->slot[i]);
		free(set->slot);
		*set = bigger;
	}
	for (i = hash_str(s) & (set->cap - 1); set->slot[i]; i = (i + 1) & (set->cap - 1))
		if (STREQ(set->slot[i], s))
			return true;
	set->slot[i] = xstrdup(s);
	set->used++;
	return false;
}

static void strset_free(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	memset(set, 0, sizeof(*set));
}

/* Bulk runs gather the keys of new names and write them sorted, PENDING_MAX at a time:
 * in key order the b-tree pages are visited once each instead of at random. */
#define PENDING_MAX 65536

struct pending {
	char *key;    /* key, then NUL, then the name */
	size_t key_len;
};

struct indexer {
	struct wg_db *db;
	struct pending *pending;
	size_t n_pending;
	struct db_stmt *st[ST_COUNT];
	struct strset names;       /* bulk only: names whose keys exist */
	struct strset buildings;   /* bulk only: "id\x1ftext" already keyed */
	struct strbuf key, body, walk, pinyin;
};

static struct indexer *bulk;

static struct db_stmt *stmt(struct indexer *ix, int which)
{
	if (!ix->st[which])
		ix->st[which] = db_prepare(ix->db, sql_text[which]);
	else
		db_reset(ix->st[which]);
	return ix->st[which];
}

static struct indexer *indexer_new(struct wg_db *db)
{
	struct indexer *ix = xcalloc(1, sizeof(*ix));

	ix->db = db;
	sb_init(&ix->key);
	sb_init(&ix->body);
	sb_init(&ix->walk);
	sb_init(&ix->pinyin);
	return ix;
}

static void pending_drop(struct indexer *ix)
{
	for (size_t i = 0; i < ix->n_pending; i++)
		free(ix->pending[i].key);
	ix->n_pending = 0;
}

static void indexer_free(struct indexer *ix)
{
	if (!ix)
		return;
	pending_drop(ix);
	free(ix->pending);
	for (int i = 0; i < ST_COUNT; i++)
		if (ix->st[i])
			db_finish(ix->st[i]);
	strset_free(&ix->names);
	strset_free(&ix->buildings);
	sb_free(&ix->key);
	sb_free(&ix->body);
	sb_free(&ix->walk);
	sb_free(&ix->pinyin);
	free(ix);
}

static int cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	int c = memcmp(x->key, y->key, MIN(x->key_len, y->key_len) + 1);

	return c ? c : strcmp(x->key + x->key_len + 1, y->key + y->key_len + 1);
}

static enum wg_status pending_flush(struct indexer *ix)
{
	enum wg_status rc = WG_OK;

	qsort(ix->pending, ix->n_pending, sizeof(*ix->pending), cmp_pending);
	for (size_t i = 0; i < ix->n_pending && rc == WG_OK; i++) {
		struct db_stmt *st = stmt(ix, ST_NAME_INS);

		db_bind_textn(st, 1, ix->pending[i].key, ix->pending[i].key_len);
		db_bind_text(st, 2, ix->pending[i].key + ix->pending[i].key_len + 1);
		rc = db_run(st);
	}
	pending_drop(ix);
	return rc;
}

enum wg_status search_begin_bulk(struct wg_db *db)
{
	if (bulk)
		search_end_bulk(bulk->db);
	bulk = indexer_new(db);
	bulk->pending = xmalloc(PENDING_MAX * sizeof(*bulk->pending));
	return WG_OK;
}

enum wg_status search_flush_bulk(struct wg_db *db)
{
	if (!bulk || bulk->db != db)
		return WG_OK;
	return pending_flush(bulk);
}

enum wg_status search_end_bulk(struct wg_db *db)
{
	enum wg_status rc = WG_OK;

	if (!bulk || bulk->db != db)
		return WG_OK;
	if (bulk->n_pending) {
		/* normally flushed inside the caller's transaction; otherwise in one of its own */
		bool own = !db_in_transaction(db);

		if (own)
			rc = db_begin(db);
		if (rc == WG_OK)
			rc = pending_flush(bulk);
		if (own && rc == WG_OK)
			rc = db_commit(db);
		else if (own)
			db_rollback(db);
	}
	indexer_free(bulk);
	bulk = NULL;
	return rc;
}

static size_t utf8_len(const char *s)
{
	unsigned char c = (unsigned char)*s;

	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	return 4;
}

typedef enum wg_status (*key_fn)(struct indexer *ix, int stmt_id, const char *key,
	size_t len, const char *name, int64_t building_id);

static enum wg_status put_key(struct indexer *ix, int stmt_id, const char *key, size_t len,
	const char *name, int64_t building_id)
{
	struct db_stmt *st;

	if (ix->pending && stmt_id == ST_NAME_INS) {
		struct pending *p = &ix->pending[ix->n_pending++];
		size_t nl = strlen(name);

		p->key = xmalloc(len + nl + 2);
		memcpy(p->key, key, len);
		p->key[len] = '\0';
		memcpy(p->key + len + 1, name, nl + 1);
		p->key_len = len;
		return ix->n_pending == PENDING_MAX ? pending_flush(ix) : WG_OK;
	}
	st = stmt(ix, stmt_id);

	db_bind_textn(st, 1, key, len);
	if (name)
		db_bind_text(st, 2, name);
	else
		db_bind_int(st, 2, building_id);
	return db_run(st);
}

/* key = kind + syllables from..k, each full or (initials) its first letter. */
static void pinyin_key(struct strbuf *key, char kind, const struct pinyin *py, size_t from,
	unsigned initial_mask)
{
	sb_reset(key);
	sb_addc(key, kind);
	for (size_t i = from; i < py->n; i++) {
		bool initial = initial_mask == ~0u ||
			(i - from < 32 && ((initial_mask >> (i - from)) & 1));

		if (initial && (unsigned char)py->syl[i][0] < 0x80)
			sb_addc(key, py->syl[i][0]);
		else
			sb_add(key, py->syl[i]);
	}
}

/* Every key of text: kind_whole + text (when kind_whole), kind_sub + text from each later
 * character, and the pinyin keys. For names, pinyin from the start in every full/initial
 * mix (kind_py) and all-full/all-initials from later syllables (kind_py_later); for
 * places (kind_py == 0), all-full/all-initials from every syllable. */
static enum wg_status keys_of(struct indexer *ix, int stmt_id, const char *text,
	bool as_name, const char *name, int64_t building_id, key_fn fn)
{
	struct pinyin py;
	struct strbuf *key = &ix->key;
	enum wg_status rc = WG_OK;
	const char *p;
	char whole = as_name ? KEY_NAME : KEY_PLACE, sub = as_name ? KEY_NAME_SUFFIX : KEY_PLACE;
	char later = as_name ? KEY_NAME_PINYIN_LATER : KEY_PLACE_PINYIN;
	size_t from;

	for (p = text; *p && rc == WG_OK; p += utf8_len(p)) {
		sb_reset(key);
		sb_addc(key, p == text ? whole : sub);
		sb_add(key, p);
		rc = fn(ix, stmt_id, key->buf, key->len, name, building_id);
	}
	pinyin_syllables(text, as_name, &py);
	if (py.n == 0 || rc != WG_OK)
		return rc;
	if (as_name) {
		unsigned masks = py.n <= MIXED_MAX ? 1u << py.n : 0;

		/* all-full (mask 0) and all-initials end in KEY_EXACT: a whole name typed */
		for (unsigned m = 0; m < masks && rc == WG_OK; m++) {
			pinyin_key(key, KEY_NAME_PINYIN, &py, 0, m);
			if (m == 0 || m == masks - 1)
				sb_addc(key, KEY_EXACT);
			rc = fn(ix, stmt_id, key->buf, key->len, name, building_id);
		}
		if (!masks) {
			pinyin_key(key, KEY_NAME_PINYIN, &py, 0, 0);
			sb_addc(key, KEY_EXACT);
			rc = fn(ix, stmt_id, key->buf, key->len, name, building_id);
			pinyin_key(key, KEY_NAME_PINYIN, &py, 0, ~0u);
			sb_addc(key, KEY_EXACT);
			if (rc == WG_OK)
				rc = fn(ix, stmt_id, key->buf, key->len, name, building_id);
		}
	}
	for (from = as_name ? 1 : 0; from < py.n && rc == WG_OK; from++) {
		pinyin_key(key, later, &py, from, 0);
		rc = fn(ix, stmt_id, key->buf, key->len, name, building_id);
		pinyin_key(key, later, &py, from, ~0u);
		if (rc == WG_OK)
			rc = fn(ix, stmt_id, key->buf, key->len, name, building_id);
	}
	return rc;
}

static enum wg_status index_name(struct indexer *ix, const char *name)
{
	struct db_stmt *st;
	bool known;

	if (ix == bulk && strset_add(&ix->names, name))
		return WG_OK;
	sb_reset(&ix->key);
	sb_addc(&ix->key, KEY_NAME);
	sb_add(&ix->key, name);
	st = stmt(ix, ST_NAME_HAS);
	db_bind_textn(st, 1, ix->key.buf, ix->key.len);
	known = db_row(st);
	db_reset(st);
	if (known)
		return WG_OK;
	return keys_of(ix, ST_NAME_INS, name, true, name, 0, put_key);
}

static enum wg_status index_place(struct indexer *ix, int64_t building_id, const char *text)
{
	struct db_stmt *st;
	char *old = NULL;
	enum wg_status rc = WG_OK;

	if (ix == bulk) {
		char *tag = xasprintf("%" PRId64 "\x1f%s", building_id, text);
		bool seen = strset_add(&ix->buildings, tag);

		free(tag);
		if (seen)
			return WG_OK;
	}
	st = stmt(ix, ST_BLD_GET);
	db_bind_int(st, 1, building_id);
	if (db_row(st))
		old = xstrdup(db_text(st, 0) ? db_text(st, 0) : "");
	db_reset(st);
	if (old && STREQ(old, text)) {
		free(old);
		return WG_OK;
	}
	if (old)
		rc = keys_of(ix, ST_BLD_DEL, old, false, NULL, building_id, put_key);
	free(old);
	if (rc == WG_OK)
		rc = keys_of(ix, ST_BLD_INS, text, false, NULL, building_id, put_key);
	if (rc == WG_OK) {
		st = stmt(ix, ST_BLD_SET);
		db_bind_int(st, 1, building_id);
		db_bind_text(st, 2, text);
		rc = db_run(st);
	}
	return rc;
}

static void add_field(struct strbuf *sb, const char *s)
{
	/* separators never come from the data */
	for (; s && *s; s++)
		if (*s != SEP_FIELD && *s != SEP_ITEM)
			sb_addc(sb, *s);
}

static void add_pinyin(struct strbuf *sb, const char *text, bool as_name)
{
	struct pinyin py;

	pinyin_syllables(text, as_name, &py);
	for (size_t i = 0; i < py.n; i++) {
		if (i)
			sb_addc(sb, ' ');
		add_field(sb, py.syl[i]);
	}
}

static enum wg_status unindex(struct indexer *ix, const char *household_id)
{
	struct db_stmt *st = stmt(ix, ST_DOC_DEL);

	db_bind_text(st, 1, household_id);
	return db_run(st);
}

/* The lists of one household's residents, head first, for the document. */
struct people {
	struct strbuf names, pinyin, ids, phones;
};

static void people_add(struct people *pp, struct db_stmt *st, bool first)
{
	const char *name = db_text(st, 0) ? db_text(st, 0) : "";
	struct strbuf *lists[] = {&pp->names, &pp->pinyin, &pp->ids, &pp->phones};
	struct strbuf item[4];

	for (int i = 0; i < 4; i++)
		sb_init(&item[i]);
	add_field(&item[0], name);
	add_pinyin(&item[1], name, true);
	add_field(&item[2], db_text(st, 2));
	add_field(&item[3], db_text(st, 3));
	for (int i = 0; i < 4; i++) {
		struct strbuf joined;

		if (i >= 2 && !item[i].len) {
			sb_free(&item[i]);
			continue;
		}
		sb_init(&joined);
		if (first) {
			sb_add(&joined, item[i].buf ? item[i].buf : "");
			if (lists[i]->len)
				sb_addc(&joined, SEP_ITEM);
			sb_add(&joined, lists[i]->buf ? lists[i]->buf : "");
		} else {
			sb_add(&joined, lists[i]->buf ? lists[i]->buf : "");
			if (lists[i]->len)
				sb_addc(&joined, SEP_ITEM);
			sb_add(&joined, item[i].buf ? item[i].buf : "");
		}
		sb_free(lists[i]);
		*lists[i] = joined;
		sb_free(&item[i]);
	}
}

static enum wg_status index_one(struct indexer *ix, const char *household_id)
{
	struct db_stmt *hh = stmt(ix, ST_HH), *res, *put;
	struct people pp;
	enum wg_status rc = WG_OK;
	char *unit = NULL, *room = NULL, *hh_walk = NULL, *hh_phone = NULL, *bcode = NULL,
		*bname = NULL, *compound = NULL, *bwalk = NULL, *grid = NULL, *door = NULL,
		*place = NULL;
	int64_t building_id;
	bool head_seen = false;

	db_bind_text(hh, 1, household_id);
	if (!db_row(hh) || !db_is_null(hh, 0)) {
		rc = db_status(hh);
		db_reset(hh);
		return rc != WG_OK ? rc : unindex(ix, household_id);
	}
#define COPY(col) (db_text(hh, col) ? xstrdup(db_text(hh, col)) : NULL)
	unit = COPY(1);
	room = COPY(2);
	hh_walk = COPY(3);
	hh_phone = COPY(4);
	building_id = db_int(hh, 5);
	bcode = COPY(6);
	bname = COPY(7);
	compound = COPY(8);
	bwalk = COPY(9);
	grid = COPY(10);
#undef COPY
	db_reset(hh);

	memset(&pp, 0, sizeof(pp));
	res = stmt(ix, ST_RES);
	db_bind_text(res, 1, household_id);
	while (db_row(res)) {
		const char *rel = db_text(res, 1);
		bool head = !head_seen && rel && STREQ(rel, "户主");

		head_seen = head_seen || head;
		people_add(&pp, res, head);
		if (rc == WG_OK && db_text(res, 0) && *db_text(res, 0))
			rc = index_name(ix, db_text(res, 0));
	}
	if (rc == WG_OK)
		rc = db_status(res);
	db_reset(res);
	if (pp.phones.len && hh_phone && *hh_phone)
		sb_addc(&pp.phones, SEP_ITEM);
	add_field(&pp.phones, hh_phone);

	place = xasprintf("%s%s", compound ? compound : "", bname ? bname : "");
	if (rc == WG_OK)
		rc = index_place(ix, building_id, place);

	door = address_door(bcode ? bcode : "", unit, room ? room : "");
	sb_reset(&ix->body);
	add_field(&ix->body, compound);
	sb_addc(&ix->body, SEP_FIELD);
	add_field(&ix->body, bname);
	sb_addc(&ix->body, SEP_FIELD);
	add_field(&ix->body, unit);
	sb_addc(&ix->body, SEP_FIELD);
	add_field(&ix->body, room);
	sb_addc(&ix->body, SEP_FIELD);
	add_field(&ix->body, door);
	sb_addc(&ix->body, SEP_FIELD);
	add_field(&ix->body, grid);
	sb_addc(&ix->body, SEP_FIELD);
	sb_add(&ix->body, pp.names.buf ? pp.names.buf : "");
	sb_addc(&ix->body, SEP_FIELD);
	sb_add(&ix->body, pp.pinyin.buf ? pp.pinyin.buf : "");
	sb_addc(&ix->body, SEP_FIELD);
	add_pinyin(&ix->body, place, false);
	sb_addc(&ix->body, SEP_FIELD);
	sb_add(&ix->body, pp.ids.buf ? pp.ids.buf : "");
	sb_addc(&ix->body, SEP_FIELD);
	sb_add(&ix->body, pp.phones.buf ? pp.phones.buf : "");

	sb_reset(&ix->walk);
	sb_addf(&ix->walk, "%s\x1f%s\x1f%s\x1f%s", grid ? grid : "", bwalk ? bwalk : "",
		hh_walk ? hh_walk : "", household_id);
	if (rc == WG_OK) {
		put = stmt(ix, ST_DOC_PUT);
		db_bind_textn(put, 1, ix->walk.buf, ix->walk.len);
		db_bind_text(put, 2, household_id);
		db_bind_int(put, 3, building_id);
		db_bind_text(put, 4, door);
		db_bind_text(put, 5, room ? room : "");
		db_bind_textn(put, 6, ix->body.buf, ix->body.len);
		rc = db_run(put);
	}
	sb_free(&pp.names);
	sb_free(&pp.pinyin);
	sb_free(&pp.ids);
	sb_free(&pp.phones);
	free(unit);
	free(room);
	free(hh_walk);
	free(hh_phone);
	free(bcode);
	free(bname);
	free(compound);
	free(bwalk);
	free(grid);
	free(door);
	free(place);
	return rc;
}

enum wg_status search_index_household(struct wg_db *db, const char *household_id)
{
	struct indexer *ix = bulk && bulk->db == db ? bulk : indexer_new(db);
	enum wg_status rc = index_one(ix, household_id);

	if (ix != bulk)
		indexer_free(ix);
	return rc;
}

enum wg_status search_unindex_household(struct wg_db *db, const char *household_id)
{
	struct indexer *ix = bulk && bulk->db == db ? bulk : indexer_new(db);
	enum wg_status rc = unindex(ix, household_id);

	if (ix != bulk)
		indexer_free(ix);
	return rc;
}

enum wg_status search_rebuild(struct wg_db *db)
{
	struct db_stmt *st;
	enum wg_status rc;
	bool own = !(bulk && bulk->db == db);

	rc = db_exec(db, "DELETE FROM search_doc; DELETE FROM search_name; "
		"DELETE FROM search_building; DELETE FROM search_building_text;");
	if (rc != WG_OK)
		return rc;
	if (own)
		search_begin_bulk(db);
	st = db_prepare(db, "SELECT id FROM household WHERE departed_at IS NULL");
	while (rc == WG_OK && db_row(st))
		rc = index_one(bulk, db_text(st, 0));
	if (rc == WG_OK)
		rc = db_finish(st);
	else
		db_finish(st);
	if (own)
		search_end_bulk(db);
	return rc;
}
