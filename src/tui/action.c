/* The action table: default keys, rebinding from the config, key names, and the KEYS
 * section of the man page generated from it. */
#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"

#include <strings.h>

#include <curses.h>

struct action_def {
	const char *name;
	const char *keys;
	unsigned ctx;
	const char *hint;
	const char *help;
};

static const struct action_def actions[ACT_COUNT] = {
	[ACT_NONE] = { "none", "", 0, NULL, "" },
#define TUI_ACTION_DEF(id, name, keys, ctx, hint, help) [ACT_##id] = { name, keys, ctx, hint, help },
	TUI_ACTIONS(TUI_ACTION_DEF)
#undef TUI_ACTION_DEF
};

#define MAX_BOUND 4
static struct {
	int keys[MAX_BOUND];
	size_t n;
	char text[64];
} bound[ACT_COUNT];

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Up", TUI_KEY_FN + KEY_UP }, { "Down", TUI_KEY_FN + KEY_DOWN },
	{ "Left", TUI_KEY_FN + KEY_LEFT }, { "Right", TUI_KEY_FN + KEY_RIGHT },
	{ "PgUp", TUI_KEY_FN + KEY_PPAGE }, { "PgDn", TUI_KEY_FN + KEY_NPAGE },
	{ "Home", TUI_KEY_FN + KEY_HOME }, { "End", TUI_KEY_FN + KEY_END },
	{ "Enter", '\n' }, { "Esc", TUI_KEY_ESC }, { "Tab", '\t' }, { "Space", ' ' },
	{ "Backspace", TUI_KEY_FN + KEY_BACKSPACE }, { "Delete", TUI_KEY_FN + KEY_DC },
};

int tui_key_parse(const char *name)
{
	size_t i;
	uint32_t cp;

	if (!name || !*name)
		return -1;
	for (i = 0; i < ARRAY_SIZE(key_names); i++)
		if (strcasecmp(name, key_names[i].name) == 0)
			return key_names[i].key;
	if (name[0] == '^' && name[1] && !name[2] && isalpha((unsigned char)name[1]))
		return toupper((unsigned char)name[1]) - 'A' + 1;
	if ((name[0] == 'F' || name[0] == 'f') && isdigit((unsigned char)name[1])) {
		char *end;
		long n = strtol(name + 1, &end, 10);

		if (!*end && n >= 1 && n <= 12)
			return TUI_KEY_FN + KEY_F((int)n);
		return -1;
	}
	/* one printable character, possibly Chinese */
	if (tw_decode(name, strlen(name), &cp) == strlen(name) && cp >= 0x21 && cp != 0x7F &&
			cp != 0xFFFD)
		return (int)cp;
	return -1;
}

static void bind_string(enum tui_action a, const char *keys, bool *bad, const char **bad_key)
{
	char buf[64], *tok, *save = NULL;

	bound[a].n = 0;
	snprintf(bound[a].text, sizeof(bound[a].text), "%s", keys);
	snprintf(buf, sizeof(buf), "%s", keys);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		int k = tui_key_parse(tok);

		if (k < 0) {
			*bad = true;
			*bad_key = keys;
			continue;
		}
		if (bound[a].n < MAX_BOUND)
			bound[a].keys[bound[a].n++] = k;
	}
}

enum wg_status tui_keys_init(const struct wg_config *cfg)
{
	size_t i;
	int a;
	bool bad = false;
	const char *bad_key = NULL;

	for (a = 1; a < ACT_COUNT; a++)
		bind_string((enum tui_action)a, actions[a].keys, &bad, &bad_key);
	for (i = 0; cfg && i < cfg->n_keys; i++) {
		for (a = 1; a < ACT_COUNT; a++)
			if (STREQ(actions[a].name, cfg->keys[i].action))
				break;
		if (a == ACT_COUNT)
			return wg_error_set(WG_INVALID,
				_("%s: keys: unknown action '%s'; press ? on the screen for the list of actions"),
				cfg->source, cfg->keys[i].action);
		bad = false;
		bind_string((enum tui_action)a, cfg->keys[i].key, &bad, &bad_key);
		if (bad)
			return wg_error_set(WG_INVALID,
				_("%s: keys: %s: unknown key name '%s' (use a character, ^X, F1-F12, Enter, Esc, Tab, Space, Up, Down, PgUp, PgDn, Home, End)"),
				cfg->source, cfg->keys[i].action, bad_key);
	}
	return WG_OK;
}

enum tui_action tui_key_action(int key, unsigned ctx)
{
	int a;
	size_t i;

	for (a = 1; a < ACT_COUNT; a++) {
		if (!(actions[a].ctx & ctx))
			continue;
		for (i = 0; i < bound[a].n; i++)
			if (bound[a].keys[i] == key)
				return (enum tui_action)a;
	}
	/* Enter arrives as \r in some terminals, Backspace as ^H or DEL */
	if (key == '\r')
		return tui_key_action('\n', ctx);
	if (key == TUI_KEY_FN + KEY_ENTER)
		return tui_key_action('\n', ctx);
	return ACT_NONE;
}

const char *tui_action_keys(enum tui_action act)
{
	return bound[act].text[0] ? bound[act].text : actions[act].keys;
}

const char *tui_action_name(enum tui_action act)
{
	return actions[act].name;
}

const char *tui_action_help(enum tui_action act)
{
	return _(actions[act].help);
}

unsigned tui_action_ctx(enum tui_action act)
{
	return actions[act].ctx;
}

const char *tui_action_hint(enum tui_action act)
{
	return actions[act].hint ? _(actions[act].hint) : NULL;
}

const char *tui_action_key_here(enum tui_action act, bool text_input, char buf[16])
{
	char tmp[64], *tok, *save = NULL;

	snprintf(tmp, sizeof(tmp), "%s", tui_action_keys(act));
	for (tok = strtok_r(tmp, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		int k = tui_key_parse(tok);

		if (k < 0 || (text_input && tui_key_printable(k)))
			continue;
		snprintf(buf, 16, "%s", tok);
		return buf;
	}
	return NULL;
}

/* Man page text needs \e for a backslash and \& before a leading dot. */
static void mdoc_escaped(FILE *out, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", out);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else
			fputc(*s, out);
	}
}

void tui_keys_mdoc(FILE *out)
{
	int a;

	fputs(".Bl -tag -width \"F10 ^C\" -compact\n", out);
	for (a = 1; a < ACT_COUNT; a++) {
		fputs(".It ", out);
		mdoc_escaped(out, actions[a].keys);
		fputs("\n", out);
		mdoc_escaped(out, actions[a].help);
		fprintf(out, " (action\n.Cm %s )\n", actions[a].name);
	}
	fputs(".El\n", out);
}
