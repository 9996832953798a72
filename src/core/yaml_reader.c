/* A pull reader over libyaml's event API. The only file that includes yaml.h.
 *
 * Streaming: no document tree is ever built. Scalars are handed out straight from the
 * libyaml event (no copy, no allocation of our own); the event is freed on the next call.
 * Aliases are resolved here: the events of every anchored node (and only those) are
 * recorded while they pass by, and replayed when an alias names the anchor, so callers
 * never see anchors or aliases. Replayed events carry the alias's position, because that
 * is where the node is used (a duplicate id found in a replay is reported where the copy
 * was made). Recorded memory is bounded, which also stops "billion laughs" inputs. */
#include "wangge/common.h"
#include "wangge/yaml_reader.h"

#include <sys/stat.h>
#include <yaml.h>

/* Total bytes of recorded anchor events per document; an anchor is meant for a worker
 * record or a shared block of settings, not for a whole community. */
#define YR_RECORD_LIMIT ((size_t)64 << 20)
/* Total bytes of replayed events per reader: a small file of many aliases to a large
 * anchor would otherwise keep the importer busy for days. Real files reuse a worker or
 * a block of settings and stay far below this. */
#define YR_REPLAY_LIMIT ((size_t)512 << 20)
/* Anchor names are looked up in a hash table; a generated file may anchor thousands. */
#define YR_HASH_MIN 64

struct rec_event {
	unsigned char kind;
	bool plain;
	size_t off, len;   /* value: text + off, NUL-terminated */
};

struct anchor {
	char *name;
	int line, column;          /* where it was defined, for messages */
	struct rec_event *evs;
	size_t n, cap;
	struct strbuf text;
	int depth;                 /* nesting while recording */
	bool complete;
};

struct yaml_reader {
	char *name;
	char *path;                /* for locating reader errors in files; NULL for strings */
	const char *text;          /* string input, for the same purpose */
	size_t text_len;
	FILE *fp;
	yaml_parser_t parser;
	bool parser_ready;
	yaml_event_t event;        /* the event last handed out, freed on the next call */
	bool have_event;
	bool ended;
	enum wg_status failed;     /* after an error every call repeats it */
	char *failed_msg;

	struct anchor **anchors;   /* defined in this document, oldest first */
	size_t n_anchors, cap_anchors;
	struct anchor **recording; /* anchors whose node is still being read, outermost first */
	size_t n_recording, cap_recording;
	size_t recorded;           /* bytes recorded in this document */
	struct anchor **hash;      /* open addressing, latest definition of each name */
	size_t hash_cap, hash_used;
	size_t replayed;           /* bytes replayed so far */

	const struct anchor *replay;  /* alias being replayed */
	size_t replay_pos;
	int replay_line, replay_column;
};

static void anchor_free(struct anchor *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->evs);
	sb_free(&a->text);
	free(a);
}

static void anchors_clear(struct yaml_reader *r)
{
	size_t i;

	for (i = 0; i < r->n_anchors; i++)
		anchor_free(r->anchors[i]);
	r->n_anchors = 0;
	if (r->hash)
		memset(r->hash, 0, r->hash_cap * sizeof(*r->hash));
	r->hash_used = 0;
	r->n_recording = 0;
	r->recorded = 0;
	r->replay = NULL;
}

static enum wg_status reader_new(const char *name, struct yaml_reader **out)
{
	struct yaml_reader *r = xcalloc(1, sizeof(*r));

	r->name = xstrdup(name);
	if (!yaml_parser_initialize(&r->parser)) {
		free(r->name);
		free(r);
		return wg_error_set(WG_NOMEM, _("%s: out of memory starting the YAML parser"),
			name);
	}
	r->parser_ready = true;
	*out = r;
	return WG_OK;
}

enum wg_status yr_open_file(const char *path, struct yaml_reader **out)
{
	struct yaml_reader *r;
	struct stat st;
	enum wg_status rc;
	FILE *fp;

	*out = NULL;
	fp = fopen(path, "rb");
	if (!fp)
		return wg_error_set(errno == EACCES ? WG_DENIED : WG_IO,
			_("cannot open %s: %s"), path, strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return wg_error_set(WG_IO, _("cannot read %s: it is a folder, not a YAML file"),
			path);
	}
	rc = reader_new(path, &r);
	if (rc != WG_OK) {
		fclose(fp);
		return rc;
	}
	r->fp = fp;
	r->path = xstrdup(path);
	yaml_parser_set_input_file(&r->parser, fp);
	*out = r;
	return WG_OK;
}

