/* Login and lock screen. Pick yourself by typing a few letters of your name (Chinese or
 * pinyin) or your worker id, then your password; the first login sets it (typed twice).
 * While locked it shows nothing personal: the same operator's password opens the screen
 * where it was, another operator's login starts afresh. */
#include "wangge/common.h"
#include "wangge/auth.h"
#include "wangge/store.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"
#include "tui_session.h"

#include <curses.h>
#include <strings.h>

enum stage { PICK, PASSWORD, NEW1, NEW2 };

struct login {
	struct tui_worker *workers;
	size_t n_workers;
	size_t *match;           /* indexes into workers */
	size_t n_match;
	int cursor, first;
	struct tui_input query, pw;
	char *pw1;               /* first typing of a new password */
	enum stage stage;
	size_t chosen;           /* index into workers */
	bool demo;
	char error[256];
};

/* Does the typed text pick this worker? Worker id prefix, any part of the name, or its
 * pinyin (full or initials). */
static bool worker_matches(const struct tui_worker *w, const char *q)
{
	if (!*q)
		return true;
	if (strncasecmp(w->id, q, strlen(q)) == 0)
		return true;
	if (strstr(w->name, q))
		return true;
	return tui_pinyin_matches(w, q);
}

static void refilter(struct login *l)
{
	size_t i;
	const char *q = tui_input_text(&l->query);

	l->n_match = 0;
	for (i = 0; i < l->n_workers; i++)
		if (worker_matches(&l->workers[i], q))
			l->match[l->n_match++] = i;
	l->cursor = 0;
	l->first = 0;
}

static void pw_wipe(struct login *l)
{
	tui_input_clear(&l->pw);
	if (l->pw1) {
		memset(l->pw1, 0, strlen(l->pw1));
		free(l->pw1);
		l->pw1 = NULL;
	}
}

static void login_open(struct tui *t, struct tui_screen *s)
{
	struct login *l = xcalloc(1, sizeof(*l));
	char *demo;
	size_t i;

	s->data = l;
	tui_workers_load(t->db, &l->workers, &l->n_workers);
	l->match = xcalloc(l->n_workers + 1, sizeof(*l->match));
	tui_input_init(&l->query, false, 64);
	tui_input_init(&l->pw, true, AUTH_MAX_PASSWORD);
	demo = store_meta_get(t->db, "demo");
	l->demo = demo && STREQ(demo, "1");
	free(demo);
	refilter(l);
	l->stage = PICK;
	if (t->locked && t->actor.worker_id) {
		for (i = 0; i < l->n_workers; i++) {
			if (STREQ(l->workers[i].id, t->actor.worker_id)) {
				l->chosen = i;
				l->stage = PASSWORD;
			}
		}
	}
}

static void login_close(struct tui *t, struct tui_screen *s)
{
	struct login *l = s->data;

	(void)t;
	pw_wipe(l);
	tui_input_free(&l->query);
	tui_input_free(&l->pw);
	tui_workers_free(l->workers, l->n_workers);
	free(l->match);
	free(l);
}

static void login_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct login *l = s->data;
	int y = top + 1, x = cols >= 60 ? 2 : 1, w = cols - 2 * x;
	int i, list_rows;
	const struct tui_worker *cw = &l->workers[l->chosen];

	tui_text(y++, x, w, t->locked ? _("Screen locked") : _("Log in"), A_BOLD, 0);
	if (t->locked && l->stage == PASSWORD)
		y += tui_text_wrapped(y, x, w, 2, _("Type your password to go on, or Esc to log in as someone else."), 0);
	if (l->demo && !t->locked && l->stage == PICK) {
		char *hint = xasprintf(_("Demo database: type a worker id such as %s (or a few letters of the name) and Enter; the first login sets the password (at least 6 characters)."),
			l->n_workers ? l->workers[0].id : "WS001");

		y += tui_text_wrapped(y, x, w, rows >= 20 ? 3 : 2, hint, A_BOLD);
		free(hint);
	}
	if (!l->n_workers) {
		tui_text_wrapped(y + 1, x, w, 3, _("No workers in this database yet: import a grid file first (wangge import FILE)."), A_BOLD);
		return;
	}
	y++;
	if (l->stage == PICK) {
		int qy = y++;

		list_rows = top + rows - y - (l->error[0] ? 1 : 0);
		tui_scroll(&l->cursor, &l->first, (int)l->n_match, list_rows);
		for (i = 0; i < list_rows && l->first + i < (int)l->n_match; i++) {
			const struct tui_worker *wk = &l->workers[l->match[l->first + i]];
			char *line = xasprintf("%-6s %s", wk->id, wk->name);
			int sel = l->first + i == l->cursor;

			tui_text(y + i, x, w, line, sel ? A_REVERSE : 0, 0);
			if (wk->grid && w >= 40)
				tui_text(y + i, x + w / 2, w - w / 2, wk->grid, sel ? A_REVERSE : 0, 0);
			free(line);
		}
		if (!l->n_match)
			tui_text(y, x, w, _("nobody matches; Backspace to change"), 0, 0);
		tui_input_draw(&l->query, qy, x, w, _("Worker (name, pinyin or id): "));
	} else {
		char *who = xasprintf("%s: %s %s", _("Worker"), cw->name, cw->id);
		const char *label = l->stage == PASSWORD ? _("Password: ") :
			l->stage == NEW1 ? _("New password (at least 6 characters): ") :
			_("Type it again: ");

		tui_text(y++, x, w, who, 0, 0);
		free(who);
		if (l->stage != PASSWORD)
			y += tui_text_wrapped(y, x, w, 2, _("First login: choose your password."), 0);
		tui_input_draw(&l->pw, y++, x, w, label);
	}
	if (l->error[0])
		tui_text_wrapped(top + rows - 1, x, w, 1, l->error, A_BOLD);
}

