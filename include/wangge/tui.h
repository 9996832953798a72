/* The screen (ncursesw). tui_main() is what `wangge` with no command runs.
 *
 * Inside src/tui: a stack of screens, each a table of operations (open, draw, key,
 * close) like tig's view_ops, and one table of actions (an X-macro: name, default keys,
 * help text, where it works) from which the help screen, the key-hint bar, the man page's
 * KEYS section and key rebinding (config `keys:`) are all generated. Every draw goes
 * through tw_fit() (textwidth.h). The screens draw from an in-memory model loaded when
 * they open or come back to the top; typing only touches that model (and the search
 * index, which answers in milliseconds). */
#ifndef WANGGE_TUI_H
#define WANGGE_TUI_H

#include "wangge/common.h"
#include "wangge/access.h"

struct wg_app;
struct wg_db;
struct wg_config;

/* Run the screen until the operator quits. Returns the process exit status. */
int tui_main(struct wg_app *app);

/* ---- actions ---- */

/* Where an action works (a screen's context mask). */
enum {
	TUI_CTX_GLOBAL = 1 << 0,  /* every screen after login */
	TUI_CTX_LIST   = 1 << 1,  /* screens with a moving cursor */
	TUI_CTX_HOME   = 1 << 2,
	TUI_CTX_CARD   = 1 << 3,
	TUI_CTX_FORM   = 1 << 4,
	TUI_CTX_LOGIN  = 1 << 5,
	TUI_CTX_HELP   = 1 << 6,
	TUI_CTX_BROWSE = 1 << 7,
	TUI_CTX_KEYING = 1 << 8,  /* keying a printed sheet back in */
	TUI_CTX_STATS  = 1 << 14, /* the 统计 screen (tui3) */
	TUI_CTX_AUDIT  = 1 << 15, /* the audit screen, for admins (tui3) */
	TUI_CTX_INCIDENT = 1 << 12, /* the incident list and one incident (its steps) */
};

/* id, name (config keys: and the man page), default keys (space separated), where it
 * works, short label in the key-hint bar (NULL: help screen only), help text. */
