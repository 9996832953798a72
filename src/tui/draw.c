/* Drawing helpers shared by the screens: fitted text and list cursors. */
#include "wangge/common.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"

#include <curses.h>

void tui_text(int y, int x, int cols, const char *s, int attr, unsigned flags)
{
	struct strbuf sb;

	if (cols <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	if (x + cols > COLS)
		cols = COLS - x;
	sb_init(&sb);
	tw_fit(&sb, s, cols, flags);
	if (attr)
		attron(attr);
	if (sb.buf)
		mvaddstr(y, x, sb.buf);
	if (attr)
		attroff(attr);
	sb_free(&sb);
}

void tui_scroll(int *cursor, int *first, int n, int rows)
{
	if (rows < 1)
		rows = 1;
	if (*cursor >= n)
		*cursor = n - 1;
	if (*cursor < 0)
		*cursor = 0;
	if (*first > *cursor)
		*first = *cursor;
	if (*cursor >= *first + rows)
		*first = *cursor - rows + 1;
	if (*first > n - rows)
		*first = MAX(0, n - rows);
	if (*first < 0)
		*first = 0;
}

bool tui_list_move(enum tui_action act, int *cursor, int n, int rows)
{
	switch (act) {
	case ACT_UP: (*cursor)--; break;
	case ACT_DOWN: (*cursor)++; break;
	case ACT_PAGE_UP: *cursor -= MAX(1, rows - 1); break;
	case ACT_PAGE_DOWN: *cursor += MAX(1, rows - 1); break;
	case ACT_FIRST: *cursor = 0; break;
	case ACT_LAST: *cursor = n - 1; break;
	default: return false;
	}
	if (*cursor >= n)
		*cursor = n - 1;
	if (*cursor < 0)
		*cursor = 0;
	return true;
}

bool tui_key_printable(int key)
{
	return key >= 0x20 && key < TUI_KEY_FN && key != 0x7F && !(key >= 0x80 && key < 0xA0);
}

size_t tui_wrap(const char *text, int cols, char ***out)
{
	const char *p = text ? text : "";
	char **lines = NULL;
	size_t n = 0;

	if (cols < 1)
		cols = 1;
	while (*p) {
		const char *q = p;
		int w = 0;

		while (*q) {
			uint32_t cp;
			size_t len = tw_decode(q, strlen(q), &cp);
			int cw = tw_cp_width(cp);

			if (w + cw > cols)
				break;
			w += cw;
			q += len;
		}
		/* break a Latin word at the space before it */
		if (*q && *q != ' ' && (unsigned char)*q < 0x80) {
			const char *sp = q;

			while (sp > p && sp[-1] != ' ')
				sp--;
			if (sp > p)
				q = sp;
		}
		if (q == p) {
			uint32_t cp;

			q += tw_decode(q, strlen(q), &cp);
		}
		lines = xrealloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = xstrndup(p, (size_t)(q - p));
		p = q;
		while (*p == ' ')
			p++;
	}
	*out = lines;
	return n;
}

int tui_text_wrapped(int y, int x, int cols, int max, const char *text, int attr)
{
	char **lines;
	size_t n = tui_wrap(text, cols, &lines), i;
	int used = 0;

	for (i = 0; i < n; i++) {
		if ((int)i < max) {
			/* the last line that fits says there is more */
			if ((int)i == max - 1 && i + 1 < n) {
				char *more = xasprintf("%s %s", lines[i], lines[i + 1]);

				tui_text(y + used, x, cols, more, attr, 0);
				free(more);
			} else {
				tui_text(y + used, x, cols, lines[i], attr, 0);
			}
			used++;
		}
		free(lines[i]);
	}
	free(lines);
	return used;
}
