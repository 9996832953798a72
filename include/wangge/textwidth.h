/* Width of UTF-8 text in terminal columns, and the one function that fits text into a
 * number of columns. Every screen draw, the text checklist and the report bar charts go
 * through tw_fit(), so Chinese text lines up and nothing is ever cut mid-character.
 *
 * Text is sanitised on the way: control characters (C0, DEL, C1, so also the ESC of
 * escape sequences), bidi overrides, code points wcwidth() does not know (-1) and
 * invalid UTF-8 become TW_REPLACEMENT; tab, CR and LF become a space. Nothing raw from
 * the data reaches the terminal. Needs a UTF-8 LC_CTYPE (main.c checks it). */
#ifndef WANGGE_TEXTWIDTH_H
#define WANGGE_TEXTWIDTH_H

#include "wangge/common.h"

struct strbuf;

#define TW_REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD, one column */
#define TW_ELLIPSIS "\xe2\x80\xa6"      /* U+2026, one column */

/* Decode one code point at s (at most len bytes, len > 0). Stores the code point in *cp
 * (U+FFFD for an invalid sequence, which then consumes one byte) and returns the number of
 * bytes consumed (1..4). Rejects overlong forms, surrogates and values past U+10FFFF. */
size_t tw_decode(const char *s, size_t len, uint32_t *cp);

/* Columns code point cp takes once sanitised: 0 (combining), 1 or 2. */
int tw_cp_width(uint32_t cp);

/* Columns the text takes on screen once sanitised. NULL counts as empty. */
int tw_width(const char *s);
int tw_widthn(const char *s, size_t len);

/* Byte length of the last character in s[0..len) (for Backspace in an input line);
 * combining marks go with their base character. 0 when len is 0. */
size_t tw_last_char_len(const char *s, size_t len);

enum tw_flags {
	TW_PAD = 0,            /* default: pad with spaces to exactly cols columns */
	TW_NO_PAD = 1 << 0,    /* stop after the text (still at most cols columns) */
	TW_RIGHT = 1 << 1,     /* pad on the left instead (numbers in columns) */
};

/* THE column-fitting function. Appends s, sanitised, to out, fitted into cols columns:
 * text wider than cols is cut before the first character that would not fit, leaving
 * room for TW_ELLIPSIS (a double-width character never straddles the edge: a space fills
 * the gap); narrower text is padded with spaces (unless TW_NO_PAD). Returns the columns
 * appended (== cols unless TW_NO_PAD; 0 for cols <= 0). */
int tw_fit(struct strbuf *out, const char *s, int cols, unsigned flags);
/* tw_fit into new memory; caller frees. */
char *tw_fit_dup(const char *s, int cols, unsigned flags);
/* Sanitised copy without fitting (for a whole line the caller wraps itself); caller frees. */
char *tw_sanitize(const char *s);

#endif