#define TUI_ACTIONS(_) \
	_(UP,           "up",           "Up k",    TUI_CTX_LIST,   NULL,          N_("move up")) \
	_(DOWN,         "down",         "Down j",  TUI_CTX_LIST,   NULL,          N_("move down")) \
	_(PAGE_UP,      "page-up",      "PgUp",    TUI_CTX_LIST,   NULL,          N_("one page up")) \
	_(PAGE_DOWN,    "page-down",    "PgDn",    TUI_CTX_LIST,   NULL,          N_("one page down")) \
	_(FIRST,        "first",        "g Home",  TUI_CTX_LIST,   NULL,          N_("go to the first line")) \
	_(LAST,         "last",         "G End",   TUI_CTX_LIST,   NULL,          N_("go to the last line")) \
	_(OPEN,         "open",         "Enter",   TUI_CTX_HOME | TUI_CTX_LOGIN | TUI_CTX_BROWSE | TUI_CTX_INCIDENT, N_("open"), N_("open the household or incident under the cursor, or go down a level; on the login screen, go on to the password")) \
	_(BACK,         "back",         "Esc q",   TUI_CTX_GLOBAL | TUI_CTX_LOGIN, N_("back"), N_("go back; on the home screen, clear the lookup line")) \
	_(SEARCH,       "search",       "/",       TUI_CTX_GLOBAL, N_("find"),    N_("look up a household: names, pinyin, addresses, door numbers, ID or phone digits")) \
	_(BROWSE,       "browse",       "F3 b",    TUI_CTX_GLOBAL, N_("places"),  N_("browse by place: street, community, grid, building, unit, households, with counts")) \
	_(VISIT,        "visit",        "v",       TUI_CTX_CARD,   N_("visit"),   N_("record a visit to this household")) \
	_(REVEAL_ID,    "reveal-id",    "i",       TUI_CTX_CARD,   N_("ID no."),  N_("show the selected resident's ID number for 30 s (asks why; audited)")) \
	_(REVEAL_PHONE, "reveal-phone", "p",       TUI_CTX_CARD,   N_("phone"),   N_("show the selected resident's phone for 30 s (asks why; audited)")) \
	_(EDIT_NOTE,    "edit-note",    "n",       TUI_CTX_CARD,   N_("note"),    N_("change the household's note (refused if someone changed it since you opened the card)")) \
	_(EDIT_PHONE,   "edit-phone",   "t",       TUI_CTX_CARD,   NULL,          N_("change the household's phone (the same check)")) \
	_(NEXT_FIELD,   "next-field",   "Tab",     TUI_CTX_FORM,   NULL,          N_("next part of the form")) \
	_(TOGGLE,       "toggle",       "Space",   TUI_CTX_FORM,   N_("tick"),    N_("tick or untick; change the kind or the outcome")) \
	_(SAVE,         "save",         "^S F2",   TUI_CTX_FORM,   N_("save"),    N_("save the visit")) \
	_(PRINT,        "print",        "F4",      TUI_CTX_GLOBAL, N_("print"),   N_("print tomorrow's visit checklist of your grids, all households or only the follow-ups due; kept beside the database when no printer takes it")) \
	_(KEY_IN,       "key-in",       "F6",      TUI_CTX_GLOBAL, N_("key in"),  N_("key a filled-in printed checklist back in: asks for the sheet id printed on it")) \
	_(KEY_OUTCOME,  "key-outcome",  "m n r x", TUI_CTX_KEYING, N_("outcome"), N_("the line's outcome: m met, n nobody home, r refused, x moved out")) \
	_(KEY_ITEM,     "key-item",     "1 2 3 4 5 6 7 8 9", TUI_CTX_KEYING, NULL, N_("tick or untick that checklist item of the line")) \
	_(KEY_NOTE,     "key-note",     "e",       TUI_CTX_KEYING, N_("note"),    N_("write the line's note")) \
	_(KEY_DATE,     "key-date",     "d",       TUI_CTX_KEYING, N_("date"),    N_("change the visit date of every line still to be saved (the sheet's date at first)")) \
	_(KEY_SAVE,     "key-save",     "Enter",   TUI_CTX_KEYING, N_("save line"), N_("save the line as a visit and go to the next; a line without an outcome is skipped")) \
	_(INCIDENTS,    "incidents",    "F7",      TUI_CTX_GLOBAL, N_("incidents"), N_("the incident list: your open incidents, past their deadline first; Enter opens one")) \
	_(REPORT_INCIDENT, "report-incident", "e", TUI_CTX_CARD,   N_("incident"), N_("report an incident at this household: its type, urgent or not, what happened")) \
	_(INC_ACCEPT,   "inc-accept",   "a",       TUI_CTX_INCIDENT, NULL,        N_("incident: accept (受理); a leader names the handler")) \
	_(INC_START,    "inc-start",    "s",       TUI_CTX_INCIDENT, NULL,        N_("incident: start handling it (处置)")) \
	_(INC_RESOLVE,  "inc-resolve",  "r",       TUI_CTX_INCIDENT, NULL,        N_("incident: mark it resolved (办结)")) \
	_(INC_CLOSE,    "inc-close",    "c",       TUI_CTX_INCIDENT, NULL,        N_("incident: close it with the feedback visit's rating (结案); 不满意 reopens it")) \
	_(INC_REOPEN,   "inc-reopen",   "o",       TUI_CTX_INCIDENT, NULL,        N_("incident: reopen it, with a reason (重办)")) \
	_(INC_ESCALATE, "inc-escalate", "e",       TUI_CTX_INCIDENT, NULL,        N_("incident: escalate one level, naming the new handler (上报上级)")) \
	_(INC_RETURN,   "inc-return",   "x",       TUI_CTX_INCIDENT, NULL,        N_("incident: return it one step, with a reason (退回)")) \
	_(INC_EXTEND,   "inc-extend",   "d",       TUI_CTX_INCIDENT, NULL,        N_("incident: extend the deadline, with a reason and days (延期)")) \
	_(INC_SUPERVISE, "inc-supervise", "w",     TUI_CTX_INCIDENT, NULL,        N_("incident: flag it for supervision (督办)")) \
	_(INC_URGENT,   "inc-urgent",   "u",       TUI_CTX_INCIDENT, NULL,        N_("incident: make it urgent, a shorter deadline (加急)")) \
	_(INC_STATUS,   "inc-status",   "S",       TUI_CTX_INCIDENT, NULL,        N_("incident list: show all open ones or only one status, in turn")) \
	_(INC_TYPE,     "inc-type",     "T",       TUI_CTX_INCIDENT, NULL,        N_("incident list: show all types or only one type of the config, in turn")) \
	_(INC_LEVEL,    "inc-level",    "L",       TUI_CTX_INCIDENT, NULL,        N_("incident list: show all levels or only one level, in turn")) \
	_(INC_OVERDUE,  "inc-overdue",  "O",       TUI_CTX_INCIDENT, NULL,        N_("incident list: only the ones past their deadline, or all again")) \
	_(INC_MINE,     "inc-mine",     "M",       TUI_CTX_INCIDENT, NULL,        N_("incident list: only the ones you handle or reported, or all again")) \
	_(INC_GRID,     "inc-grid",     "W",       TUI_CTX_INCIDENT, NULL,        N_("incident list: every incident of one grid of yours, in turn, then all again (admins type the grid code)")) \
	_(INC_GRID_CODE, "inc-grid-code", "C",     TUI_CTX_INCIDENT, NULL,        N_("incident list: type a grid code to show (empty: all)")) \
	_(INC_SORT,     "inc-sort",     "D",       TUI_CTX_INCIDENT, NULL,        N_("incident list: sort by deadline (most late, then soonest, first) or newest reported first")) \
	_(INC_NEW,      "inc-new",      "N",       TUI_CTX_INCIDENT, NULL,        N_("incident list: report a new incident at a place (type, urgent or not, the place, what happened), in your grid or the grid shown")) \
	_(STATS,        "stats",        "F8",      TUI_CTX_GLOBAL, NULL,          N_("figures (统计) of your grid, community or street, with bar charts")) \
	_(STATS_SCOPE,  "stats-scope",  "1 2 3",   TUI_CTX_STATS,  N_("scope"),   N_("the figures of: 1 your grid, 2 your community, 3 the whole street")) \
	_(STATS_RANGE,  "stats-range",  "m l y",   TUI_CTX_STATS,  N_("range"),   N_("the range: m this month, l last month, y this year")) \
	_(DATES,        "dates",        "d",       TUI_CTX_STATS | TUI_CTX_AUDIT, N_("dates"), N_("type the first and last day (YYYY-MM-DD YYYY-MM-DD); on the audit screen an empty answer shows every day")) \
	_(AUDIT,        "audit",        "F9",      TUI_CTX_GLOBAL, NULL,          N_("the audit log, newest first (admins only)")) \
	_(AUDIT_WORKER, "audit-worker", "w",       TUI_CTX_AUDIT,  N_("operator"), N_("show only one operator's rows (an empty answer shows everyone's)")) \
	_(AUDIT_VERIFY, "audit-verify", "v",       TUI_CTX_AUDIT,  N_("verify"),  N_("check the audit chain: every row's hash against the one before it")) \
	_(HELP,         "help",         "? F1",    TUI_CTX_GLOBAL | TUI_CTX_LOGIN, N_("help"), N_("this help, generated from the key table")) \
	_(REFRESH,      "refresh",      "F5 ^R",   TUI_CTX_GLOBAL, NULL,          N_("reload from the database and redraw")) \
	_(LOCK,         "lock",         "^L",      TUI_CTX_GLOBAL, N_("lock"),    N_("lock the screen; the same operator's password or another operator's login opens it")) \
	_(QUIT,         "quit",         "F10 ^C",  TUI_CTX_GLOBAL | TUI_CTX_LOGIN, N_("quit"), N_("quit wangge"))

