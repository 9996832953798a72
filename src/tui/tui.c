/* The screen's main loop: curses set-up, the stack of screens, the title bar, the
 * key-hint bar, idle lock, resize. */
#include "wangge/common.h"
#include "wangge/audit.h"
#include "wangge/cli.h"
#include "wangge/config.h"
#include "wangge/store.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"
#include "tui_session.h"

#include <curses.h>

#define MIN_COLS 40
#define MIN_ROWS 12

static int cursor_y = -1, cursor_x = -1;

void tui_cursor(int y, int x)
{
	cursor_y = y;
	cursor_x = x;
}

time_t tui_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void end_curses(void)
{
	if (!isendwin())
		endwin();
}

void tui_push(struct tui *t, const struct tui_screen_ops *ops, void *data)
{
	struct tui_screen *s = xcalloc(1, sizeof(*s));

	s->ops = ops;
	s->data = data;
	s->below = t->top;
	t->top = s;
	if (ops->open)
		ops->open(t, s);
}

void tui_pop(struct tui *t)
{
	struct tui_screen *s = t->top;

	if (!s)
		return;
	t->top = s->below;
	if (s->ops->close)
		s->ops->close(t, s);
	free(s);
	if (t->top && t->top->ops->resume)
		t->top->ops->resume(t, t->top);
}

void tui_pop_all(struct tui *t)
{
	while (t->top) {
		struct tui_screen *s = t->top;

		t->top = s->below;
		if (s->ops->close)
			s->ops->close(t, s);
		free(s);
	}
}

void tui_message(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->message, sizeof(t->message), fmt, ap);
	va_end(ap);
	t->message_error = error;
}

void tui_set_focus_grid(struct tui *t, const char *grid_name)
{
	free(t->focus_grid_name);
	t->focus_grid_name = grid_name ? xstrdup(grid_name) : NULL;
}

void tui_logged_in(struct tui *t, const char *worker_id)
{
	free(t->pending_login);
	t->pending_login = xstrdup(worker_id);
}

/* Runs between keys, when no screen's function is on the stack. */
static void apply_login(struct tui *t)
{
	char *id = t->pending_login;

	t->pending_login = NULL;
	if (t->locked && t->actor.worker_id && STREQ(t->actor.worker_id, id)) {
		/* the same operator: back where they were */
		t->locked = false;
		tui_pop(t);
		free(id);
		return;
	}
	tui_pop_all(t);
	actor_free(&t->actor);
	if (actor_load(t->db, id, &t->actor) != WG_OK)
		actor_nobody(&t->actor);
	free(id);
	t->logged_in = true;
	t->locked = false;
	tui_place_load(t);
	tui_set_focus_grid(t, NULL);
	tui_push(t, &tui_home_ops, NULL);
}

void tui_lock(struct tui *t, bool idle)
{
	if (!t->logged_in || t->locked)
		return;
	/* a failed audit write must not keep the screen open */
	audit_log(t->db, t->actor.worker_id, "screen.lock", NULL, idle ? "idle" : "key");
	t->locked = true;
	t->message[0] = '\0';
	tui_push(t, &tui_login_ops, NULL);
}

void tui_go_home(struct tui *t, bool search)
{
	(void)search;
	while (t->top && t->top->ops != &tui_home_ops && t->top->below)
		tui_pop(t);
}

static void draw_title(struct tui *t)
{
	char date[11];
	struct strbuf left, right;
	const char *grid = t->focus_grid_name ? t->focus_grid_name : t->grid_name;
	int rw;

	wg_today(date);
	sb_init(&left);
	sb_init(&right);
	sb_add(&left, " ");
	if (t->street)
		sb_add(&left, t->street);
	if (t->community && !t->locked)
		sb_addf(&left, " %s", t->community);
	if (grid && !t->locked)
		sb_addf(&left, " %s", grid);
	if (t->locked)
		sb_addf(&right, "%s ", _("locked"));
	else if (t->logged_in && t->actor.name)
		sb_addf(&right, "%s ", t->actor.name);
	sb_addf(&right, "%s ", t->cols >= 60 ? date : date + 5);
	rw = tw_width(right.buf);
	tui_text(0, 0, t->cols - rw, left.buf, A_REVERSE | A_BOLD, 0);
	tui_text(0, t->cols - rw, rw, right.buf, A_REVERSE, TW_RIGHT);
	sb_free(&left);
	sb_free(&right);
}

static void draw_hints(struct tui *t)
{
	struct strbuf sb;
	const struct tui_screen_ops *ops = t->top->ops;
	unsigned ctx = ops->ctx | (t->logged_in && !t->locked ? TUI_CTX_GLOBAL : 0);
	int a;
	char buf[16];

	if (t->message[0]) {
		tui_text(t->rows - 1, 0, t->cols, t->message,
			t->message_error ? A_BOLD | A_REVERSE : A_BOLD, 0);
		return;
	}
	sb_init(&sb);
	sb_add(&sb, "");
	for (a = 1; a < ACT_COUNT; a++) {
		const char *label = tui_action_hint((enum tui_action)a);
		const char *key;

		if (!label || !(tui_action_ctx((enum tui_action)a) & ctx))
			continue;
		key = tui_action_key_here((enum tui_action)a, ops->text_input, buf);
		if (!key)
			continue;
		if (tw_width(sb.buf) + tw_width(key) + tw_width(label) + 2 > t->cols)
			break;
		sb_addf(&sb, "%s%s %s", sb.len ? "  " : "", key, label);
	}
	tui_text(t->rows - 1, 0, t->cols, sb.buf, A_REVERSE, 0);
	sb_free(&sb);
}

