/* The configuration: read strictly (unknown keys, wrong types and duplicates are errors
 * naming file:line:column), one top-level section at a time.
 *
 * One file is read, never several merged: the first of --config, the user's, the
 * system's, else the built-in text. Inside that file every top-level section that is
 * present replaces the built-in one as a whole (a `categories:` list replaces all eleven
 * built-in categories); every section left out keeps the built-in value. So a file with
 * only `version: 1` and `language: en` behaves like the defaults in English. */
#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/suggest.h"
#include "wangge/yaml_reader.h"

#include <sys/stat.h>

/* Top-level keys; the order gives their bit in the "seen" mask. */
#define TOP_KEYS(_) \
	_(VERSION, "version") \
	_(LANGUAGE, "language") \
	_(IDLE_MINUTES, "idle_lock_minutes") \
	_(IDLE_SECONDS, "idle_lock_seconds") \
	_(NEUTRAL_MARK, "neutral_mark") \
	_(CATEGORIES, "categories") \
	_(VISIT_KINDS, "visit_kinds") \
	_(OUTCOMES, "outcomes") \
	_(INCIDENT_TYPES, "incident_types") \
	_(URGENT_PERCENT, "urgent_deadline_percent") \
	_(LEVELS, "levels") \
	_(RATINGS, "ratings") \
	_(REGISTERS, "registers") \
	_(KEYS, "keys")

enum top_key {
#define TOP_ENUM(id, name) TOP_##id,
	TOP_KEYS(TOP_ENUM)
#undef TOP_ENUM
	TOP_COUNT
};

static const char *const top_names[] = {
#define TOP_NAME(id, name) name,
	TOP_KEYS(TOP_NAME)
#undef TOP_NAME
};

#define BIT(k) (1u << (k))
#define MAX_KEYS 16

/* Limits that keep obviously wrong numbers out (ten years, one day, ...). */
#define MAX_INTERVAL_DAYS 3650
#define MAX_DEADLINE_DAYS 365
#define MAX_IDLE_MINUTES 1440
#define MAX_IDLE_SECONDS 86400

/* Where a register's category, incident_type and visit_kind values are, checked once
 * the whole file is read (the lists they name may come later). Positions only. */
struct register_at {
	struct yr_event category, incident_type, visit_kind;
};

struct parse {
	struct yaml_reader *r;
	struct wg_config *cfg;
	unsigned seen;
	struct yr_event at[TOP_COUNT];   /* where each section's key is (positions only) */
	struct register_at *reg_at;      /* one per register of the file */
};

/* Which keys a mapping has had so far, for duplicate and missing-key checks. */
struct keyset {
	const char *ctx;             /* translated context for messages: "category" */
	const char *const *names;
	size_t n;
	int line[MAX_KEYS];          /* 0 = not seen yet */
};

static void keyset_init(struct keyset *ks, const char *ctx, const char *const *names,
	size_t n)
{
	ks->ctx = ctx;
	ks->names = names;
	ks->n = n;
	memset(ks->line, 0, sizeof(ks->line));
}

/* "'abc'", "a list", ... for "found ..." in messages; into buf. */
static const char *describe(const struct yr_event *ev, char *buf, size_t size)
{
	switch (ev->kind) {
	case YR_SCALAR:
		if (ev->len == 0 && ev->plain)
			return _("nothing");
		if (ev->len > 40) {
			int cut = 40;

			/* Never cut a character in half. */
			while (cut > 0 && ((unsigned char)ev->value[cut] & 0xC0) == 0x80)
				cut--;
			snprintf(buf, size, "'%.*s...'", cut, ev->value);
		} else {
			snprintf(buf, size, "'%s'", ev->value);
		}
		return buf;
	case YR_MAP_START:
		return _("a mapping");
	case YR_SEQ_START:
		return _("a list");
	default:
		return _("the end of the block");
	}
}

static enum wg_status wrong_type(struct parse *p, const struct yr_event *ev, const char *ctx,
	const char *key, const char *expected)
{
	char buf[64];

	return yr_error(p->r, ev, WG_INVALID, _("%s: '%s' must be %s, found %s"), ctx, key,
		expected, describe(ev, buf, sizeof(buf)));
}

static bool is_null(const struct yr_event *ev)
{
	return ev->kind == YR_SCALAR && ev->plain &&
		(ev->len == 0 || STREQ(ev->value, "~") || STREQ(ev->value, "null") ||
		 STREQ(ev->value, "Null") || STREQ(ev->value, "NULL"));
}

/* Read the next key of a mapping into *idx (an index into ks->names). *done is set at
 * the end of the mapping. Unknown keys and repeated keys are errors. */
static enum wg_status next_key(struct parse *p, struct keyset *ks, struct yr_event *key,
	size_t *idx, bool *done)
{
	const char *guess;
	enum wg_status rc;
	char buf[64];
	size_t i;

	*done = false;
	rc = yr_next(p->r, key);
	if (rc != WG_OK)
		return rc;
	if (key->kind == YR_MAP_END) {
		*done = true;
		return WG_OK;
	}
	if (key->kind != YR_SCALAR)
		return yr_error(p->r, key, WG_INVALID, _("%s: keys must be plain words, found %s"),
			ks->ctx, describe(key, buf, sizeof(buf)));
	for (i = 0; i < ks->n; i++) {
		if (STREQ(key->value, ks->names[i])) {
			if (ks->line[i])
				return yr_error(p->r, key, WG_INVALID,
					_("%s: '%s' is given twice (first at line %d); keep one"),
					ks->ctx, key->value, ks->line[i]);
			ks->line[i] = key->line;
			*idx = i;
			return WG_OK;
		}
	}
	guess = wg_suggest(key->value, ks->names, ks->n);
	if (guess)
		return yr_error(p->r, key, WG_INVALID, _("%s: unknown key '%s'; did you mean '%s'?"),
			ks->ctx, key->value, guess);
	{
		struct strbuf known;

		sb_init(&known);
		for (i = 0; i < ks->n; i++)
			sb_addf(&known, "%s%s", i ? ", " : "", ks->names[i]);
		rc = yr_error(p->r, key, WG_INVALID, _("%s: unknown key '%s'; known keys: %s"),
			ks->ctx, key->value, known.buf);
		sb_free(&known);
	}
	return rc;
}