enum tui_action {
	ACT_NONE = 0,
#define TUI_ACTION_ENUM(id, name, keys, ctx, hint, help) ACT_##id,
	TUI_ACTIONS(TUI_ACTION_ENUM)
#undef TUI_ACTION_ENUM
	ACT_COUNT
};

/* Keys: a character (wint_t) or a curses key code offset by TUI_KEY_FN. */
#define TUI_KEY_FN 0x200000
#define TUI_KEY_ESC 27

/* Bind the default keys, then the config's keys: (WG_INVALID naming the bad entry for an
 * unknown action or key name). */
enum wg_status tui_keys_init(const struct wg_config *cfg);
/* The action key stands for on a screen of context ctx, or ACT_NONE. */
enum tui_action tui_key_action(int key, unsigned ctx);
/* "Esc q" for an action as bound now (points into a static table). */
const char *tui_action_keys(enum tui_action act);
const char *tui_action_name(enum tui_action act);
const char *tui_action_help(enum tui_action act); /* translated */
unsigned tui_action_ctx(enum tui_action act);
/* Short translated label for the key-hint bar, or NULL. */
const char *tui_action_hint(enum tui_action act);
/* The first key bound to act that works on a screen (no printable keys on screens where
 * they are text), as its name ("Esc", "F1"), or NULL when none. */
