/* The checklist as an A4 PDF: cairo draws, pango shapes the Chinese text with an
 * embedded Noto Sans CJK font, so the PDF's text can be extracted again. */
#include "wangge/common.h"
#include "wangge/checklist.h"
#include "wangge/print.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 36.0
#define HEADER_H 52.0
#define FOOTER_H 24.0
#define FONT "Noto Sans CJK SC"
#define BOX 8.0

struct pdf {
	cairo_t *cr;
	PangoLayout *layout;
	PangoFontDescription *normal, *bold, *small;
	const struct cl_sheet *sheet;
	int page, pages;
};

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Lay out text in a box of width w at (x, y); draw it if asked; return its height. */
static double text_at(struct pdf *p, const PangoFontDescription *font, const char *text,
	double x, double y, double w, bool draw)
{
	int pw, ph;

	pango_layout_set_font_description(p->layout, font);
	pango_layout_set_width(p->layout, w > 0 ? (int)(w * PANGO_SCALE) : -1);
	pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(p->layout, text, -1);
	pango_layout_get_size(p->layout, &pw, &ph);
	if (draw) {
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, p->layout);
	}
	return (double)ph / PANGO_SCALE;
}

static double text_width(struct pdf *p, const PangoFontDescription *font, const char *text)
{
	int pw, ph;

	pango_layout_set_font_description(p->layout, font);
	pango_layout_set_width(p->layout, -1);
	pango_layout_set_text(p->layout, text, -1);
	pango_layout_get_size(p->layout, &pw, &ph);
	return (double)pw / PANGO_SCALE;
}

static void tick_box(struct pdf *p, double x, double y)
{
	cairo_rectangle(p->cr, x + 0.5, y + 0.5, BOX, BOX);
	cairo_set_line_width(p->cr, 0.7);
	cairo_stroke(p->cr);
}

/* A row of tick boxes with labels, wrapping within width w; returns the height used. */
static double box_row(struct pdf *p, const char *lead, char *const *labels, size_t n,
	double x, double y, double w, bool draw)
{
	double cx = x, line_h = text_at(p, p->normal, "网", 0, 0, -1, false), h = line_h;
	size_t i;

	if (lead) {
		if (draw)
			text_at(p, p->normal, lead, cx, y, -1, true);
		cx += text_width(p, p->normal, lead) + 4;
	}
	for (i = 0; i < n; i++) {
		double lw = text_width(p, p->normal, labels[i]) + BOX + 4 + 12;

		if (cx + lw > x + w && cx > x + 40) {
			cx = x + 40;
			y += line_h;
			h += line_h;
		}
		if (draw) {
			tick_box(p, cx, y + (line_h - BOX) / 2);
			text_at(p, p->normal, labels[i], cx + BOX + 4, y, -1, true);
		}
		cx += lw;
	}
	return h;
}

/* One household block. Drawing and measuring share this code so they cannot disagree. */
static double block(struct pdf *p, const struct cl_block *b, double y0, bool draw)
{
	static char *outcomes[] = { (char *)N_("met"), (char *)N_("nobody home"),
		(char *)N_("refused"), (char *)N_("moved out") };
	char *outcome_labels[ARRAY_SIZE(outcomes)];
	double x = MARGIN, w = PAGE_W - 2 * MARGIN, y = y0;
	char *line;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(outcomes); i++)
		outcome_labels[i] = (char *)_(outcomes[i]);

	line = xasprintf("%d.  %s", b->line, b->address);
	y += text_at(p, p->bold, line, x, y, w * 0.55, draw);
	free(line);
	line = xasprintf(_("Head: %s   Phone: %s   ID: %s   Residents: %d"), b->head,
		b->phone ? b->phone : "-", b->id_number ? b->id_number : "-", b->n_residents);
	y += text_at(p, p->small, line, x + 16, y, w - 16, draw);
	free(line);
	if (b->marks && *b->marks) {
		line = xasprintf(_("Marks: %s"), b->marks);
		y += text_at(p, p->small, line, x + 16, y, w - 16, draw);
		free(line);
	}
	if (b->n_items > 0)
		y += box_row(p, _("Items:"), b->items, b->n_items, x + 16, y + 2, w - 16, draw) + 2;
	y += box_row(p, _("Outcome:"), outcome_labels, ARRAY_SIZE(outcome_labels), x + 16, y + 2,
		w - 16, draw) + 4;
	{
		double lh = text_at(p, p->normal, _("Notes:"), x + 16, y, -1, draw);
		double sig_w = 120, notes_end = x + w - sig_w - 70;

		if (draw) {
			double nx = x + 16 + text_width(p, p->normal, _("Notes:")) + 4;

			cairo_move_to(p->cr, nx, y + lh);
			cairo_line_to(p->cr, notes_end, y + lh);
			cairo_set_line_width(p->cr, 0.5);
			cairo_stroke(p->cr);
			text_at(p, p->normal, _("Signature:"), notes_end + 8, y, -1, true);
			cairo_rectangle(p->cr, x + w - sig_w, y - 2, sig_w, lh + 6);
			cairo_stroke(p->cr);
		}
		y += lh + 8;
	}
	if (draw) {
		cairo_move_to(p->cr, x, y);
		cairo_line_to(p->cr, x + w, y);
		cairo_set_line_width(p->cr, 0.3);
		cairo_stroke(p->cr);
	}
	return y - y0 + 6;
}

