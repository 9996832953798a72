/* A one-line question drawn over the current screen (the reason for revealing an ID
 * number, ...). Enter with some text calls back; Esc cancels. */
#include "wangge/common.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"

#include <curses.h>

struct prompt {
	char *question;
	struct tui_input input;
	void (*done)(struct tui *t, void *ctx, const char *text);
	void *ctx;
	bool allow_empty;
};

void tui_prompt(struct tui *t, const char *question, const char *initial, bool allow_empty,
	void (*done)(struct tui *t, void *ctx, const char *text), void *ctx)
{
	struct prompt *p = xcalloc(1, sizeof(*p));

	p->question = xstrdup(question);
	p->allow_empty = allow_empty;
	tui_input_init(&p->input, false, 512);
	if (initial)
		sb_add(&p->input.text, initial);
	p->done = done;
	p->ctx = ctx;
	tui_push(t, &tui_prompt_ops, p);
}

static void prompt_close(struct tui *t, struct tui_screen *s)
{
	struct prompt *p = s->data;

	(void)t;
	tui_input_free(&p->input);
	free(p->question);
	free(p);
}

static void prompt_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct prompt *p = s->data;
	int y = top + rows - 2;

	(void)t;
	tui_text(y, 0, cols, "", A_REVERSE, 0);
	tui_text(y, 0, cols, p->question, A_REVERSE | A_BOLD, 0);
	tui_text(y + 1, 0, cols, "", 0, 0);
	tui_input_draw(&p->input, y + 1, 0, cols, "> ");
}

static bool prompt_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct prompt *p = s->data;

	if (tui_input_key(&p->input, key))
		return true;
	if (key == '\n') {
		char *text = xstrdup(tui_input_text(&p->input));
		void (*done)(struct tui *, void *, const char *) = p->done;
		void *ctx = p->ctx;

		if (!*wg_trim(text) && !p->allow_empty) {
			free(text);
			return true;
		}
		tui_pop(t);
		done(t, ctx, text);
		free(text);
		return true;
	}
	if (key == TUI_KEY_ESC) {
		tui_pop(t);
		return true;
	}
	return act != ACT_QUIT;
}

const struct tui_screen_ops tui_prompt_ops = {
	.name = "prompt",
	.ctx = 0,
	.text_input = true,
	.overlay = true,
	.draw = prompt_draw,
	.key = prompt_key,
	.close = prompt_close,
};