static enum wg_status require(struct parse *p, const struct keyset *ks,
	const struct yr_event *start, const char *const *required, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < ks->n; j++)
			if (STREQ(ks->names[j], required[i]))
				break;
		if (j == ks->n || !ks->line[j])
			return yr_error(p->r, start, WG_INVALID,
				_("%s: '%s' is missing; it is required"), ks->ctx, required[i]);
	}
	return WG_OK;
}

/* at, when given, receives the value's position. */
static enum wg_status get_text(struct parse *p, const char *ctx, const char *key,
	char **out, struct yr_event *at)
{
	struct yr_event ev;
	enum wg_status rc;

	rc = yr_next(p->r, &ev);
	if (rc != WG_OK)
		return rc;
	if (ev.kind != YR_SCALAR || is_null(&ev) || ev.len == 0)
		return wrong_type(p, &ev, ctx, key, _("text"));
	free(*out);
	*out = xstrndup(ev.value, ev.len);
	if (at)
		*at = ev;
	return WG_OK;
}

/* Codes are typed on the command line and listed with commas, so they are words. */
static enum wg_status get_code(struct parse *p, const char *ctx, char **out,
	struct yr_event *at)
{
	struct yr_event ev;
	enum wg_status rc;
	size_t i;

	rc = yr_next(p->r, &ev);
	if (rc != WG_OK)
		return rc;
	if (ev.kind != YR_SCALAR || is_null(&ev))
		return wrong_type(p, &ev, ctx, "code", _("a code (letters, digits, _ or -)"));
	for (i = 0; i < ev.len; i++) {
		char c = ev.value[i];

		if (!isalnum((unsigned char)c) && c != '_' && c != '-')
			return wrong_type(p, &ev, ctx, "code",
				_("a code (letters, digits, _ or -)"));
	}
	*out = xstrndup(ev.value, ev.len);
	*at = ev;
	return WG_OK;
}

static enum wg_status get_int(struct parse *p, const char *ctx, const char *key, int min,
	int max, int *out)
{
	struct yr_event ev;
	enum wg_status rc;
	char expected[96];
	long v = 0;
	size_t i;

	snprintf(expected, sizeof(expected), _("a whole number from %d to %d"), min, max);
	rc = yr_next(p->r, &ev);
	if (rc != WG_OK)
		return rc;
	/* Quoted "7" is text, not a number: the same rule the grid files follow. */
	if (ev.kind != YR_SCALAR || !ev.plain || ev.len == 0 || ev.len > 9)
		return wrong_type(p, &ev, ctx, key, expected);
	for (i = 0; i < ev.len; i++) {
		if (!isdigit((unsigned char)ev.value[i]))
			return wrong_type(p, &ev, ctx, key, expected);
		v = v * 10 + (ev.value[i] - '0');
	}
	if (v < min || v > max)
		return wrong_type(p, &ev, ctx, key, expected);
	*out = (int)v;
	return WG_OK;
}

static enum wg_status get_bool(struct parse *p, const char *ctx, const char *key, bool *out)
{
	struct yr_event ev;
	enum wg_status rc;

	rc = yr_next(p->r, &ev);
	if (rc != WG_OK)
		return rc;
	if (ev.kind == YR_SCALAR && ev.plain && STREQ(ev.value, "true"))
		*out = true;
	else if (ev.kind == YR_SCALAR && ev.plain && STREQ(ev.value, "false"))
		*out = false;
	else
		return wrong_type(p, &ev, ctx, key, _("true or false"));
	return WG_OK;
}

/* A list of text: the category checklists. */
static enum wg_status get_text_list(struct parse *p, const char *ctx, const char *key,
	char ***items, size_t *n)
{
	struct yr_event ev;
	enum wg_status rc;

	rc = yr_next(p->r, &ev);
	if (rc != WG_OK || is_null(&ev))   /* "checklist:" with nothing after it */
		return rc;
	if (ev.kind != YR_SEQ_START)
		return wrong_type(p, &ev, ctx, key, _("a list of text"));
	for (;;) {
		rc = yr_next(p->r, &ev);
		if (rc != WG_OK)
			return rc;
		if (ev.kind == YR_SEQ_END)
			return WG_OK;
		if (ev.kind != YR_SCALAR || is_null(&ev))
			return wrong_type(p, &ev, ctx, key, _("a list of text"));
		*items = xrealloc(*items, (*n + 1) * sizeof(**items));
		(*items)[(*n)++] = xstrndup(ev.value, ev.len);
	}
}

/* ---- list entries ---- */

/* Where an entry's code and name values are, for duplicate messages (value pointers
 * are not kept: they die with the next event). */
struct entry_lines {
	struct yr_event code, name;
};

static enum wg_status expect_map(struct parse *p, const struct yr_event *start,
	const char *ctx)
{
	char buf[64];

	if (start->kind == YR_MAP_START)
		return WG_OK;
	return yr_error(p->r, start, WG_INVALID,
		_("%s: each entry must be a mapping such as {code: ..., name: ...}, found %s"),
		ctx, describe(start, buf, sizeof(buf)));
}

static enum wg_status parse_category(struct parse *p, const struct yr_event *start,
	void *item, struct entry_lines *lines, const char *ctx)
{
	static const char *const keys[] = { "code", "name", "interval_days", "restricted",
		"checklist" };
	static const char *const required[] = { "code", "name", "interval_days" };
	struct wg_category *c = item;
	struct yr_event key;
	struct keyset ks;
	enum wg_status rc;
	size_t idx;
	bool done;

	rc = expect_map(p, start, ctx);
	keyset_init(&ks, ctx, keys, ARRAY_SIZE(keys));
	while (rc == WG_OK) {
		rc = next_key(p, &ks, &key, &idx, &done);
		if (rc != WG_OK || done)
			break;
		switch (idx) {
		case 0: rc = get_code(p, ctx, &c->code, &lines->code); break;
		case 1: rc = get_text(p, ctx, "name", &c->name, &lines->name); break;
		case 2: rc = get_int(p, ctx, "interval_days", 1, MAX_INTERVAL_DAYS,
				&c->interval_days); break;
		case 3: rc = get_bool(p, ctx, "restricted", &c->restricted); break;
		default: rc = get_text_list(p, ctx, "checklist", &c->checklist, &c->n_checklist);
		}
	}
	if (rc == WG_OK)
		rc = require(p, &ks, start, required, ARRAY_SIZE(required));
	return rc;
}

