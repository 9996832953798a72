/* Display width and column fitting of UTF-8 text (see textwidth.h). Pure functions: no
 * curses here, so the text checklist and reports use the same rules as the screen. */
#include "wangge/common.h"
#include "wangge/textwidth.h"

#include <wchar.h>

#define CP_REPLACEMENT 0xFFFDu

size_t tw_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		n = 2; c = u[0] & 0x1F; min = 0x80;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		n = 3; c = u[0] & 0x0F; min = 0x800;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		n = 4; c = u[0] & 0x07; min = 0x10000;
	} else {
		goto bad;
	}
	if (len < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = CP_REPLACEMENT;
	return 1;
}

/* Characters that must never reach the terminal as they are. */
static bool is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
		(cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
		cp == 0x2028 || cp == 0x2029;
}

static bool is_blank(uint32_t cp)
{
	return cp == '\t' || cp == '\n' || cp == '\r';
}

/* The code point actually drawn for cp, and its width. */
static uint32_t drawn(uint32_t cp, int *width)
{
	int w;

	if (is_blank(cp)) {
		*width = 1;
		return ' ';
	}
	if (is_unsafe(cp)) {
		*width = 1;
		return CP_REPLACEMENT;
	}
	w = wcwidth((wchar_t)cp);
	if (w < 0 || w > 2) {
		*width = 1;
		return CP_REPLACEMENT;
	}
	*width = w;
	return cp;
}

int tw_cp_width(uint32_t cp)
{
	int w;

	drawn(cp, &w);
	return w;
}

static void add_cp(struct strbuf *sb, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		sb_addc(sb, (char)cp);
		return;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		sb_addn(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		sb_addn(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		sb_addn(sb, b, 4);
	}
}

/* Walk s, calling each drawn code point with its width. A combining mark with no base
 * before it gets a space as its base, so it cannot merge with whatever is on screen. */
struct walker {
	const char *p, *end;
	bool have_base;
};

static bool walk_next(struct walker *w, uint32_t *cp, int *width, bool *needs_base)
{
	uint32_t c;

	if (w->p >= w->end)
		return false;
	w->p += tw_decode(w->p, (size_t)(w->end - w->p), &c);
	*cp = drawn(c, width);
	*needs_base = *width == 0 && !w->have_base;
	if (*needs_base)
		*width = 1;
	w->have_base = true;
	return true;
}

int tw_widthn(const char *s, size_t len)
{
	struct walker w = { s, s + len, false };
	uint32_t cp;
	int width, total = 0;
	bool nb;

	if (!s)
		return 0;
	while (walk_next(&w, &cp, &width, &nb))
		total += width;
	return total;
}

int tw_width(const char *s)
{
	return s ? tw_widthn(s, strlen(s)) : 0;
}

size_t tw_last_char_len(const char *s, size_t len)
{
	size_t start = len, step;
	uint32_t cp;

	while (start > 0) {
		/* Back up to the start of the previous code point. */
		step = 1;
		while (step < 4 && start - step > 0 &&
			((unsigned char)s[start - step] & 0xC0) == 0x80)
			step++;
		if (tw_decode(s + start - step, step, &cp) != step) {
			step = 1;
			cp = CP_REPLACEMENT;
		}
		start -= step;
		if (tw_cp_width(cp) != 0 || start == 0)
			break;
	}
	return len - start;
}

static void pad(struct strbuf *out, int n)
{
	while (n-- > 0)
		sb_addc(out, ' ');
}

int tw_fit(struct strbuf *out, const char *s, int cols, unsigned flags)
{
	struct walker w;
	struct strbuf text;
	uint32_t cp;
	int width, used = 0, total, room;
	bool nb, cut = false;

	if (cols <= 0)
		return 0;
	if (!s)
		s = "";
	total = tw_width(s);
	room = total <= cols ? cols : cols - 1;
	sb_init(&text);
	w = (struct walker){ s, s + strlen(s), false };
	while (walk_next(&w, &cp, &width, &nb)) {
		if (used + width > room) {
			cut = true;
			break;
		}
		if (nb)
			sb_addc(&text, ' ');
		add_cp(&text, cp);
		used += width;
	}
	if (cut) {
		if (flags & TW_RIGHT) {
			/* Cut text stays left-aligned: the ellipsis marks its end. */
			sb_add(out, text.buf ? text.buf : "");
			pad(out, room - used);
			sb_add(out, TW_ELLIPSIS);
			used = cols;
		} else {
			sb_add(out, text.buf ? text.buf : "");
			sb_add(out, TW_ELLIPSIS);
			if (!(flags & TW_NO_PAD)) {
				pad(out, room - used);
				used = cols;
			} else {
				used++;
			}
		}
	} else if (flags & TW_RIGHT) {
		pad(out, cols - used);
		sb_add(out, text.buf ? text.buf : "");
		used = cols;
	} else {
		sb_add(out, text.buf ? text.buf : "");
		if (!(flags & TW_NO_PAD)) {
			pad(out, cols - used);
			used = cols;
		}
	}
	sb_free(&text);
	return used;
}

char *tw_fit_dup(const char *s, int cols, unsigned flags)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_add(&sb, "");
	tw_fit(&sb, s, cols, flags);
	return sb_detach(&sb);
}

char *tw_sanitize(const char *s)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_add(&sb, "");
	tw_fit(&sb, s, tw_width(s), TW_NO_PAD);
	return sb_detach(&sb);
}
