/* Aligned columns for command output: widths in terminal columns (Chinese text is two
 * columns a character), every cell sanitised through textwidth, so hostile text never
 * reaches the terminal raw and never breaks the layout. */
#include "wangge/common.h"
#include "wangge/cli.h"
#include "wangge/textwidth.h"

void cli_table_init(struct cli_table *t, const char *align)
{
	memset(t, 0, sizeof(*t));
	t->ncols = strlen(align);
	t->align = xstrdup(align);
}

void cli_table_add(struct cli_table *t, const char *const *cells)
{
	size_t i;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof(*t->cells));
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = tw_sanitize(cells[i] ? cells[i] : "");
	t->nrows++;
}

void cli_table_row(struct cli_table *t, ...)
{
	const char **cells = xcalloc(t->ncols, sizeof(*cells));
	va_list ap;
	size_t i;

	va_start(ap, t);
	for (i = 0; i < t->ncols; i++)
		cells[i] = va_arg(ap, const char *);
	va_end(ap);
	cli_table_add(t, cells);
	free(cells);
}

void cli_table_print(const struct cli_table *t, FILE *out, const char *indent)
{
	int *width = xcalloc(t->ncols ? t->ncols : 1, sizeof(*width));
	struct strbuf line;
	size_t r, c, last;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			width[c] = MAX(width[c], tw_width(t->cells[r * t->ncols + c]));
	sb_init(&line);
	for (r = 0; r < t->nrows; r++) {
		sb_reset(&line);
		sb_add(&line, indent ? indent : "");
		/* no trailing blanks: stop after the last non-empty left-aligned cell */
		last = t->ncols;
		while (last > 0 && t->align[last - 1] != 'r' && !*t->cells[r * t->ncols + last - 1])
			last--;
		for (c = 0; c < last; c++) {
			const char *cell = t->cells[r * t->ncols + c];

			if (c)
				sb_add(&line, "  ");
			if (t->align[c] == 'r')
				tw_fit(&line, cell, width[c], TW_RIGHT);
			else
				tw_fit(&line, cell, width[c], c + 1 == last ? TW_NO_PAD : TW_PAD);
		}
		fprintf(out, "%s\n", line.buf ? line.buf : "");
	}
	sb_free(&line);
	free(width);
}

void cli_table_free(struct cli_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->align);
	memset(t, 0, sizeof(*t));
}