const char *tui_action_key_here(enum tui_action act, bool text_input, char buf[16]);
/* Parse "^L", "F5", "Enter", "x" ... into a key; -1 when unknown. */
int tui_key_parse(const char *name);
/* The KEYS section of wangge(1) in mdoc, from the default table (checked by a test). */
void tui_keys_mdoc(FILE *out);

/* ---- screens ---- */

struct tui;
struct tui_screen;

struct tui_screen_ops {
	const char *name;
	unsigned ctx;            /* TUI_CTX_* of the actions that work here */
	bool text_input;         /* printable keys are text here, never actions */
	bool overlay;            /* draws over the screen below (prompts) */
	bool personal;           /* shows residents' data: hidden while locked */
	void (*open)(struct tui *t, struct tui_screen *s);
	/* the screen came back to the top (reload what others may have changed) */
	void (*resume)(struct tui *t, struct tui_screen *s);
	/* draw into rows top..top+rows-1 of the whole width */
	void (*draw)(struct tui *t, struct tui_screen *s, int top, int rows, int cols);
	/* called while no key is waiting, to fill in details from the database a row at a
	 * time (so typing never waits for them); true when it changed something to draw */
	bool (*idle)(struct tui *t, struct tui_screen *s);
	/* act is the key's action here (ACT_NONE if none); true when handled */
	bool (*key)(struct tui *t, struct tui_screen *s, enum tui_action act, int key);
	void (*close)(struct tui *t, struct tui_screen *s);
};

struct tui_screen {
	const struct tui_screen_ops *ops;
	void *data;              /* the screen's own model; close frees it */
	struct tui_screen *below;
};

struct tui {
	struct wg_app *app;
	struct wg_db *db;
	const struct wg_config *cfg;
	struct wg_actor actor;   /* the operator; worker_id NULL before login */
	bool logged_in;
	bool locked;
	bool quit;
	struct tui_screen *top;
	/* title bar */
	char *street, *community, *grid_code, *grid_name;
	char *focus_grid_name;   /* grid of the household on screen, else the operator's */
	char *pending_login;     /* worker id to switch to after the current key */
	char message[512];       /* one-line message in the status bar until the next key */
	bool message_error;
	time_t last_input;
	int rows, cols;
};

/* Screen stack. tui_push opens s on top; tui_pop closes the top one and resumes the one
 * below; tui_pop_all closes every screen. */
void tui_push(struct tui *t, const struct tui_screen_ops *ops, void *data);
void tui_pop(struct tui *t);
void tui_pop_all(struct tui *t);
void tui_message(struct tui *t, bool error, const char *fmt, ...) WG_PRINTF(3, 4);
/* The operator has logged in as worker_id (actor loaded, title bar, home screen). */
void tui_logged_in(struct tui *t, const char *worker_id);
/* Lock the screen now (idle, or the lock key), with an audit row "screen.lock". */
void tui_lock(struct tui *t, bool idle);
void tui_set_focus_grid(struct tui *t, const char *grid_name);
time_t tui_clock(void);

/* Drawing: every string goes through tw_fit into exactly `cols` columns. */
void tui_text(int y, int x, int cols, const char *s, int attr, unsigned flags);
/* Split text into lines of at most cols columns (Latin words kept whole when they can
 * be); *out and each line are the caller's to free. Returns the number of lines. */
size_t tui_wrap(const char *text, int cols, char ***out);
/* Draw text wrapped over at most max lines (the last one ends in … when cut); returns
 * the lines used. */
