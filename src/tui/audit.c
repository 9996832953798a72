/* The audit screen, for admins (and for anyone while the database has no admin yet, as
 * access.h's bootstrap rule says): the audit log newest first, narrowed to one operator
 * and a date range, and a key that walks the hash chain (audit_verify) and shows where
 * it breaks. */
#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/audit.h"
#include "wangge/textwidth.h"
#include "wangge/tui.h"

#include <curses.h>

struct arow {
	int64_t seq;
	char *line;              /* "seq  at  operator  action  object  detail" */
};

struct audit_screen {
	char *worker;            /* filter, NULL: everyone */
	char from[11], to[11];   /* "" : no limit */
	struct arow *rows;       /* newest first */
	size_t n, cap;
	int cursor, first;
	char verdict[512];       /* the last verification, "" before one */
	bool broken;
	int64_t bad_seq;
};

static bool collect(const struct audit_row *r, void *ctx)
{
	struct audit_screen *a = ctx;
	struct strbuf sb;

	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->rows = xrealloc(a->rows, a->cap * sizeof(*a->rows));
	}
	sb_init(&sb);
	sb_addf(&sb, "%6" PRId64 " %s ", r->seq, r->at);
	tw_fit(&sb, r->operator_id ? r->operator_id : "—", 7, TW_PAD);
	sb_add(&sb, " ");
	tw_fit(&sb, r->action, 16, TW_PAD);
	if (r->object)
		sb_addf(&sb, " %s", r->object);
	if (r->detail)
		sb_addf(&sb, " · %s", r->detail);
	a->rows[a->n].seq = r->seq;
	a->rows[a->n].line = sb_detach(&sb);
	a->n++;
	return true;
}

static void rows_free(struct audit_screen *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->rows[i].line);
	free(a->rows);
	a->rows = NULL;
	a->n = a->cap = 0;
}

static void load(struct tui *t, struct audit_screen *a)
{
	enum wg_status rc;

	rows_free(a);
	rc = audit_each(t->db, a->worker, a->from[0] ? a->from : NULL, a->to[0] ? a->to : NULL,
		collect, a);
	if (rc != WG_OK)
		tui_message(t, true, "%s", wg_error_msg());
	/* newest first */
	for (size_t i = 0; i < a->n / 2; i++) {
		struct arow tmp = a->rows[i];

		a->rows[i] = a->rows[a->n - 1 - i];
		a->rows[a->n - 1 - i] = tmp;
	}
	if (a->cursor >= (int)a->n)
		a->cursor = MAX(0, (int)a->n - 1);
}

void tui_open_audit(struct tui *t)
{
	struct audit_screen *a;

	if (t->actor.role != ROLE_ADMIN && access_has_admin(t->db)) {
		tui_message(t, true, "%s", _("Only an admin may open the audit log "
			"(`wangge worker role ID admin` makes one)."));
		return;
	}
	a = xcalloc(1, sizeof(*a));
	/* looking at the log is itself a look at who did what: it is written down too */
	audit_log(t->db, t->actor.worker_id, "audit.view", NULL, "screen");
	load(t, a);
	tui_push(t, &tui_audit_ops, a);
}

static void audit_close(struct tui *t, struct tui_screen *s)
{
	struct audit_screen *a = s->data;

	(void)t;
	rows_free(a);
	free(a->worker);
	free(a);
}

static void audit_resume(struct tui *t, struct tui_screen *s)
{
	load(t, s->data);
}

