/* The help screen, generated from the live action table (so it shows the keys as
 * rebound in the config). */
#include "wangge/common.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"

#include <curses.h>

struct help {
	int first;
};

static const struct {
	unsigned ctx;
	const char *title;
} sections[] = {
	{ TUI_CTX_GLOBAL, N_("Everywhere") },
	{ TUI_CTX_HOME | TUI_CTX_LOGIN, N_("Home screen and login") },
	{ TUI_CTX_LIST, N_("Lists") },
	{ TUI_CTX_CARD, N_("Household card") },
	{ TUI_CTX_FORM, N_("Visit form") },
	{ TUI_CTX_BROWSE, N_("Places") },
	{ TUI_CTX_KEYING, N_("Keying a printed sheet in") },
	{ TUI_CTX_STATS, N_("Figures (统计)") },
	{ TUI_CTX_AUDIT, N_("Audit log") },
};

static void push(char ***lines, bool **bold, size_t *n, char *text, bool b)
{
	*lines = xrealloc(*lines, (*n + 1) * sizeof(**lines));
	*bold = xrealloc(*bold, (*n + 1) * sizeof(**bold));
	(*lines)[*n] = text;
	(*bold)[*n] = b;
	(*n)++;
}

/* The help text as lines: section titles and "keys  help" (caller frees each). */
static size_t help_lines(char ***out, bool **bold, int cols)
{
	size_t n = 0, s;
	int a, kw = cols >= 60 ? 14 : 10;
	char **lines = NULL;
	bool *b = NULL;

	for (s = 0; s < ARRAY_SIZE(sections); s++) {
		if (n)
			push(&lines, &b, &n, xstrdup(""), false);
		push(&lines, &b, &n, xstrdup(_(sections[s].title)), true);
		for (a = 1; a < ACT_COUNT; a++) {
			struct strbuf sb;
			unsigned ctx = tui_action_ctx((enum tui_action)a);
			size_t earlier, nw, k;
			char **wrapped;
			bool shown = false;

			for (earlier = 0; earlier < s; earlier++)
				if (ctx & sections[earlier].ctx)
					shown = true;
			if (shown || !(ctx & sections[s].ctx))
				continue;
			nw = tui_wrap(tui_action_help((enum tui_action)a), cols - kw - 4, &wrapped);
			for (k = 0; k < nw; k++) {
				sb_init(&sb);
				sb_add(&sb, "  ");
				tw_fit(&sb, k ? "" : tui_action_keys((enum tui_action)a), kw, 0);
				sb_add(&sb, wrapped[k]);
				free(wrapped[k]);
				push(&lines, &b, &n, sb_detach(&sb), false);
			}
			free(wrapped);
		}
	}
	*out = lines;
	*bold = b;
	return n;
}

static void help_open(struct tui *t, struct tui_screen *s)
{
	(void)t;
	s->data = xcalloc(1, sizeof(struct help));
}

static void help_close(struct tui *t, struct tui_screen *s)
{
	(void)t;
	free(s->data);
}

static void help_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct help *h = s->data;
	char **lines;
	bool *bold;
	size_t n = help_lines(&lines, &bold, cols), i;
	int y;

	(void)t;
	tui_text(top, 0, cols, _("Keys (rebind them under keys: in the configuration)"), A_BOLD, 0);
	if (h->first > (int)n - (rows - 1))
		h->first = MAX(0, (int)n - (rows - 1));
	for (y = 1; y < rows && h->first + y - 1 < (int)n; y++)
		tui_text(top + y, 1, cols - 1, lines[h->first + y - 1],
			bold[h->first + y - 1] ? A_BOLD : 0, 0);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(bold);
}

static bool help_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct help *h = s->data;

	switch (act) {
	case ACT_UP: h->first = MAX(0, h->first - 1); return true;
	case ACT_DOWN: h->first++; return true;
	case ACT_PAGE_UP: h->first = MAX(0, h->first - 8); return true;
	case ACT_PAGE_DOWN: h->first += 8; return true;
	case ACT_FIRST: h->first = 0; return true;
	case ACT_LAST: h->first = 1000; return true;
	case ACT_BACK:
	case ACT_HELP:
		tui_pop(t);
		return true;
	default:
		if (key == TUI_KEY_ESC || key == 'q') {
			tui_pop(t);
			return true;
		}
		return act != ACT_QUIT;
	}
}

const struct tui_screen_ops tui_help_ops = {
	.name = "help",
	.ctx = TUI_CTX_HELP | TUI_CTX_LIST,
	.open = help_open,
	.draw = help_draw,
	.key = help_key,
	.close = help_close,
};