enum wg_status yr_open_string(const char *name, const char *text, size_t len,
	struct yaml_reader **out)
{
	struct yaml_reader *r;
	enum wg_status rc;

	*out = NULL;
	rc = reader_new(name, &r);
	if (rc != WG_OK)
		return rc;
	r->text = text;
	r->text_len = len;
	yaml_parser_set_input_string(&r->parser, (const unsigned char *)text, len);
	*out = r;
	return WG_OK;
}

void yr_close(struct yaml_reader *r)
{
	if (!r)
		return;
	if (r->have_event)
		yaml_event_delete(&r->event);
	if (r->parser_ready)
		yaml_parser_delete(&r->parser);
	anchors_clear(r);
	free(r->anchors);
	free(r->recording);
	free(r->hash);
	free(r->failed_msg);
	if (r->fp)
		fclose(r->fp);
	free(r->path);
	free(r->name);
	free(r);
}

const char *yr_name(const struct yaml_reader *r)
{
	return r->name;
}

enum wg_status yr_error(const struct yaml_reader *r, const struct yr_event *ev,
	enum wg_status status, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ev)
		return wg_error_set(status, "%s:%d:%d: %s", r->name, ev->line, ev->column, msg);
	return wg_error_set(status, "%s: %s", r->name, msg);
}

/* libyaml reports undecodable input by byte offset only; count lines up to it so the
 * message can name line:column like every other one. Columns count characters. */
static void offset_position(const struct yaml_reader *r, size_t offset, int *line, int *col)
{
	size_t i;
	int c;
	FILE *fp;

	*line = 1;
	*col = 1;
	if (r->text) {
		for (i = 0; i < offset && i < r->text_len; i++) {
			c = (unsigned char)r->text[i];
			if (c == '\n') {
				(*line)++;
				*col = 1;
			} else if ((c & 0xC0) != 0x80) {
				(*col)++;
			}
		}
		return;
	}
	fp = r->path ? fopen(r->path, "rb") : NULL;
	if (!fp)
		return;
	for (i = 0; i < offset && (c = getc(fp)) != EOF; i++) {
		if (c == '\n') {
			(*line)++;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			(*col)++;
		}
	}
	fclose(fp);
}

