/* A one-line text editor: the lookup line, the login fields, prompts, the visit note.
 * Text is UTF-8 as typed through the terminal's input method; Backspace removes one
 * character (a base with its combining marks). */
#include "wangge/common.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"

#include <curses.h>

void tui_input_init(struct tui_input *in, bool secret, size_t max_bytes)
{
	sb_init(&in->text);
	sb_add(&in->text, "");
	in->secret = secret;
	in->max_bytes = max_bytes ? max_bytes : 1024;
}

void tui_input_free(struct tui_input *in)
{
	if (in->secret && in->text.buf)
		memset(in->text.buf, 0, in->text.cap);
	sb_free(&in->text);
}

void tui_input_clear(struct tui_input *in)
{
	if (in->text.buf)
		memset(in->text.buf, 0, in->text.len);
	sb_reset(&in->text);
	sb_add(&in->text, "");
}

const char *tui_input_text(const struct tui_input *in)
{
	return in->text.buf ? in->text.buf : "";
}

static void add_utf8(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp; n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6)); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12)); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18)); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
	}
	sb_addn(sb, b, n);
}

bool tui_input_key(struct tui_input *in, int key)
{
	size_t n;

	if (key == TUI_KEY_FN + KEY_BACKSPACE || key == 0x7F || key == 8) {
		n = tw_last_char_len(in->text.buf, in->text.len);
		if (!n)
			return false;
		in->text.len -= n;
		in->text.buf[in->text.len] = '\0';
		return true;
	}
	if (key == 0x15) {  /* ^U clears the line */
		if (!in->text.len)
			return false;
		tui_input_clear(in);
		return true;
	}
	if (!tui_key_printable(key) || key > 0x10FFFF || (key >= 0xD800 && key <= 0xDFFF))
		return false;
	if (in->text.len + 4 > in->max_bytes)
		return false;
	add_utf8(&in->text, (uint32_t)key);
	return true;
}

void tui_input_draw(const struct tui_input *in, int y, int x, int cols, const char *label)
{
	int lw = tw_width(label), tw, avail;
	const char *text = tui_input_text(in);
	struct strbuf stars;
	size_t skip = 0;

	tui_text(y, x, cols, label, A_BOLD, TW_NO_PAD);
	if (lw >= cols)
		return;
	avail = cols - lw - 1;
	if (avail < 1)
		return;
	sb_init(&stars);
	sb_add(&stars, "");
	if (in->secret) {
		size_t i;
		uint32_t cp;

		for (i = 0; i < in->text.len; i += tw_decode(text + i, in->text.len - i, &cp))
			sb_addc(&stars, '*');
		text = stars.buf;
	}
	/* Show the end of a long line: drop characters from the front until it fits. */
	tw = tw_width(text);
	while (tw > avail && text[skip]) {
		uint32_t cp;
		size_t n = tw_decode(text + skip, strlen(text + skip), &cp);

		tw -= tw_cp_width(cp);
		skip += n;
	}
	tui_text(y, x + lw, cols - lw, text + skip, A_UNDERLINE, 0);
	tui_cursor(y, x + lw + MIN(tw, avail));
	sb_free(&stars);
}
