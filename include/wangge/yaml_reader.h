/* A pull reader over libyaml's event stream with 1-based line:column positions.
 * Aliases are resolved inside the reader (the anchored node's events are replayed), so
 * callers never see anchors or aliases; replayed events carry the alias's position.
 * Anchored data (64 MiB) and replayed data (512 MiB) are bounded. After an error every
 * further yr_next() returns the same error. Only src/core/yaml_reader.c includes yaml.h. */
#ifndef WANGGE_YAML_READER_H
#define WANGGE_YAML_READER_H

#include "wangge/common.h"

enum yr_kind {
	YR_STREAM_END,
	YR_DOC_START,
	YR_DOC_END,
	YR_MAP_START,
	YR_MAP_END,
	YR_SEQ_START,
	YR_SEQ_END,
	YR_SCALAR,
};

struct yr_event {
	enum yr_kind kind;
	const char *value;   /* scalars: the text exactly as written, NUL-terminated */
	size_t len;
	bool plain;          /* scalar written without quotes (so `true` may be a boolean) */
	int line, column;    /* 1-based position of the event's start */
};

struct yaml_reader;

/* name is used in messages ("name:line:column: ..."). Freed with yr_close(). */
enum wg_status yr_open_file(const char *path, struct yaml_reader **out);
enum wg_status yr_open_string(const char *name, const char *text, size_t len,
	struct yaml_reader **out);
void yr_close(struct yaml_reader *r);
const char *yr_name(const struct yaml_reader *r);

/* Next event. ev->value stays valid until the next call. A syntax error returns WG_PARSE
 * with "name:line:column: what was found, what was expected" in wg_error_msg(). */
enum wg_status yr_next(struct yaml_reader *r, struct yr_event *ev);
/* Skip the rest of the node that ev started (a whole mapping or sequence). */
enum wg_status yr_skip(struct yaml_reader *r, const struct yr_event *ev);
/* Set an error at ev's position: "name:line:column: message". Returns status. */
enum wg_status yr_error(const struct yaml_reader *r, const struct yr_event *ev,
	enum wg_status status, const char *fmt, ...) WG_PRINTF(4, 5);

#endif