static void header_footer(struct pdf *p)
{
	const struct cl_sheet *s = p->sheet;
	double x = MARGIN, w = PAGE_W - 2 * MARGIN;
	char *line;

	text_at(p, p->bold, _("Visit checklist"), x, MARGIN - 14, -1, true);
	line = xasprintf(_("Sheet %s"), s->id ? s->id : "-");
	text_at(p, p->small, line, x + w - text_width(p, p->small, line), MARGIN - 12, -1, true);
	free(line);
	line = xasprintf(_("%s  %s  Grid: %s  Worker: %s  Date: %s"), s->street ? s->street : "",
		s->community ? s->community : "", s->grid ? s->grid : "", s->worker ? s->worker : "",
		s->date ? s->date : "");
	text_at(p, p->normal, line, x, MARGIN + 6, w, true);
	free(line);
	cairo_move_to(p->cr, x, MARGIN + HEADER_H - 20);
	cairo_line_to(p->cr, x + w, MARGIN + HEADER_H - 20);
	cairo_set_line_width(p->cr, 1.0);
	cairo_stroke(p->cr);

	line = xasprintf(_("Page %d / %d"), p->page, p->pages);
	text_at(p, p->small, line, (PAGE_W - text_width(p, p->small, line)) / 2,
		PAGE_H - MARGIN + 4, -1, true);
	free(line);
}

enum wg_status print_pdf(const struct cl_sheet *sheet, FILE *out, int *pages_out)
{
	cairo_surface_t *surface;
	struct pdf p = { 0 };
	double top = MARGIN + HEADER_H, bottom = PAGE_H - MARGIN - FOOTER_H, y;
	int *page_of = xcalloc(sheet->n_blocks + 1, sizeof(int));
	double *height = xcalloc(sheet->n_blocks + 1, sizeof(double));
	enum wg_status rc = WG_OK;
	cairo_status_t cst;
	size_t i;

	surface = cairo_pdf_surface_create_for_stream(write_stream, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, _("Visit checklist"));
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "wangge");
	p.cr = cairo_create(surface);
	p.layout = pango_cairo_create_layout(p.cr);
	p.normal = pango_font_description_from_string(FONT " 9");
	p.bold = pango_font_description_from_string(FONT " Bold 10");
	p.small = pango_font_description_from_string(FONT " 8");
	p.sheet = sheet;

	/* First pass: measure every block and give it a page, never splitting one. */
	p.pages = 1;
	y = top;
	for (i = 0; i < sheet->n_blocks; i++) {
		height[i] = block(&p, &sheet->blocks[i], 0, false);
		if (y + height[i] > bottom && y > top) {
			p.pages++;
			y = top;
		}
		page_of[i] = p.pages;
		y += height[i];
	}

	/* Second pass: draw, now that "page N of M" is known. */
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	p.page = 1;
	header_footer(&p);
	y = top;
	if (sheet->n_blocks == 0)
		text_at(&p, p.normal, _("No households to visit."), MARGIN, y, -1, true);
	for (i = 0; i < sheet->n_blocks; i++) {
		if (page_of[i] != p.page) {
			cairo_show_page(p.cr);
			p.page = page_of[i];
			header_footer(&p);
			y = top;
		}
		block(&p, &sheet->blocks[i], y, true);
		y += height[i];
	}
	cairo_show_page(p.cr);

	g_object_unref(p.layout);
	pango_font_description_free(p.normal);
	pango_font_description_free(p.bold);
	pango_font_description_free(p.small);
	cairo_destroy(p.cr);
	cairo_surface_finish(surface);
	cst = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (cst != CAIRO_STATUS_SUCCESS)
		rc = wg_error_set(cst == CAIRO_STATUS_WRITE_ERROR ? WG_IO : WG_INVALID,
			_("cannot write the PDF: %s"), cairo_status_to_string(cst));
	if (pages_out)
		*pages_out = p.pages;
	free(page_of);
	free(height);
	return rc;
}