static enum wg_status parser_error(struct yaml_reader *r)
{
	const yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "unknown problem";
	int line, col;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return wg_error_set(WG_NOMEM, _("%s: out of memory while reading YAML"), r->name);
	case YAML_READER_ERROR:
		if (r->fp && ferror(r->fp))
			return wg_error_set(WG_IO, _("%s: read error: %s"), r->name, strerror(errno));
		offset_position(r, p->problem_offset, &line, &col);
		/* e.g. "invalid leading UTF-8 octet (byte 0xff)" */
		return wg_error_set(WG_PARSE,
			_("%s:%d:%d: %s (byte 0x%02x); the file must be UTF-8 text (convert a GBK "
			  "file with iconv -f GBK -t UTF-8)"),
			r->name, line, col, problem, (unsigned)(p->problem_value & 0xff));
	case YAML_SCANNER_ERROR:
	case YAML_PARSER_ERROR:
	default:
		line = (int)p->problem_mark.line + 1;
		col = (int)p->problem_mark.column + 1;
		if (p->context)
			return wg_error_set(WG_PARSE,
				_("%s:%d:%d: %s %s at line %d, column %d; check the indentation and "
				  "quoting there"),
				r->name, line, col, problem, p->context,
				(int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
		return wg_error_set(WG_PARSE,
			_("%s:%d:%d: %s; check the indentation and quoting there"),
			r->name, line, col, problem);
	}
}

static size_t hash_name(const char *name)
{
	size_t h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* The slot holding name, or the empty slot where it would go. */
static struct anchor **hash_slot(const struct yaml_reader *r, const char *name)
{
	size_t i = hash_name(name) & (r->hash_cap - 1);

	while (r->hash[i] && !STREQ(r->hash[i]->name, name))
		i = (i + 1) & (r->hash_cap - 1);
	return &r->hash[i];
}

static void hash_put(struct yaml_reader *r, struct anchor *a)
{
	struct anchor **old = r->hash, **slot;
	size_t old_cap = r->hash_cap, i;

	if ((r->hash_used + 1) * 2 > r->hash_cap) {
		r->hash_cap = old_cap ? old_cap * 2 : YR_HASH_MIN;
		r->hash = xcalloc(r->hash_cap, sizeof(*r->hash));
		r->hash_used = 0;
		for (i = 0; i < old_cap; i++) {
			if (old[i]) {
				*hash_slot(r, old[i]->name) = old[i];
				r->hash_used++;
			}
		}
		free(old);
	}
	slot = hash_slot(r, a->name);
	if (!*slot)
		r->hash_used++;
	*slot = a;   /* YAML lets an anchor name be reused: the latest definition wins */
}

static const struct anchor *anchor_find(const struct yaml_reader *r, const char *name,
	bool *in_progress)
{
	const struct anchor *a;

	*in_progress = false;
	if (!r->hash_cap)
		return NULL;
	a = *hash_slot(r, name);
	if (a)
		*in_progress = !a->complete;
	return a;
}

static void anchor_begin(struct yaml_reader *r, const char *name, int line, int column)
{
	struct anchor *a = xcalloc(1, sizeof(*a));

	a->name = xstrdup(name);
	a->line = line;
	a->column = column;
	sb_init(&a->text);
	if (r->n_anchors == r->cap_anchors) {
		r->cap_anchors = r->cap_anchors ? r->cap_anchors * 2 : 8;
		r->anchors = xrealloc(r->anchors, r->cap_anchors * sizeof(*r->anchors));
	}
	r->anchors[r->n_anchors++] = a;
	hash_put(r, a);
	if (r->n_recording == r->cap_recording) {
		r->cap_recording = r->cap_recording ? r->cap_recording * 2 : 8;
		r->recording = xrealloc(r->recording, r->cap_recording * sizeof(*r->recording));
	}
	r->recording[r->n_recording++] = a;
}

/* Append ev to every anchor being recorded; finish the ones whose node ends here. */
static enum wg_status record(struct yaml_reader *r, const struct yr_event *ev)
{
	struct rec_event *re;
	struct anchor *a;
	size_t i;

	for (i = 0; i < r->n_recording; i++) {
		a = r->recording[i];
		r->recorded += sizeof(*re) + ev->len + 1;
		if (r->recorded > YR_RECORD_LIMIT)
			return yr_error(r, ev, WG_INVALID,
				_("the node anchored as &%s at line %d is too large to be reused "
				  "(over %zu MiB of anchored data); write it out in full instead of "
				  "anchoring it"),
				a->name, a->line, YR_RECORD_LIMIT >> 20);
		if (a->n == a->cap) {
			a->cap = a->cap ? a->cap * 2 : 16;
			a->evs = xrealloc(a->evs, a->cap * sizeof(*a->evs));
		}
		re = &a->evs[a->n++];
		re->kind = (unsigned char)ev->kind;
		re->plain = ev->plain;
		re->off = a->text.len;
		re->len = ev->len;
		sb_addn(&a->text, ev->value, ev->len);
		sb_addc(&a->text, '\0');
		if (ev->kind == YR_MAP_START || ev->kind == YR_SEQ_START)
			a->depth++;
		else if (ev->kind == YR_MAP_END || ev->kind == YR_SEQ_END)
			a->depth--;
	}
	/* Inner nodes end first, so finished anchors are always at the top. */
	while (r->n_recording > 0 && r->recording[r->n_recording - 1]->depth == 0) {
		r->recording[r->n_recording - 1]->complete = true;
		r->n_recording--;
	}
	return WG_OK;
}

static enum wg_status from_replay(struct yaml_reader *r, struct yr_event *ev)
{
	const struct rec_event *re = &r->replay->evs[r->replay_pos++];

	ev->kind = (enum yr_kind)re->kind;
	ev->plain = re->plain;
	ev->value = r->replay->text.buf + re->off;
	ev->len = re->len;
	ev->line = r->replay_line;
	ev->column = r->replay_column;
	r->replayed += sizeof(*re) + re->len + 1;
	if (r->replayed > YR_REPLAY_LIMIT)
		return yr_error(r, ev, WG_INVALID,
			_("aliases here repeat more than %zu MiB of data in all; write the "
			  "repeated parts out instead of using aliases"), YR_REPLAY_LIMIT >> 20);
	if (r->replay_pos == r->replay->n)
		r->replay = NULL;
	return WG_OK;
}

static const char *anchor_of(const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_SCALAR_EVENT: return (const char *)e->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT: return (const char *)e->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT: return (const char *)e->data.mapping_start.anchor;
	default: return NULL;
	}
}

/* A scalar is "plain" (may be read as a boolean or number) only when written without
 * quotes and without an explicit !!str tag. */
static bool scalar_plain(const yaml_event_t *e)
{
	const char *tag = (const char *)e->data.scalar.tag;

	if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return !tag || !STREQ(tag, YAML_STR_TAG);
}

static enum wg_status next_event(struct yaml_reader *r, struct yr_event *ev)
{
	const char *anchor;
	const struct anchor *a;
	bool in_progress;
	enum wg_status rc;