static enum wg_status parse_incident_type(struct parse *p, const struct yr_event *start,
	void *item, struct entry_lines *lines, const char *ctx)
{
	static const char *const keys[] = { "code", "name", "deadline_days" };
	struct wg_incident_type *t = item;
	struct yr_event key;
	struct keyset ks;
	enum wg_status rc;
	size_t idx;
	bool done;

	rc = expect_map(p, start, ctx);
	keyset_init(&ks, ctx, keys, ARRAY_SIZE(keys));
	while (rc == WG_OK) {
		rc = next_key(p, &ks, &key, &idx, &done);
		if (rc != WG_OK || done)
			break;
		switch (idx) {
		case 0: rc = get_code(p, ctx, &t->code, &lines->code); break;
		case 1: rc = get_text(p, ctx, "name", &t->name, &lines->name); break;
		default: rc = get_int(p, ctx, "deadline_days", 1, MAX_DEADLINE_DAYS,
				&t->deadline_days);
		}
	}
	if (rc == WG_OK)
		rc = require(p, &ks, start, keys, ARRAY_SIZE(keys));
	return rc;
}

/* Visit kinds, outcomes, levels and ratings share this shape; ctx says which. */
static enum wg_status parse_named(struct parse *p, const struct yr_event *start,
	void *item, struct entry_lines *lines, const char *ctx)
{
	static const char *const keys[] = { "code", "name" };
	struct wg_named *nm = item;
	struct yr_event key;
	struct keyset ks;
	enum wg_status rc;
	size_t idx;
	bool done;

	rc = expect_map(p, start, ctx);
	keyset_init(&ks, ctx, keys, ARRAY_SIZE(keys));
	while (rc == WG_OK) {
		rc = next_key(p, &ks, &key, &idx, &done);
		if (rc != WG_OK || done)
			break;
		if (idx == 0) {
			rc = get_code(p, ctx, &nm->code, &lines->code);
		} else {
			rc = get_text(p, ctx, "name", &nm->name, &lines->name);
		}
	}
	if (rc == WG_OK)
		rc = require(p, &ks, start, keys, ARRAY_SIZE(keys));
	return rc;
}

typedef enum wg_status (*entry_fn)(struct parse *, const struct yr_event *, void *,
	struct entry_lines *, const char *ctx);

/* The shape of one list section: how to read an entry and where its code and name are. */
struct list_spec {
	const char *key;
	const char *ctx;            /* untranslated: "category" */
	entry_fn parse;
	size_t size, code_off, name_off;
};

static const char *field(const void *items, size_t i, size_t size, size_t off)
{
	return *(char *const *)((const char *)items + i * size + off);
}

/* Read a list section. Entries belong to the config from the moment they are counted, so
 * config_free() cleans up after an error half way. Codes and names must be unique, since
 * either may be typed to pick an entry. */
static enum wg_status parse_list(struct parse *p, const struct list_spec *spec,
	void **items, size_t *n)
{
	struct entry_lines *lines = NULL;
	struct yr_event ev, start;
	enum wg_status rc;
	size_t i, j;

	rc = yr_next(p->r, &start);
	if (rc != WG_OK)
		return rc;
	if (start.kind != YR_SEQ_START) {
		rc = wrong_type(p, &start, _("configuration"), spec->key, _("a list"));
		goto out;
	}
	for (;;) {
		rc = yr_next(p->r, &ev);
		if (rc != WG_OK)
			goto out;
		if (ev.kind == YR_SEQ_END)
			break;
		*items = xrealloc(*items, (*n + 1) * spec->size);
		memset((char *)*items + *n * spec->size, 0, spec->size);
		lines = xrealloc(lines, (*n + 1) * sizeof(*lines));
		lines[*n].code = lines[*n].name = ev;
		(*n)++;
		rc = spec->parse(p, &ev, (char *)*items + (*n - 1) * spec->size, &lines[*n - 1],
			_(spec->ctx));
		if (rc != WG_OK)
			goto out;
		i = *n - 1;
		for (j = 0; j < i; j++) {
			const char *code = field(*items, i, spec->size, spec->code_off);
			const char *name = field(*items, i, spec->size, spec->name_off);

			if (STREQ(code, field(*items, j, spec->size, spec->code_off))) {
				rc = yr_error(p->r, &lines[i].code, WG_INVALID,
					_("%s: code '%s' is used twice (first at line %d); codes must be "
					  "unique"), spec->key, code, lines[j].code.line);
				goto out;
			}
			if (STREQ(name, field(*items, j, spec->size, spec->name_off))) {
				rc = yr_error(p->r, &lines[i].name, WG_INVALID,
					_("%s: name '%s' is used twice (first at line %d); names must be "
					  "unique, as either may be typed"), spec->key, name,
					lines[j].name.line);
				goto out;
			}
		}
	}
	if (*n == 0)
		rc = yr_error(p->r, &start, WG_INVALID, _("%s: '%s' must list at least one entry"),
			_("configuration"), spec->key);
out:
	free(lines);
	return rc;
}

/* ---- registers (台帐) ---- */

static const char *const register_rows_names[] = { "residents", "households", "visits",
	"incidents" };

static const char *const fields_residents[] = { "community", "grid", "address", "door",
	"name", "sex", "birth", "age", "id_number", "phone", "relation", "registered",
	"tenure", "categories", "category", "since", "last_met", "next_due" };
static const char *const fields_households[] = { "community", "grid", "address", "door",
	"head", "phone", "tenure", "residents", "registered", "categories", "last_visit",
	"last_met", "note" };
static const char *const fields_visits[] = { "date", "time", "community", "grid",
	"address", "door", "head", "worker", "kind", "outcome", "met", "note" };
static const char *const fields_incidents[] = { "seq", "type", "urgent", "level",
	"status", "community", "grid", "address", "place", "text", "reported_by",
	"reported_at", "handler", "deadline", "resolved_at", "closed_at", "days_to_resolve",
	"overdue", "rating", "supervised" };

const char *config_register_rows_name(enum wg_register_rows rows)
{
	return register_rows_names[rows];
}