static void draw_screen(struct tui *t, struct tui_screen *s)
{
	if (s->ops->overlay && s->below)
		draw_screen(t, s->below);
	s->ops->draw(t, s, 1, t->rows - 2, t->cols);
}

static void draw(struct tui *t)
{
	getmaxyx(stdscr, t->rows, t->cols);
	erase();
	cursor_y = cursor_x = -1;
	if (t->cols < MIN_COLS || t->rows < MIN_ROWS) {
		char *msg = xasprintf(_("Window too small: %d×%d. wangge needs at least %d×%d."),
			t->cols, t->rows, MIN_COLS, MIN_ROWS);

		tui_text_wrapped(MAX(0, t->rows / 2 - 1), 0, t->cols, t->rows, msg, A_BOLD);
		free(msg);
		curs_set(0);
		refresh();
		return;
	}
	draw_title(t);
	if (t->top)
		draw_screen(t, t->top);
	if (t->top)
		draw_hints(t);
	if (cursor_y >= 0) {
		curs_set(1);
		move(cursor_y, cursor_x);
	} else {
		curs_set(0);
	}
	refresh();
}

static void handle_key(struct tui *t, int key)
{
	struct tui_screen *s = t->top;
	unsigned ctx = s->ops->ctx | (t->logged_in && !t->locked ? TUI_CTX_GLOBAL : 0);
	enum tui_action act;

	act = s->ops->text_input && tui_key_printable(key) ? ACT_NONE : tui_key_action(key, ctx);
	if (s->ops->key && s->ops->key(t, s, act, key))
		return;
	switch (act) {
	case ACT_QUIT:
		t->quit = true;
		break;
	case ACT_HELP:
		if (s->ops != &tui_help_ops)
			tui_push(t, &tui_help_ops, NULL);
		break;
	case ACT_SEARCH:
		tui_go_home(t, true);
		break;
	case ACT_LOCK:
		tui_lock(t, false);
		break;
	case ACT_BROWSE:
		if (s->ops != &tui_browse_ops)
			tui_push(t, &tui_browse_ops, NULL);
		break;
	case ACT_PRINT:
		tui_print(t);
		break;
	case ACT_KEY_IN:
		tui_key_in(t);
		break;
	case ACT_STATS:
		if (s->ops != &tui_stats_ops)
			tui_open_stats(t);
		break;
	case ACT_AUDIT:
		if (s->ops != &tui_audit_ops)
			tui_open_audit(t);
		break;
	case ACT_INCIDENTS:
		if (s->ops != &tui_incidents_ops)
			tui_open_incidents(t);
		break;
	case ACT_REFRESH:
		if (s->ops->resume)
			s->ops->resume(t, s);
		clearok(stdscr, TRUE);
		break;
	case ACT_BACK:
		if (s->below && !(t->locked && s->ops == &tui_login_ops))
			tui_pop(t);
		break;
	default:
		break;
	}
}

int tui_main(struct wg_app *app)
{
	struct tui t = { 0 };
	enum wg_status rc;
	int status = 0;

	rc = app_db(app, &t.db);
	if (rc != WG_OK)
		return cli_fail(rc);
	rc = tui_keys_init(app->cfg);
	if (rc != WG_OK)
		return cli_fail(rc);
	t.app = app;
	t.cfg = app->cfg;
	actor_nobody(&t.actor);

	if (!initscr()) {
		fprintf(stderr, "wangge: %s\n", _("cannot start the screen: check $TERM"));
		return 1;
	}
	wg_set_die_callback(end_curses);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	timeout(1000);
	tui_place_load(&t);
	t.last_input = tui_clock();
	tui_push(&t, &tui_login_ops, NULL);

	while (!t.quit && t.top) {
		wint_t ch;
		int r, key;

		draw(&t);
		if (t.top->ops->idle && !t.locked) {
			/* details only while no key waits: typing never waits for them */
			timeout(0);
			r = get_wch(&ch);
			timeout(1000);
			if (r == ERR) {
				if (t.top->ops->idle(&t, t.top))
					continue;
				r = get_wch(&ch);
			}
		} else {
			r = get_wch(&ch);
		}
		if (r == ERR) {
			int idle = t.cfg->idle_lock_seconds;

			if (idle > 0 && t.logged_in && !t.locked &&
					tui_clock() - t.last_input >= idle)
				tui_lock(&t, true);
			continue;
		}
		if (r == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		key = r == KEY_CODE_YES ? TUI_KEY_FN + (int)ch : (int)ch;
		if (key == '\r')
			key = '\n';
		if (key == TUI_KEY_FN + KEY_ENTER)
			key = '\n';
		t.last_input = tui_clock();
		t.message[0] = '\0';
		handle_key(&t, key);
		if (t.pending_login)
			apply_login(&t);
	}

	tui_pop_all(&t);
	endwin();
	wg_set_die_callback(NULL);
	actor_free(&t.actor);
	free(t.street); free(t.community); free(t.grid_code); free(t.grid_name);
	free(t.focus_grid_name);
	free(t.pending_login);
	return status;
}
