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

/* The sheet as PDF, or as text pages of 80 × 66; *pages: PDF pages (0 for text). */
enum wg_status print_render(const struct cl_sheet *sheet, bool text, FILE *out, int *pages);
/* Write the sheet whole to path (temp file, then rename). *pages: PDF pages (0 for text). */
enum wg_status print_write_file(const struct cl_sheet *sheet, bool text, const char *path,
	int *pages);
/* The folder where printed sheets are kept: "sheets" beside the database, made 0700.
 * Caller frees. */
char *print_sheet_folder(const char *db_path);

struct print_delivery {
	char *path;        /* the kept file */
	int pages, job;
	bool printed;      /* false: kept only; problem says why */
	char *problem;
};
/* Keep the sheet in the sheets folder and send it to printer (NULL: the default). WG_OK
 * once the file is written, whether or not the printer took it (see out->printed).
 * Free out with print_delivery_free(). */
enum wg_status print_deliver(const struct cl_sheet *sheet, const char *db_path,
	const char *printer, bool text, struct print_delivery *out);
void print_delivery_free(struct print_delivery *d);

#endif