const char *const *config_register_fields(enum wg_register_rows rows, size_t *n)
{
	switch (rows) {
	case REG_RESIDENTS: *n = ARRAY_SIZE(fields_residents); return fields_residents;
	case REG_HOUSEHOLDS: *n = ARRAY_SIZE(fields_households); return fields_households;
	case REG_VISITS: *n = ARRAY_SIZE(fields_visits); return fields_visits;
	default: *n = ARRAY_SIZE(fields_incidents); return fields_incidents;
	}
}

/* One column: {field: name, header: 姓名}. The field is checked once the register's rows
 * are known (the rows key may come after the columns). */
static enum wg_status parse_register_column(struct parse *p, const struct yr_event *start,
	struct wg_register_column *col, struct yr_event *field_at, const char *ctx)
{
	static const char *const keys[] = { "field", "header" };
	struct yr_event key;
	struct keyset ks;
	enum wg_status rc;
	char buf[64];
	size_t idx;
	bool done;

	if (start->kind != YR_MAP_START)
		return yr_error(p->r, start, WG_INVALID,
			_("%s: each column must be a mapping such as {field: name, header: 姓名}, "
			  "found %s"), ctx, describe(start, buf, sizeof(buf)));
	keyset_init(&ks, ctx, keys, ARRAY_SIZE(keys));
	rc = WG_OK;
	while (rc == WG_OK) {
		rc = next_key(p, &ks, &key, &idx, &done);
		if (rc != WG_OK || done)
			break;
		if (idx == 0)
			rc = get_code(p, ctx, &col->field, field_at);
		else
			rc = get_text(p, ctx, "header", &col->header, NULL);
	}
	if (rc == WG_OK)
		rc = require(p, &ks, start, keys, ARRAY_SIZE(keys));
	return rc;
}

static enum wg_status parse_register_columns(struct parse *p, struct wg_register *reg,
	struct yr_event **field_at, const char *ctx)
{
	struct yr_event ev, start;
	enum wg_status rc;

	rc = yr_next(p->r, &start);
	if (rc != WG_OK)
		return rc;
	if (start.kind != YR_SEQ_START)
		return wrong_type(p, &start, ctx, "columns",
			_("a list of {field: ..., header: ...}"));
	for (;;) {
		rc = yr_next(p->r, &ev);
		if (rc != WG_OK)
			return rc;
		if (ev.kind == YR_SEQ_END)
			break;
		reg->columns = xrealloc(reg->columns, (reg->n_columns + 1) * sizeof(*reg->columns));
		memset(&reg->columns[reg->n_columns], 0, sizeof(*reg->columns));
		*field_at = xrealloc(*field_at, (reg->n_columns + 1) * sizeof(**field_at));
		(*field_at)[reg->n_columns] = ev;
		reg->n_columns++;
		rc = parse_register_column(p, &ev, &reg->columns[reg->n_columns - 1],
			&(*field_at)[reg->n_columns - 1], ctx);
		if (rc != WG_OK)
			return rc;
	}
	if (reg->n_columns == 0)
		return yr_error(p->r, &start, WG_INVALID,
			_("%s: 'columns' must list at least one column"), ctx);
	return WG_OK;
}

/* rows: residents | households | visits | incidents */
static enum wg_status get_rows(struct parse *p, const char *ctx, enum wg_register_rows *out)
{
	struct yr_event ev;
	enum wg_status rc;
	const char *guess;
	size_t i;

	rc = yr_next(p->r, &ev);
	if (rc != WG_OK)
		return rc;
	if (ev.kind == YR_SCALAR) {
		for (i = 0; i < ARRAY_SIZE(register_rows_names); i++) {
			if (STREQ(ev.value, register_rows_names[i])) {
				*out = (enum wg_register_rows)i;
				return WG_OK;
			}
		}
		guess = wg_suggest(ev.value, register_rows_names, ARRAY_SIZE(register_rows_names));
		if (guess)
			return yr_error(p->r, &ev, WG_INVALID,
				_("%s: unknown rows '%s'; did you mean '%s'?"), ctx, ev.value, guess);
	}
	return wrong_type(p, &ev, ctx, "rows", _("residents, households, visits or incidents"));
}

/* Each column's field must be one the row kind has; "category" needs a category. */
static enum wg_status check_register_fields(struct parse *p, const struct wg_register *reg,
	const struct yr_event *field_at, const char *ctx)
{
	const char *const *names;
	const char *guess;
	size_t n, i, j;

	names = config_register_fields(reg->rows, &n);
	for (i = 0; i < reg->n_columns; i++) {
		const char *f = reg->columns[i].field;

		for (j = 0; j < n; j++)
			if (STREQ(f, names[j]))
				break;
		if (j < n) {
			if (STREQ(f, "category") && !reg->category)
				return yr_error(p->r, &field_at[i], WG_INVALID,
					_("%s: the field 'category' needs 'category: each' or a category "
					  "code in the register; use 'categories' for every tag"), ctx);
			continue;
		}
		guess = wg_suggest(f, names, n);
		if (guess)
			return yr_error(p->r, &field_at[i], WG_INVALID,
				_("%s: rows '%s' have no field '%s'; did you mean '%s'?"), ctx,
				register_rows_names[reg->rows], f, guess);
		{
			struct strbuf known;
			enum wg_status rc;

			sb_init(&known);
			for (j = 0; j < n; j++)
				sb_addf(&known, "%s%s", j ? ", " : "", names[j]);
			rc = yr_error(p->r, &field_at[i], WG_INVALID,
				_("%s: rows '%s' have no field '%s'; known fields: %s"), ctx,
				register_rows_names[reg->rows], f, known.buf);
			sb_free(&known);
			return rc;
		}
	}
	return WG_OK;
}