int tui_text_wrapped(int y, int x, int cols, int max, const char *text, int attr);
/* Keep a cursor within [0, n) and a first-shown line so the cursor is visible. */
void tui_scroll(int *cursor, int *first, int n, int rows);
/* Move a cursor for a list action; true when act was a movement. */
bool tui_list_move(enum tui_action act, int *cursor, int n, int rows);
bool tui_key_printable(int key);
/* Where the terminal cursor goes after this frame (the field being typed in); the
 * main loop hides it when no screen asked. */
void tui_cursor(int y, int x);

/* A one-line text editor (UTF-8, Backspace removes one character). */
struct tui_input {
	struct strbuf text;
	bool secret;             /* draw * instead of characters */
	size_t max_bytes;
};
void tui_input_init(struct tui_input *in, bool secret, size_t max_bytes);
void tui_input_free(struct tui_input *in);
void tui_input_clear(struct tui_input *in);
const char *tui_input_text(const struct tui_input *in);
/* Apply a key: true when it changed the text. */
bool tui_input_key(struct tui_input *in, int key);
/* Draw label + text at y, the cursor shown at the end of the text. */
void tui_input_draw(const struct tui_input *in, int y, int x, int cols, const char *label);

/* A modal one-line question drawn over the current screen, the answer starting as
 * initial (may be NULL); done(text) runs on Enter (with empty text only when allow_empty),
 * nothing on Esc. */
void tui_prompt(struct tui *t, const char *question, const char *initial, bool allow_empty,
	void (*done)(struct tui *t, void *ctx, const char *text), void *ctx);

/* The screens. */
extern const struct tui_screen_ops tui_login_ops;   /* login and lock */
extern const struct tui_screen_ops tui_home_ops;    /* today's work and lookup */
extern const struct tui_screen_ops tui_card_ops;    /* household card */
extern const struct tui_screen_ops tui_visit_ops;   /* visit entry form */
extern const struct tui_screen_ops tui_help_ops;    /* generated from the actions */
extern const struct tui_screen_ops tui_prompt_ops;  /* one-line question */
extern const struct tui_screen_ops tui_browse_ops;  /* places, with counts */
extern const struct tui_screen_ops tui_keying_ops;  /* a printed sheet keyed back in */
extern const struct tui_screen_ops tui_stats_ops;   /* 统计: figures and bar charts */
extern const struct tui_screen_ops tui_audit_ops;   /* the audit log, for admins */
extern const struct tui_screen_ops tui_incidents_ops; /* the operator's open incidents */
extern const struct tui_screen_ops tui_incident_ops;  /* one incident: timeline, steps */

/* Incidents (src/tui/incident.c): the list (filters by status, type, level, grid, late
 * only, mine only; reports at a place of the grid shown), one incident by its number,
 * reporting one at a household (asks the type, urgent or not, the text), one incident as a
 * list line. */
void tui_open_incidents(struct tui *t);
void tui_open_incident(struct tui *t, int64_t seq);
void tui_report_incident(struct tui *t, const char *household_id);
struct wg_incident;
char *tui_incident_line(const struct wg_config *cfg, const struct wg_incident *inc);
/* The operator's open incidents (of their grids or in their hands) and, for leaders and
 * admins, every one past its deadline where they act; late first, then by deadline. Free
 * with incident_list_free(). */
size_t tui_incidents_mine(struct tui *t, struct wg_incident **out);

/* Ask for a sheet id and open the keying screen (回填). */
void tui_key_in(struct tui *t);
/* Ask what to print and print tomorrow's checklist of the operator's grids. */
void tui_print(struct tui *t);
/* Open the 统计 screen on the operator's grid, this month. */
void tui_open_stats(struct tui *t);
/* Open the audit screen, or say why not (admins only, or nobody while no admin exists). */
void tui_open_audit(struct tui *t);

/* Open a household's card (data: household id, copied). */
void tui_open_card(struct tui *t, const char *household_id);
/* Open the visit form for a household loaded on the card. */
void tui_open_visit(struct tui *t, const char *household_id);
/* Go to the home screen with the lookup line (from anywhere). */
void tui_go_home(struct tui *t, bool search);

#endif
