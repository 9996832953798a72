/* Rendering a checklist sheet (PDF through cairo and pango, or fixed-width text) and
 * sending it to a CUPS printer. */
#ifndef WANGGE_PRINT_H
#define WANGGE_PRINT_H

#include "wangge/common.h"

struct cl_sheet;

/* A4 PDF with an embedded CJK font; no household block is split across pages.
 * *pages gets the page count when not NULL. */
enum wg_status print_pdf(const struct cl_sheet *sheet, FILE *out, int *pages);
/* The same content as fixed-width text, width columns wide, pages of page_lines lines
 * separated by form feeds. */
enum wg_status print_text(const struct cl_sheet *sheet, FILE *out, int width, int page_lines);

/* CUPS destinations. names is a NULL-terminated array; *default_name may be NULL.
 * Free with print_free_printers(). Without a scheduler: an empty list, WG_OK. */
enum wg_status print_printers(char ***names, char **default_name);
void print_free_printers(char **names, char *default_name);
/* Submit a file; printer NULL means the default destination. *job gets the job id. */
enum wg_status print_submit(const char *printer, const char *path, const char *title, int *job);

#endif