static enum wg_status parse_register(struct parse *p, const struct yr_event *start,
	void *item, struct entry_lines *lines, const char *ctx)
{
	static const char *const keys[] = { "code", "name", "rows", "category",
		"incident_type", "visit_kind", "columns" };
	static const char *const required[] = { "code", "name", "rows", "columns" };
	struct wg_register *reg = item;
	struct yr_event *field_at = NULL;
	struct register_at *at;
	struct yr_event key;
	struct keyset ks;
	enum wg_status rc;
	size_t idx, i;
	bool done;

	i = (size_t)(reg - p->cfg->registers);
	p->reg_at = xrealloc(p->reg_at, (i + 1) * sizeof(*p->reg_at));
	at = &p->reg_at[i];
	memset(at, 0, sizeof(*at));
	rc = expect_map(p, start, ctx);
	keyset_init(&ks, ctx, keys, ARRAY_SIZE(keys));
	while (rc == WG_OK) {
		rc = next_key(p, &ks, &key, &idx, &done);
		if (rc != WG_OK || done)
			break;
		switch (idx) {
		case 0: rc = get_code(p, ctx, &reg->code, &lines->code); break;
		case 1: rc = get_text(p, ctx, "name", &reg->name, &lines->name); break;
		case 2: rc = get_rows(p, ctx, &reg->rows); break;
		case 3: rc = get_text(p, ctx, "category", &reg->category, &at->category); break;
		case 4: rc = get_text(p, ctx, "incident_type", &reg->incident_type,
				&at->incident_type); break;
		case 5: rc = get_text(p, ctx, "visit_kind", &reg->visit_kind, &at->visit_kind);
			break;
		default: rc = parse_register_columns(p, reg, &field_at, ctx);
		}
	}
	if (rc == WG_OK)
		rc = require(p, &ks, start, required, ARRAY_SIZE(required));
	if (rc == WG_OK && reg->category && reg->rows != REG_RESIDENTS)
		rc = yr_error(p->r, &at->category, WG_INVALID,
			_("%s: 'category' is for rows: residents"), ctx);
	if (rc == WG_OK && reg->incident_type && reg->rows != REG_INCIDENTS)
		rc = yr_error(p->r, &at->incident_type, WG_INVALID,
			_("%s: 'incident_type' is for rows: incidents"), ctx);
	if (rc == WG_OK && reg->visit_kind && reg->rows != REG_VISITS)
		rc = yr_error(p->r, &at->visit_kind, WG_INVALID,
			_("%s: 'visit_kind' is for rows: visits"), ctx);
	if (rc == WG_OK)
		rc = check_register_fields(p, reg, field_at, ctx);
	free(field_at);
	return rc;
}

#define NAMED_SPEC(key, ctx) { key, ctx, parse_named, sizeof(struct wg_named), \
	offsetof(struct wg_named, code), offsetof(struct wg_named, name) }
static const struct list_spec spec_categories = { "categories", N_("category"),
	parse_category, sizeof(struct wg_category), offsetof(struct wg_category, code),
	offsetof(struct wg_category, name) };
static const struct list_spec spec_incident_types = { "incident_types", N_("incident type"),
	parse_incident_type, sizeof(struct wg_incident_type),
	offsetof(struct wg_incident_type, code), offsetof(struct wg_incident_type, name) };
static const struct list_spec spec_visit_kinds = NAMED_SPEC("visit_kinds", N_("visit kind"));
static const struct list_spec spec_outcomes = NAMED_SPEC("outcomes", N_("outcome"));
static const struct list_spec spec_levels = NAMED_SPEC("levels", N_("level"));
static const struct list_spec spec_ratings = NAMED_SPEC("ratings", N_("rating"));
static const struct list_spec spec_registers = { "registers", N_("register"),
	parse_register, sizeof(struct wg_register), offsetof(struct wg_register, code),
	offsetof(struct wg_register, name) };

/* keys: a mapping action -> key. Action names are checked by the screen, which owns the
 * action table; here only the shape is. */
static enum wg_status parse_keys(struct parse *p)
{
	struct wg_config *cfg = p->cfg;
	const char *ctx = _("keys");
	struct yr_event ev;
	enum wg_status rc;
	char buf[64];
	int *lines = NULL;
	size_t i;

	rc = yr_next(p->r, &ev);
	/* "keys:" with every binding commented out means no changes. */
	if (rc != WG_OK || is_null(&ev))
		return rc;
	if (ev.kind != YR_MAP_START)
		return wrong_type(p, &ev, _("configuration"), "keys",
			_("a mapping of action: key"));
	for (;;) {
		rc = yr_next(p->r, &ev);
		if (rc != WG_OK || ev.kind == YR_MAP_END)
			break;
		if (ev.kind != YR_SCALAR || is_null(&ev)) {
			rc = yr_error(p->r, &ev, WG_INVALID,
				_("%s: expected an action name, found %s"), ctx,
				describe(&ev, buf, sizeof(buf)));
			break;
		}
		for (i = 0; i < cfg->n_keys; i++) {
			if (STREQ(cfg->keys[i].action, ev.value)) {
				rc = yr_error(p->r, &ev, WG_INVALID,
					_("%s: '%s' is given twice (first at line %d); keep one"), ctx,
					ev.value, lines[i]);
				goto out;
			}
		}
		cfg->keys = xrealloc(cfg->keys, (cfg->n_keys + 1) * sizeof(*cfg->keys));
		lines = xrealloc(lines, (cfg->n_keys + 1) * sizeof(*lines));
		cfg->keys[cfg->n_keys].action = xstrndup(ev.value, ev.len);
		cfg->keys[cfg->n_keys].key = NULL;
		lines[cfg->n_keys] = ev.line;
		cfg->n_keys++;
		rc = get_text(p, ctx, cfg->keys[cfg->n_keys - 1].action,
			&cfg->keys[cfg->n_keys - 1].key, NULL);
		if (rc != WG_OK)
			break;
	}
out:
	free(lines);
	return rc;
}

static enum wg_status parse_top_value(struct parse *p, size_t key, const struct yr_event *at)
{
	struct wg_config *cfg = p->cfg;
	const char *ctx = _("configuration");
	struct yr_event ev;
	enum wg_status rc;
	int v;