static void try_login(struct tui *t, struct login *l)
{
	const struct tui_worker *w = &l->workers[l->chosen];
	const char *pw = tui_input_text(&l->pw);
	enum wg_status rc;
	int wait = 0;

	l->error[0] = '\0';
	switch (l->stage) {
	case PASSWORD:
		rc = auth_check_password(t->db, w->id, pw, "screen", &wait);
		if (rc == WG_OK) {
			pw_wipe(l);
			tui_logged_in(t, w->id);
			return;
		}
		if (rc == WG_STATE) {
			l->stage = NEW1;
		} else if (rc == WG_WAIT) {
			snprintf(l->error, sizeof(l->error),
				_("Too many wrong passwords: wait %d s and try again."), wait);
		} else if (rc == WG_AUTH) {
			snprintf(l->error, sizeof(l->error), "%s", _("Wrong password. Try again."));
		} else {
			snprintf(l->error, sizeof(l->error), "%s", wg_error_msg());
		}
		break;
	case NEW1:
		if (auth_password_acceptable(pw) != WG_OK) {
			snprintf(l->error, sizeof(l->error), "%s", wg_error_msg());
			break;
		}
		l->pw1 = xstrdup(pw);
		l->stage = NEW2;
		break;
	case NEW2:
		if (!l->pw1 || !STREQ(l->pw1, pw)) {
			snprintf(l->error, sizeof(l->error), "%s",
				_("The two passwords differ: choose one and type it twice."));
			l->stage = NEW1;
			break;
		}
		rc = auth_set_password(t->db, w->id, w->id, pw);
		if (rc == WG_OK)
			rc = auth_check_password(t->db, w->id, pw, "screen", &wait);
		if (rc == WG_OK) {
			pw_wipe(l);
			tui_logged_in(t, w->id);
			return;
		}
		snprintf(l->error, sizeof(l->error), "%s", wg_error_msg());
		l->stage = NEW1;
		break;
	case PICK:
		break;
	}
	tui_input_clear(&l->pw);
	if (l->stage == NEW1 && l->pw1) {
		memset(l->pw1, 0, strlen(l->pw1));
		free(l->pw1);
		l->pw1 = NULL;
	}
}

static bool login_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct login *l = s->data;

	if (l->stage == PICK) {
		if (tui_input_key(&l->query, key)) {
			refilter(l);
			l->error[0] = '\0';
			return true;
		}
		if (tui_list_move(act, &l->cursor, (int)l->n_match, 5))
			return true;
		if (act == ACT_OPEN && l->n_match) {
			l->chosen = l->match[l->cursor];
			l->stage = l->workers[l->chosen].has_password ? PASSWORD : NEW1;
			l->error[0] = '\0';
			return true;
		}
		if (act == ACT_BACK) {
			tui_input_clear(&l->query);
			refilter(l);
			return true;
		}
		return act != ACT_QUIT && act != ACT_HELP;
	}
	if (act == ACT_OPEN) {
		try_login(t, l);
		return true;
	}
	if (act == ACT_BACK) {
		pw_wipe(l);
		l->stage = PICK;
		l->error[0] = '\0';
		return true;
	}
	if (tui_input_key(&l->pw, key))
		return true;
	return act != ACT_QUIT && act != ACT_HELP;
}

const struct tui_screen_ops tui_login_ops = {
	.name = "login",
	.ctx = TUI_CTX_LOGIN | TUI_CTX_LIST,
	.text_input = true,
	.open = login_open,
	.draw = login_draw,
	.key = login_key,
	.close = login_close,
};
