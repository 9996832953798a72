/* The checklist as fixed-width text, for plain printers and `lp`: the same content as
 * the PDF, columns fitted with tw_fit so Chinese text lines up, pages separated by form
 * feeds, no household block split across pages. */
#include "wangge/common.h"
#include "wangge/checklist.h"
#include "wangge/print.h"
#include "wangge/textwidth.h"

/* Value columns after each label: five Chinese characters of a name, a masked landline
 * (029-****4321, 12) with a spare column, a masked ID number (18). */
#define HEAD_COLS 10
#define PHONE_COLS 13
#define ID_COLS 18
#define INDENT "      "
#define INDENT_COLS 6

struct lines {
	char **v;
	size_t n, cap;
};

/* Takes line; trailing spaces are dropped (they only make printers wrap). */
static void lines_add(struct lines *l, char *line)
{
	size_t len = strlen(line);

	while (len > 0 && line[len - 1] == ' ')
		line[--len] = '\0';
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = line;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* label + value fitted into cols columns after the label, two spaces after; returns
 * the columns used. */
static int cell(struct strbuf *sb, const char *label, const char *value, int cols)
{
	int used = tw_fit(sb, label, tw_width(label), TW_NO_PAD);

	used += tw_fit(sb, value ? value : "—", cols, TW_PAD);
	sb_add(sb, "  ");
	return used + 2;
}

/* Text that must be printed whole (an address, the header) wrapped into lines of at
 * most cols columns, continuation lines indented by indent columns. */
static void wrap_lines(struct lines *out, const char *first_prefix, const char *text,
	int indent, int cols)
{
	char *clean = tw_sanitize(text);
	const char *s = clean;
	size_t len = strlen(clean);
	struct strbuf sb;
	int used;

	sb_init(&sb);
	sb_add(&sb, first_prefix);
	used = tw_width(first_prefix);
	while (len > 0) {
		uint32_t cp;
		size_t n = tw_decode(s, len, &cp);
		int w = tw_cp_width(cp);

		if (used + w > cols && used > indent) {
			lines_add(out, sb_detach(&sb));
			sb_init(&sb);
			for (int i = 0; i < indent; i++)
				sb_addc(&sb, ' ');
			used = indent;
		}
		sb_addn(&sb, s, n);
		used += w;
		s += n;
		len -= n;
	}
	lines_add(out, sb_detach(&sb));
	free(clean);
}

/* "[ ] a  [ ] b ..." wrapped at width, continuation lines under the first box. */
static void box_lines(struct lines *out, const char *lead, char *const *labels, size_t n,
	int width)
{
	struct strbuf sb;
	int lead_cols = tw_width(lead), used;

	sb_init(&sb);
	sb_add(&sb, INDENT);
	sb_add(&sb, lead);
	used = INDENT_COLS + lead_cols;
	for (size_t i = 0; i < n; i++) {
		char *box = xasprintf("[ ] %s  ", labels[i]);
		int w = tw_width(box);

		if (used + w > width && used > INDENT_COLS + lead_cols) {
			lines_add(out, sb_detach(&sb));
			sb_init(&sb);
			sb_add(&sb, INDENT);
			tw_fit(&sb, "", lead_cols, TW_PAD);
			used = INDENT_COLS + lead_cols;
		}
		/* an item wider than the whole line is cut, never spills over the margin */
		used += tw_fit(&sb, box, MIN(w, width - used), TW_NO_PAD);
		free(box);
	}
	lines_add(out, sb_detach(&sb));
}

static void block_lines(const struct cl_block *b, int width, struct lines *out)
{
	static const char *const outcomes[] = { N_("met"), N_("nobody home"), N_("refused"),
		N_("moved out") };
	char *labels[ARRAY_SIZE(outcomes)];
	struct strbuf sb;
	char num[16];

	sb_init(&sb);
	snprintf(num, sizeof num, "%d.", b->line);
	tw_fit(&sb, num, INDENT_COLS - 1, TW_RIGHT);
	sb_addc(&sb, ' ');
	wrap_lines(out, sb.buf, b->address, INDENT_COLS, width);
	sb_free(&sb);

	sb_init(&sb);
	sb_add(&sb, INDENT);
	{
		char *count = xasprintf(_("Residents: %d"), b->n_residents);
		int used = INDENT_COLS;

		used += cell(&sb, _("Head: "), b->head, HEAD_COLS);
		used += cell(&sb, _("Phone: "), b->phone, PHONE_COLS);
		used += cell(&sb, _("ID: "), b->id_number, ID_COLS);
		tw_fit(&sb, count, width - used, TW_NO_PAD);
		free(count);
	}
	lines_add(out, sb_detach(&sb));

	if (b->marks && *b->marks) {
		char *lead = xasprintf("%s%s", INDENT, _("Marks: "));

		wrap_lines(out, lead, b->marks, tw_width(lead), width);
		free(lead);
	}
	if (b->n_items)
		box_lines(out, _("Items: "), b->items, b->n_items, width);
	for (size_t i = 0; i < ARRAY_SIZE(outcomes); i++)
		labels[i] = (char *)_(outcomes[i]);
	box_lines(out, _("Outcome: "), labels, ARRAY_SIZE(labels), width);

	sb_init(&sb);
	sb_add(&sb, INDENT);
	{
		const char *notes = _("Notes: "), *sign = _("Signature: ");
		int rule = width - INDENT_COLS - tw_width(notes) - tw_width(sign) - 14;

		sb_add(&sb, notes);
		for (int i = 0; i < MAX(rule, 4); i++)
			sb_addc(&sb, '_');
		sb_addc(&sb, ' ');
		sb_add(&sb, sign);
		sb_add(&sb, "____________");
	}
	lines_add(out, sb_detach(&sb));
	lines_add(out, xstrdup(""));
}

static void header(FILE *out, const struct cl_sheet *s, int width)
{
	struct strbuf sb;
	char *id = xasprintf(_("Sheet %s"), s->id ? s->id : "-");
	char *line;
	int id_cols = tw_width(id);

	sb_init(&sb);
	tw_fit(&sb, _("Visit checklist"), width - id_cols, TW_PAD);
	tw_fit(&sb, id, id_cols, TW_NO_PAD);
	fprintf(out, "%s\n", sb.buf);
	sb_free(&sb);
	line = xasprintf(_("%s  %s  Grid: %s  Worker: %s  Date: %s"), s->street ? s->street : "",
		s->community ? s->community : "", s->grid ? s->grid : "", s->worker ? s->worker : "",
		s->date ? s->date : "");
	/* One line on paper: a long list of grids or workers is cut, the date kept. */
	{
		char *date = xasprintf("  %s", s->date ? s->date : "");
		int date_cols = tw_width(date);

		sb_init(&sb);
		if (tw_width(line) > width) {
			tw_fit(&sb, line, width - date_cols, TW_PAD);
			sb_add(&sb, date);
		} else {
			sb_add(&sb, line);
		}
		fprintf(out, "%s\n", sb.buf);
		sb_free(&sb);
		free(date);
	}
	for (int i = 0; i < width; i++)
		fputc('-', out);
	fputc('\n', out);
	free(line);
	free(id);
}

static void footer(FILE *out, int page, int pages, int width)
{
	char *text = xasprintf(_("Page %d / %d"), page, pages);
	int pad = (width - tw_width(text)) / 2;

	fprintf(out, "\n%*s%s\n", MAX(pad, 0), "", text);
	free(text);
}

enum { HEADER_LINES = 3, FOOTER_LINES = 2 };

enum wg_status print_text(const struct cl_sheet *sheet, FILE *out, int width, int page_lines)
{
	struct lines *blocks = xcalloc(sheet->n_blocks ? sheet->n_blocks : 1, sizeof(*blocks));
	int body = page_lines - HEADER_LINES - FOOTER_LINES;
	int *page_of = xcalloc(sheet->n_blocks ? sheet->n_blocks : 1, sizeof(int));
	int pages = 1, used = 0, page = 1;
	size_t i, k;

	if (width < 40)
		width = 40;
	if (body < 8)
		body = 8;
	/* First pass: every block's lines and the page it starts on. */
	for (i = 0; i < sheet->n_blocks; i++) {
		int n;

		block_lines(&sheet->blocks[i], width, &blocks[i]);
		n = (int)blocks[i].n;
		if (used > 0 && used + n > body) {
			pages++;
			used = 0;
		}
		page_of[i] = pages;
		used += n;
	}
	/* Second pass: print, each page padded to page_lines and ended by a form feed. */
	used = 0;
	header(out, sheet, width);
	if (sheet->n_blocks == 0) {
		fprintf(out, "%s\n", _("No households to visit."));
		used = 1;
	}
	for (i = 0; i < sheet->n_blocks; i++) {
		if (page_of[i] != page) {
			for (; used < body; used++)
				fputc('\n', out);
			footer(out, page, pages, width);
			fputc('\f', out);
			page = page_of[i];
			used = 0;
			header(out, sheet, width);
		}
		for (k = 0; k < blocks[i].n; k++)
			fprintf(out, "%s\n", blocks[i].v[k]);
		used += (int)blocks[i].n;
	}
	for (; used < body; used++)
		fputc('\n', out);
	footer(out, page, pages, width);
	for (i = 0; i < sheet->n_blocks; i++)
		lines_free(&blocks[i]);
	free(blocks);
	free(page_of);
	if (fflush(out) != 0 || ferror(out))
		return wg_error_set(WG_IO, _("cannot write the checklist: %s"), strerror(errno));
	return WG_OK;
}