	switch (key) {
	case TOP_VERSION:
		rc = yr_next(p->r, &ev);
		if (rc != WG_OK)
			return rc;
		if (ev.kind != YR_SCALAR || !ev.plain || !STREQ(ev.value, "1")) {
			char buf[64];

			return yr_error(p->r, &ev, WG_INVALID,
				_("configuration version %s is not supported; this wangge reads "
				  "version: 1"), describe(&ev, buf, sizeof(buf)));
		}
		return WG_OK;
	case TOP_LANGUAGE:
		rc = yr_next(p->r, &ev);
		if (rc != WG_OK)
			return rc;
		if (ev.kind != YR_SCALAR || (!STREQ(ev.value, "zh") && !STREQ(ev.value, "en")))
			return wrong_type(p, &ev, ctx, "language", _("zh or en"));
		free(cfg->language);
		cfg->language = xstrdup(ev.value);
		return WG_OK;
	case TOP_IDLE_MINUTES:
	case TOP_IDLE_SECONDS:
		if (p->seen & (BIT(TOP_IDLE_MINUTES) | BIT(TOP_IDLE_SECONDS)))
			return yr_error(p->r, at, WG_INVALID,
				_("%s: give idle_lock_minutes or idle_lock_seconds, not both"), ctx);
		if (key == TOP_IDLE_MINUTES) {
			rc = get_int(p, ctx, top_names[key], 0, MAX_IDLE_MINUTES, &v);
			v *= 60;
		} else {
			rc = get_int(p, ctx, top_names[key], 0, MAX_IDLE_SECONDS, &v);
		}
		cfg->idle_lock_seconds = v;
		return rc;
	case TOP_NEUTRAL_MARK:
		return get_text(p, ctx, "neutral_mark", &cfg->neutral_mark, NULL);
	case TOP_URGENT_PERCENT:
		return get_int(p, ctx, "urgent_deadline_percent", 1, 100,
			&cfg->urgent_deadline_percent);
	case TOP_CATEGORIES:
		return parse_list(p, &spec_categories, (void **)&cfg->categories,
			&cfg->n_categories);
	case TOP_VISIT_KINDS:
		return parse_list(p, &spec_visit_kinds, (void **)&cfg->visit_kinds,
			&cfg->n_visit_kinds);
	case TOP_OUTCOMES:
		return parse_list(p, &spec_outcomes, (void **)&cfg->outcomes, &cfg->n_outcomes);
	case TOP_INCIDENT_TYPES:
		return parse_list(p, &spec_incident_types, (void **)&cfg->incident_types,
			&cfg->n_incident_types);
	case TOP_LEVELS:
		return parse_list(p, &spec_levels, (void **)&cfg->levels, &cfg->n_levels);
	case TOP_RATINGS:
		return parse_list(p, &spec_ratings, (void **)&cfg->ratings, &cfg->n_ratings);
	case TOP_REGISTERS:
		return parse_list(p, &spec_registers, (void **)&cfg->registers,
			&cfg->n_registers);
	case TOP_KEYS:
	default:
		return parse_keys(p);
	}
}

/* Codes other modules give a meaning to must exist if the list is replaced. */
static enum wg_status check_meaningful_codes(struct parse *p)
{
	static const char *const ratings[] = { "satisfied", "basically", "unsatisfied" };
	const struct wg_config *cfg = p->cfg;
	size_t i;

	if ((p->seen & BIT(TOP_OUTCOMES)) && !config_named(cfg->outcomes, cfg->n_outcomes, "met"))
		return yr_error(p->r, &p->at[TOP_OUTCOMES], WG_INVALID,
			_("outcomes: the code 'met' is missing; it marks the visits that reset a "
			  "follow-up clock, so it must stay (its name may change)"));
	if (!(p->seen & BIT(TOP_RATINGS)))
		return WG_OK;
	for (i = 0; i < ARRAY_SIZE(ratings); i++)
		if (!config_named(cfg->ratings, cfg->n_ratings, ratings[i]))
			return yr_error(p->r, &p->at[TOP_RATINGS], WG_INVALID,
				_("ratings: the code '%s' is missing; satisfied, basically and "
				  "unsatisfied are needed for the satisfaction figures (their names "
				  "may change)"), ratings[i]);
	return WG_OK;
}

static enum wg_status parse_document(struct parse *p)
{
	struct yr_event ev, start, key;
	struct keyset ks;
	enum wg_status rc;
	char buf[64];
	size_t idx;
	bool done;

	rc = yr_next(p->r, &ev);
	if (rc != WG_OK)
		return rc;
	if (ev.kind != YR_DOC_START)
		return yr_error(p->r, NULL, WG_INVALID,
			_("the file is empty; a configuration needs at least 'version: 1'"));
	rc = yr_next(p->r, &start);
	if (rc != WG_OK)
		return rc;
	if (start.kind != YR_MAP_START)
		return yr_error(p->r, &start, WG_INVALID,
			_("a configuration is a mapping of keys (version: 1, categories: ...), "
			  "found %s"), describe(&start, buf, sizeof(buf)));
	keyset_init(&ks, _("configuration"), top_names, TOP_COUNT);
	for (;;) {
		rc = next_key(p, &ks, &key, &idx, &done);
		if (rc != WG_OK)
			return rc;
		if (done)
			break;
		p->at[idx] = key;
		rc = parse_top_value(p, idx, &key);
		if (rc != WG_OK)
			return rc;
		p->seen |= BIT(idx);
	}
	if (!(p->seen & BIT(TOP_VERSION)))
		return yr_error(p->r, &start, WG_INVALID,
			_("%s: '%s' is missing; it is required"), _("configuration"), "version");
	rc = check_meaningful_codes(p);
	if (rc != WG_OK)
		return rc;
	rc = yr_next(p->r, &ev);   /* document end */
	if (rc == WG_OK)
		rc = yr_next(p->r, &ev);
	if (rc == WG_OK && ev.kind != YR_STREAM_END)
		return yr_error(p->r, &ev, WG_INVALID,
			_("a second document starts here; a configuration file holds one (remove "
			  "the '---')"));
	return rc;
}

static enum wg_status parse_reader(struct yaml_reader *r, const char *source,
	struct wg_config **out, unsigned *seen, struct register_at **reg_at)
{
	struct parse p = { 0 };
	enum wg_status rc;

	p.r = r;
	p.cfg = xcalloc(1, sizeof(*p.cfg));
	p.cfg->source = xstrdup(source);
	rc = parse_document(&p);
	if (rc != WG_OK) {
		config_free(p.cfg);
		free(p.reg_at);
		return rc;
	}
	*out = p.cfg;
	*seen = p.seen;
	if (reg_at)
		*reg_at = p.reg_at;
	else
		free(p.reg_at);
	return WG_OK;
}