static void audit_draw(struct tui *t, struct tui_screen *s, int top, int rows, int cols)
{
	struct audit_screen *a = s->data;
	char *title;
	int list_rows = MAX(1, rows - 3), y = top + 2;

	(void)t;
	title = xasprintf(_("Audit log, newest first · operator: %s · %s – %s · %zu rows"),
		a->worker ? a->worker : _("everyone"), a->from[0] ? a->from : "…",
		a->to[0] ? a->to : "…", a->n);
	tui_text(top, 0, cols, title, A_BOLD, 0);
	free(title);
	tui_text(top + 1, 0, cols, a->verdict[0] ? a->verdict :
		_("v checks the hash chain · w one operator · d dates"),
		a->broken ? A_BOLD | A_REVERSE : 0, 0);
	if (!a->n) {
		tui_text(y, 1, cols - 1, _("No audit rows."), 0, 0);
		return;
	}
	tui_scroll(&a->cursor, &a->first, (int)a->n, list_rows);
	for (int i = 0; i < list_rows && a->first + i < (int)a->n; i++) {
		const struct arow *r = &a->rows[a->first + i];
		int attr = a->first + i == a->cursor ? A_REVERSE : 0;

		if (a->broken && r->seq == a->bad_seq)
			attr |= A_BOLD;
		tui_text(y + i, 0, cols, r->line, attr, 0);
	}
}

static void set_worker(struct tui *t, void *ctx, const char *text)
{
	struct audit_screen *a = ctx;
	char *buf = xstrdup(text), *w = wg_trim(buf);

	free(a->worker);
	a->worker = *w ? xstrdup(w) : NULL;
	free(buf);
	a->cursor = a->first = 0;
	load(t, a);
}

static void set_dates(struct tui *t, void *ctx, const char *text)
{
	struct audit_screen *a = ctx;
	char from[16] = "", to[16] = "";
	int n = sscanf(text, " %15s %15s", from, to);

	if (n <= 0) {
		a->from[0] = a->to[0] = '\0';
	} else {
		if (n == 1)
			snprintf(to, sizeof to, "%s", from);
		if (!wg_date_valid(from) || !wg_date_valid(to)) {
			tui_message(t, true, _("Write two dates: YYYY-MM-DD YYYY-MM-DD"));
			return;
		}
		snprintf(a->from, sizeof a->from, "%.10s", from);
		snprintf(a->to, sizeof a->to, "%.10s", to);
	}
	a->cursor = a->first = 0;
	load(t, a);
}

static void verify(struct tui *t, struct audit_screen *a)
{
	int64_t bad = 0;
	enum wg_status rc = audit_verify(t->db, &bad);

	a->broken = rc != WG_OK;
	a->bad_seq = bad;
	if (rc == WG_OK)
		snprintf(a->verdict, sizeof a->verdict, "%s", _("Audit chain verified: intact."));
	else
		snprintf(a->verdict, sizeof a->verdict, _("AUDIT CHAIN BROKEN at row %" PRId64 ": %s"),
			bad, wg_error_msg());
	if (a->broken)
		for (size_t i = 0; i < a->n; i++)
			if (a->rows[i].seq == bad)
				a->cursor = (int)i;
	tui_message(t, a->broken, "%s", a->verdict);
}

static bool audit_key(struct tui *t, struct tui_screen *s, enum tui_action act, int key)
{
	struct audit_screen *a = s->data;
	char initial[32];

	(void)key;
	if (tui_list_move(act, &a->cursor, (int)a->n, LINES - 5))
		return true;
	switch (act) {
	case ACT_AUDIT_WORKER:
		tui_prompt(t, _("Only the rows of operator (worker id; empty: everyone):"),
			a->worker, true, set_worker, a);
		return true;
	case ACT_DATES:
		snprintf(initial, sizeof initial, "%s %s", a->from, a->to);
		tui_prompt(t, _("Rows from to (YYYY-MM-DD YYYY-MM-DD; empty: every day):"),
			a->from[0] ? initial : NULL, true, set_dates, a);
		return true;
	case ACT_AUDIT_VERIFY:
		verify(t, a);
		return true;
	case ACT_AUDIT:
		return true;   /* already here */
	default:
		break;
	}
	return false;
}

const struct tui_screen_ops tui_audit_ops = {
	.name = "audit",
	.ctx = TUI_CTX_AUDIT | TUI_CTX_LIST,
	.personal = true,       /* objects and reasons name households */
	.resume = audit_resume,
	.draw = audit_draw,
	.key = audit_key,
	.close = audit_close,
};
