/* The grid importer's reading helpers: keys checked against the known ones (unknown,
 * repeated, missing), values of the right kind, findings at the event's position, and
 * the arena that holds one household's text. */
#include "wangge/common.h"
#include "wangge/suggest.h"
#include "wangge/yaml_reader.h"
#include "import_int.h"

struct imp_arena_block {
	struct imp_arena_block *next;
	size_t used, cap;
	char data[];
};

/* A copy of s[0..n) that lives until the arena is emptied. */
char *imp_arena_dup(struct imp_arena *a, const char *s, size_t n)
{
	struct imp_arena_block *b = a->head;
	char *out;

	if (!b || b->cap - b->used < n + 1) {
		size_t cap = MAX(n + 1, (size_t)16384);

		b = xmalloc(sizeof(*b) + cap);
		b->cap = cap;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	out = b->data + b->used;
	memcpy(out, s, n);
	out[n] = '\0';
	b->used += n + 1;
	return out;
}

/* Keeps the newest block for the next household, frees the rest. */
void imp_arena_reset(struct imp_arena *a, bool all)
{
	struct imp_arena_block *b = a->head, *next;

	if (!b)
		return;
	for (next = b->next; next; next = b) {
		b = next->next;
		free(next);
		if (!b)
			break;
	}
	a->head->next = NULL;
	a->head->used = 0;
	if (all) {
		free(a->head);
		a->head = NULL;
	}
}



struct imp_pos imp_pos_of(const struct yr_event *ev)
{
	struct imp_pos pos = { ev->line, ev->column };

	return pos;
}

void imp_keys_init(struct imp_keys *ks, const char *ctx, const char *const *names, size_t n,
	const struct yr_event *start)
{
	ks->ctx = ctx;
	ks->names = names;
	ks->n = n;
	memset(ks->seen, 0, sizeof(ks->seen));
	ks->start = imp_pos_of(start);
}

bool imp_stopped(struct imp_parser *p)
{
	if (p->run->stop)
		p->fatal = true;
	return p->fatal;
}

bool imp_next(struct imp_parser *p, struct yr_event *ev)
{
	if (imp_stopped(p))
		return false;
	if (yr_next(p->r, ev) == WG_OK)
		return true;
	imp_error_raw(p->run, wg_error_msg());
	p->fatal = true;
	return false;
}

/* Skip the node ev starts, if it is a mapping or a list. */
bool imp_skip(struct imp_parser *p, const struct yr_event *ev)
{
	if (ev->kind != YR_MAP_START && ev->kind != YR_SEQ_START)
		return true;
	if (yr_skip(p->r, ev) == WG_OK)
		return true;
	imp_error_raw(p->run, wg_error_msg());
	p->fatal = true;
	return false;
}

/* "'abc'", "a list", ... for "found ..." in messages; into buf. */
const char *imp_describe(const struct yr_event *ev, char *buf, size_t size)
{
	switch (ev->kind) {
	case YR_SCALAR:
		if (ev->len == 0 && ev->plain)
			return _("nothing");
		if (ev->len > 40) {
			int cut = 40;

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

/* An entry of a list that is not what the list holds; skipped. */
bool imp_wrong_entry(struct imp_parser *p, const struct yr_event *ev, const char *list,
	const char *expected)
{
	char buf[160];

	imp_error(p->run, imp_pos_of(ev), _("%s: each entry must be %s, found %s"), list, expected,
		imp_describe(ev, buf, sizeof(buf)));
	return imp_skip(p, ev);
}

/* Reports a value of the wrong kind and skips it. */
bool imp_wrong_type(struct imp_parser *p, const struct yr_event *ev, const char *ctx,
	const char *key, const char *expected)
{
	char buf[160];

	imp_error(p->run, imp_pos_of(ev), _("%s: '%s' must be %s, found %s"), ctx, key, expected,
		imp_describe(ev, buf, sizeof(buf)));
	return imp_skip(p, ev);
}

bool imp_is_null(const struct yr_event *ev)
{
	return ev->kind == YR_SCALAR && ev->plain &&
		(ev->len == 0 || STREQ(ev->value, "~") || STREQ(ev->value, "null") ||
		 STREQ(ev->value, "Null") || STREQ(ev->value, "NULL"));
}

/* The next key of a mapping. *idx: its index in ks->names; -1 at the end of the mapping;
 * -2 for a key already reported (unknown or repeated) whose value the caller skips. */
bool imp_next_key(struct imp_parser *p, struct imp_keys *ks, int *idx)
{
	struct yr_event key;
	const char *guess;
	char buf[160];
	size_t i;

	if (!imp_next(p, &key))
		return false;
	if (key.kind == YR_MAP_END) {
		*idx = -1;
		return true;
	}
	*idx = -2;
	if (key.kind != YR_SCALAR) {
		imp_error(p->run, imp_pos_of(&key), _("%s: keys must be plain words, found %s"),
			ks->ctx, imp_describe(&key, buf, sizeof(buf)));
		return imp_skip(p, &key);
	}
	for (i = 0; i < ks->n; i++) {
		if (STREQ(key.value, ks->names[i])) {
			if (ks->seen[i].line) {
				imp_error(p->run, imp_pos_of(&key),
					_("%s: '%s' is given twice (first at line %d); keep one"),
					ks->ctx, key.value, ks->seen[i].line);
				return true;
			}
			ks->seen[i] = imp_pos_of(&key);
			*idx = (int)i;
			return true;
		}
	}
	guess = wg_suggest(key.value, ks->names, ks->n);
	if (guess) {
		imp_error(p->run, imp_pos_of(&key), _("%s: unknown key '%s'; did you mean '%s'?"),
			ks->ctx, key.value, guess);
	} else {
		struct strbuf known;

		sb_init(&known);
		for (i = 0; i < ks->n; i++)
			sb_addf(&known, "%s%s", i ? ", " : "", ks->names[i]);
		imp_error(p->run, imp_pos_of(&key), _("%s: unknown key '%s'; known keys: %s"),
			ks->ctx, key.value, known.buf);
		sb_free(&known);
	}
	return true;
}

/* Missing required keys, reported at the start of the mapping. */
void imp_require(struct imp_parser *p, const struct imp_keys *ks, const int *required, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ks->seen[required[i]].line)
			imp_error(p->run, ks->start, _("%s: '%s' is missing; it is required"),
				ks->ctx, ks->names[required[i]]);
}

/* A text value. Empty and null values give NULL (an error when required). With an arena
 * the copy lives there, else *out is replaced by new memory the parser frees. *ok is
 * false when the value was wrong (already reported). */
bool imp_text_value(struct imp_parser *p, const struct yr_event *v, const char *ctx,
	const char *key, bool required, struct imp_arena *arena, const char **out, bool *ok)
{
	*ok = true;
	if (v->kind != YR_SCALAR || (required && (imp_is_null(v) || v->len == 0))) {
		*ok = false;
		return imp_wrong_type(p, v, ctx, key, _("text"));
	}
	if (imp_is_null(v) || v->len == 0) {
		if (!arena) {
			free((char *)*out);
		}
		*out = NULL;
		return true;
	}
	if (arena) {
		*out = imp_arena_dup(arena, v->value, v->len);
	} else {
		free((char *)*out);
		*out = xstrndup(v->value, v->len);
	}
	return true;
}

/* For heap strings of the enclosing levels. */
bool imp_heap_text(struct imp_parser *p, const struct yr_event *v, const char *ctx,
	const char *key, bool required, char **out)
{
	const char *s = *out;
	bool ok;
	bool rc = imp_text_value(p, v, ctx, key, required, NULL, &s, &ok);

	*out = (char *)s;
	return rc;
}

void imp_report_dup(struct imp_parser *p, struct imp_pos pos, const char *what,
	const char *code, const struct imp_prev *prev)
{
	imp_error(p->run, pos, _("%s '%s' is used twice (first at %s:%d:%d); it must be unique"),
		what, code, prev->file, prev->line, prev->col);
}