/* A register's category, incident type and visit kind must exist in the configuration
 * in force (the file's list, or the built-in one it left out). */
static enum wg_status check_register_codes(struct yaml_reader *r, const struct wg_config *cfg,
	const struct register_at *at)
{
	const struct wg_register *reg;
	const char *guess;
	char *codes;
	enum wg_status rc;
	size_t i;

	for (i = 0; i < cfg->n_registers; i++) {
		reg = &cfg->registers[i];
		if (reg->category && !STREQ(reg->category, "each") &&
				!config_category(cfg, reg->category)) {
			guess = config_category_suggest(cfg, reg->category);
			if (guess)
				return yr_error(r, &at[i].category, WG_INVALID,
					_("register %s: unknown category '%s'; did you mean '%s'?"),
					reg->code, reg->category, guess);
			codes = config_category_codes(cfg);
			rc = yr_error(r, &at[i].category, WG_INVALID,
				_("register %s: unknown category '%s'; use 'each' or one of: %s"),
				reg->code, reg->category, codes);
			free(codes);
			return rc;
		}
		if (reg->incident_type && !config_incident_type(cfg, reg->incident_type))
			return yr_error(r, &at[i].incident_type, WG_INVALID,
				_("register %s: unknown incident type '%s'; it must be a code from "
				  "incident_types"), reg->code, reg->incident_type);
		if (reg->visit_kind && !config_visit_kind(cfg, reg->visit_kind))
			return yr_error(r, &at[i].visit_kind, WG_INVALID,
				_("register %s: unknown visit kind '%s'; it must be a code from "
				  "visit_kinds"), reg->code, reg->visit_kind);
	}
	return WG_OK;
}

#define SWAP(a, b) do { __typeof__(a) t_ = (a); (a) = (b); (b) = t_; } while (0)

/* Sections the file left out come from the built-in configuration. */
static enum wg_status fill_from_builtin(struct wg_config *cfg, unsigned seen)
{
	struct wg_config *base = NULL;
	struct yaml_reader *r = NULL;
	enum wg_status rc;
	unsigned base_seen, all;

	all = (BIT(TOP_COUNT) - 1) & ~(BIT(TOP_VERSION) | BIT(TOP_IDLE_SECONDS));
	if (seen & BIT(TOP_IDLE_SECONDS))
		seen |= BIT(TOP_IDLE_MINUTES);
	if ((seen & all) == all)
		return WG_OK;   /* a complete file, such as the built-in one itself */
	rc = yr_open_string("built-in", wg_builtin_config, wg_builtin_config_len, &r);
	if (rc == WG_OK)
		rc = parse_reader(r, "built-in", &base, &base_seen, NULL);
	yr_close(r);
	if (rc != WG_OK)
		return rc;
	if (!(seen & BIT(TOP_LANGUAGE)))
		SWAP(cfg->language, base->language);
	if (!(seen & (BIT(TOP_IDLE_MINUTES) | BIT(TOP_IDLE_SECONDS))))
		cfg->idle_lock_seconds = base->idle_lock_seconds;
	if (!(seen & BIT(TOP_NEUTRAL_MARK)))
		SWAP(cfg->neutral_mark, base->neutral_mark);
	if (!(seen & BIT(TOP_URGENT_PERCENT)))
		cfg->urgent_deadline_percent = base->urgent_deadline_percent;
	if (!(seen & BIT(TOP_CATEGORIES))) {
		SWAP(cfg->categories, base->categories);
		SWAP(cfg->n_categories, base->n_categories);
	}
	if (!(seen & BIT(TOP_VISIT_KINDS))) {
		SWAP(cfg->visit_kinds, base->visit_kinds);
		SWAP(cfg->n_visit_kinds, base->n_visit_kinds);
	}
	if (!(seen & BIT(TOP_OUTCOMES))) {
		SWAP(cfg->outcomes, base->outcomes);
		SWAP(cfg->n_outcomes, base->n_outcomes);
	}
	if (!(seen & BIT(TOP_INCIDENT_TYPES))) {
		SWAP(cfg->incident_types, base->incident_types);
		SWAP(cfg->n_incident_types, base->n_incident_types);
	}
	if (!(seen & BIT(TOP_LEVELS))) {
		SWAP(cfg->levels, base->levels);
		SWAP(cfg->n_levels, base->n_levels);
	}
	if (!(seen & BIT(TOP_RATINGS))) {
		SWAP(cfg->ratings, base->ratings);
		SWAP(cfg->n_ratings, base->n_ratings);
	}
	if (!(seen & BIT(TOP_REGISTERS))) {
		SWAP(cfg->registers, base->registers);
		SWAP(cfg->n_registers, base->n_registers);
	}
	if (!(seen & BIT(TOP_KEYS))) {
		SWAP(cfg->keys, base->keys);
		SWAP(cfg->n_keys, base->n_keys);
	}
	config_free(base);
	return WG_OK;
}

static enum wg_status parse_and_fill(struct yaml_reader *r, const char *source,
	struct wg_config **out)
{
	struct register_at *reg_at = NULL;
	struct wg_config *cfg = NULL;
	enum wg_status rc;
	unsigned seen;

	*out = NULL;
	rc = parse_reader(r, source, &cfg, &seen, &reg_at);
	if (rc != WG_OK)
		return rc;
	rc = fill_from_builtin(cfg, seen);
	if (rc == WG_OK && (seen & BIT(TOP_REGISTERS)))
		rc = check_register_codes(r, cfg, reg_at);
	free(reg_at);
	if (rc != WG_OK) {
		config_free(cfg);
		return rc;
	}
	*out = cfg;
	return WG_OK;
}

enum wg_status config_parse(const char *name, const char *text, size_t len,
	struct wg_config **out)
{
	struct yaml_reader *r;
	enum wg_status rc;

	*out = NULL;
	rc = yr_open_string(name, text, len, &r);
	if (rc != WG_OK)
		return rc;
	rc = parse_and_fill(r, name, out);
	yr_close(r);
	return rc;
}

static enum wg_status load_file(const char *path, bool explicit, struct wg_config **out)
{
	struct yaml_reader *r;
	enum wg_status rc;