	if (r->replay) {
		rc = from_replay(r, ev);
		return rc != WG_OK ? rc : record(r, ev);
	}
	for (;;) {
		if (r->have_event) {
			yaml_event_delete(&r->event);
			r->have_event = false;
		}
		if (r->ended) {
			ev->kind = YR_STREAM_END;
			ev->line = ev->column = 0;
			return WG_OK;
		}
		if (!yaml_parser_parse(&r->parser, &r->event))
			return parser_error(r);
		r->have_event = true;
		ev->line = (int)r->event.start_mark.line + 1;
		ev->column = (int)r->event.start_mark.column + 1;
		switch (r->event.type) {
		case YAML_STREAM_START_EVENT:
			continue;
		case YAML_NO_EVENT:   /* only after the end; never loop on it */
		case YAML_STREAM_END_EVENT:
			r->ended = true;
			ev->kind = YR_STREAM_END;
			return WG_OK;
		case YAML_DOCUMENT_START_EVENT:
			anchors_clear(r);
			ev->kind = YR_DOC_START;
			return WG_OK;
		case YAML_DOCUMENT_END_EVENT:
			anchors_clear(r);
			ev->kind = YR_DOC_END;
			return WG_OK;
		case YAML_ALIAS_EVENT:
			a = anchor_find(r, (const char *)r->event.data.alias.anchor, &in_progress);
			if (!a)
				return yr_error(r, ev, WG_PARSE,
					_("alias *%s names no anchor defined before it; define &%s "
					  "first (anchors only work within one document)"),
					(const char *)r->event.data.alias.anchor,
					(const char *)r->event.data.alias.anchor);
			if (in_progress)
				return yr_error(r, ev, WG_PARSE,
					_("alias *%s is inside the node it refers to (anchored at line "
					  "%d); a node cannot contain itself"),
					a->name, a->line);
			r->replay = a;
			r->replay_pos = 0;
			r->replay_line = ev->line;
			r->replay_column = ev->column;
			rc = from_replay(r, ev);
			return rc != WG_OK ? rc : record(r, ev);
		case YAML_SCALAR_EVENT:
			ev->kind = YR_SCALAR;
			ev->value = (const char *)r->event.data.scalar.value;
			ev->len = r->event.data.scalar.length;
			ev->plain = scalar_plain(&r->event);
			/* "\0" in a quoted string would silently cut every C string short. */
			if (memchr(ev->value, '\0', ev->len))
				return yr_error(r, ev, WG_PARSE,
					_("a NUL character (\\0) in a string is not allowed"));
			break;
		case YAML_SEQUENCE_START_EVENT:
			ev->kind = YR_SEQ_START;
			break;
		case YAML_SEQUENCE_END_EVENT:
			ev->kind = YR_SEQ_END;
			break;
		case YAML_MAPPING_START_EVENT:
			ev->kind = YR_MAP_START;
			break;
		case YAML_MAPPING_END_EVENT:
			ev->kind = YR_MAP_END;
			break;
		}
		anchor = anchor_of(&r->event);
		if (anchor)
			anchor_begin(r, anchor, ev->line, ev->column);
		if (r->n_recording == 0)
			return WG_OK;
		return record(r, ev);
	}
}

enum wg_status yr_next(struct yaml_reader *r, struct yr_event *ev)
{
	enum wg_status rc;

	ev->kind = YR_STREAM_END;
	ev->value = "";
	ev->len = 0;
	ev->plain = false;
	ev->line = ev->column = 0;
	/* libyaml answers "no event" after an error; repeat the error instead, so a caller
	 * that goes on reading cannot loop or mistake it for the end. */
	if (r->failed != WG_OK)
		return wg_error_set(r->failed, "%s", r->failed_msg);
	rc = next_event(r, ev);
	if (rc != WG_OK) {
		r->failed = rc;
		r->failed_msg = xstrdup(wg_error_msg());
	}
	return rc;
}

enum wg_status yr_skip(struct yaml_reader *r, const struct yr_event *ev)
{
	struct yr_event e;
	enum wg_status rc;
	int depth;

	if (ev->kind != YR_MAP_START && ev->kind != YR_SEQ_START)
		return WG_OK;
	depth = 1;
	while (depth > 0) {
		rc = yr_next(r, &e);
		if (rc != WG_OK)
			return rc;
		if (e.kind == YR_MAP_START || e.kind == YR_SEQ_START)
			depth++;
		else if (e.kind == YR_MAP_END || e.kind == YR_SEQ_END)
			depth--;
		else if (e.kind == YR_STREAM_END)
			break;
	}
	return WG_OK;
}
