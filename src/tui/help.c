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
	{ TUI_CTX_GLOBAL | TUI_CTX_LOGIN, N_("Everywhere") },
	{ TUI_CTX_LIST, N_("Lists") },
	{ TUI_CTX_CARD, N_("Household card") },
	{ TUI_CTX_FORM, N_("Visit form") },
};

/* The help text as lines: section titles and "keys  help" (caller frees each). */
static size_t help_lines(char ***out, bool **bold, int cols)
{
	size_t n = 0, s;
	int a, kw = cols >= 60 ? 14 : 10;
	char **lines = NULL;
	bool *b = NULL;

	for (s = 0; s < ARRAY_SIZE(sections); s++) {
		lines = xrealloc(lines, (n + ACT_COUNT + 2) * sizeof(*lines));
		b = xrealloc(b, (n + ACT_COUNT + 2) * sizeof(*b));
		if (n) {
			b[n] = false;
			lines[n++] = xstrdup("");
		}
		b[n] = true;
		lines[n++] = xstrdup(_(sections[s].title));
		for (a = 1; a < ACT_COUNT; a++) {
			struct strbuf sb;
			unsigned ctx = tui_action_ctx((enum tui_action)a);
			size_t earlier;
			bool shown = false;

			for (earlier = 0; earlier < s; earlier++)
				if (ctx & sections[earlier].ctx)
					shown = true;
			if (shown || !(ctx & sections[s].ctx))
				continue;
			sb_init(&sb);
			sb_add(&sb, "  ");
			tw_fit(&sb, tui_action_keys((enum tui_action)a), kw, 0);
			sb_add(&sb, tui_action_help((enum tui_action)a));
			b[n] = false;
			lines[n++] = sb_detach(&sb);
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

	(void)key;
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
		return act != ACT_QUIT;
	}
}

const struct tui_screen_ops tui_help_ops = {
	.name = "help",
	.ctx = TUI_CTX_HELP | TUI_CTX_LIST | TUI_CTX_LOGIN,
	.open = help_open,
	.draw = help_draw,
	.key = help_key,
	.close = help_close,
};