	rc = yr_open_file(path, &r);
	if (rc != WG_OK) {
		/* The detail is formatted into the same buffer, so copy it first. */
		char *why = xstrdup(wg_error_msg());

		if (explicit)
			wg_error_set(rc, _("cannot read the configuration file: %s; check the "
				"path given with --config"), why);
		else
			wg_error_set(rc, _("cannot read the configuration file: %s; make it "
				"readable, or remove it to use the built-in defaults"), why);
		free(why);
		return rc;
	}
	rc = parse_and_fill(r, path, out);
	yr_close(r);
	return rc;
}

/* A candidate file that does not exist is skipped; one that exists but cannot be read is
 * an error, so a typo in permissions is not silently replaced by the defaults. */
static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

enum wg_status config_load(const char *path, struct wg_config **out)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	enum wg_status rc;
	char *user = NULL;

	*out = NULL;
	if (path)
		return load_file(path, true, out);
	/* XDG says a relative $XDG_CONFIG_HOME is invalid and must be ignored. */
	if (xdg && xdg[0] == '/')
		user = xasprintf("%s/wangge/config.yaml", xdg);
	else if (home && home[0])
		user = xasprintf("%s/.config/wangge/config.yaml", home);
	if (user && exists(user)) {
		rc = load_file(user, false, out);
		free(user);
		return rc;
	}
	free(user);
	if (exists(WANGGE_SYSCONFDIR "/wangge/config.yaml"))
		return load_file(WANGGE_SYSCONFDIR "/wangge/config.yaml", false, out);
	return config_parse("built-in", wg_builtin_config, wg_builtin_config_len, out);
}

static void free_named(struct wg_named *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(list[i].code);
		free(list[i].name);
	}
	free(list);
}

void config_free(struct wg_config *cfg)
{
	size_t i, j;

	if (!cfg)
		return;
	for (i = 0; i < cfg->n_categories; i++) {
		free(cfg->categories[i].code);
		free(cfg->categories[i].name);
		for (j = 0; j < cfg->categories[i].n_checklist; j++)
			free(cfg->categories[i].checklist[j]);
		free(cfg->categories[i].checklist);
	}
	free(cfg->categories);
	for (i = 0; i < cfg->n_incident_types; i++) {
		free(cfg->incident_types[i].code);
		free(cfg->incident_types[i].name);
	}
	free(cfg->incident_types);
	free_named(cfg->visit_kinds, cfg->n_visit_kinds);
	free_named(cfg->outcomes, cfg->n_outcomes);
	free_named(cfg->levels, cfg->n_levels);
	free_named(cfg->ratings, cfg->n_ratings);
	for (i = 0; i < cfg->n_registers; i++) {
		free(cfg->registers[i].code);
		free(cfg->registers[i].name);
		free(cfg->registers[i].category);
		free(cfg->registers[i].incident_type);
		free(cfg->registers[i].visit_kind);
		for (j = 0; j < cfg->registers[i].n_columns; j++) {
			free(cfg->registers[i].columns[j].field);
			free(cfg->registers[i].columns[j].header);
		}
		free(cfg->registers[i].columns);
	}
	free(cfg->registers);
	for (i = 0; i < cfg->n_keys; i++) {
		free(cfg->keys[i].action);
		free(cfg->keys[i].key);
	}
	free(cfg->keys);
	free(cfg->neutral_mark);
	free(cfg->language);
	free(cfg->source);
	free(cfg);
}

/* ---- look-ups ---- */

const struct wg_category *config_category(const struct wg_config *cfg, const char *code)
{
	size_t i;

	if (!code)
		return NULL;
	/* Code only: grid files and the database hold codes, and an importer that accepted
	 * a name here might store the name. */
	for (i = 0; i < cfg->n_categories; i++)
		if (STREQ(cfg->categories[i].code, code))
			return &cfg->categories[i];
	return NULL;
}

const struct wg_named *config_named(const struct wg_named *list, size_t n,
	const char *code_or_name)
{
	size_t i;

	if (!code_or_name)
		return NULL;
	for (i = 0; i < n; i++)
		if (STREQ(list[i].code, code_or_name))
			return &list[i];
	for (i = 0; i < n; i++)
		if (STREQ(list[i].name, code_or_name))
			return &list[i];
	return NULL;
}

const struct wg_register *config_register(const struct wg_config *cfg,
	const char *code_or_name)
{
	size_t i;

	if (!code_or_name)
		return NULL;
	for (i = 0; i < cfg->n_registers; i++)
		if (STREQ(cfg->registers[i].code, code_or_name))
			return &cfg->registers[i];
	for (i = 0; i < cfg->n_registers; i++)
		if (STREQ(cfg->registers[i].name, code_or_name))
			return &cfg->registers[i];
	return NULL;
}

const struct wg_named *config_visit_kind(const struct wg_config *cfg, const char *code_or_name)
{
	return config_named(cfg->visit_kinds, cfg->n_visit_kinds, code_or_name);
}

const struct wg_named *config_outcome(const struct wg_config *cfg, const char *code_or_name)
{
	return config_named(cfg->outcomes, cfg->n_outcomes, code_or_name);
}

const struct wg_incident_type *config_incident_type(const struct wg_config *cfg,
	const char *code_or_name)
{
	size_t i;

	if (!code_or_name)
		return NULL;
	for (i = 0; i < cfg->n_incident_types; i++)
		if (STREQ(cfg->incident_types[i].code, code_or_name))
			return &cfg->incident_types[i];
	for (i = 0; i < cfg->n_incident_types; i++)
		if (STREQ(cfg->incident_types[i].name, code_or_name))
			return &cfg->incident_types[i];
	return NULL;
}

char *config_category_codes(const struct wg_config *cfg)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	for (i = 0; i < cfg->n_categories; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", cfg->categories[i].code);
	return sb_detach(&sb);
}

const char *config_category_suggest(const struct wg_config *cfg, const char *word)
{
	const char **codes;
	const char *guess;
	size_t i;

	if (!word)
		return NULL;
	for (i = 0; i < cfg->n_categories; i++)
		if (STREQ(cfg->categories[i].name, word))
			return cfg->categories[i].code;
	codes = xcalloc(cfg->n_categories + 1, sizeof(*codes));
	for (i = 0; i < cfg->n_categories; i++)
		codes[i] = cfg->categories[i].code;
	guess = wg_suggest(word, codes, cfg->n_categories);
	free(codes);
	return guess;
}
