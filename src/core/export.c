/* Registers (台帐) and the table writer behind them: CSV (UTF-8 with a BOM, RFC 4180) and
 * XLSX (libxlsxwriter: fitted column widths, frozen header). Rows are gathered first,
 * one buffer per sheet, then written; nothing appears under the file's name until the
 * whole file is on disk (atomic_file.h). */
#include "wangge/common.h"
#include "wangge/export.h"
#include "wangge/access.h"
#include "wangge/address.h"
#include "wangge/atomic_file.h"
#include "wangge/audit.h"
#include "wangge/config.h"
#include "wangge/mask.h"
#include "wangge/store.h"
#include "wangge/textwidth.h"

#include <strings.h>
#include <xlsxwriter.h>

#define MAX_COL_WIDTH 60
#define SHEET_NAME_MAX 31

bool export_format_parse(const char *word, enum wg_export_format *out)
{
	if (word && STREQ(word, "csv"))
		*out = EXPORT_CSV;
	else if (word && STREQ(word, "xlsx"))
		*out = EXPORT_XLSX;
	else
		return false;
	return true;
}

/* ---- the table writer ---- */

struct wg_table {
	enum wg_export_format format;
	struct atomic_file af;
	bool atomic;             /* writing to af (else CSV to a caller's FILE) */
	FILE *fp;                /* CSV */
	bool header_done;        /* CSV: one header for the whole file */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_row_t row;
	int *widths;             /* this sheet's widest cell per column, in columns */
	size_t n_widths;
	char **names;            /* sheet names used so far */
	size_t n_names;
};

void csv_field(FILE *fp, const char *s)
{
	if (!s)
		s = "";
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

enum wg_status table_open(enum wg_export_format format, const char *path, FILE *fp,
	struct wg_table **out)
{
	struct wg_table *t = xcalloc(1, sizeof(*t));
	enum wg_status rc;

	*out = NULL;
	t->format = format;
	if (path) {
		rc = atomic_open(&t->af, path);
		if (rc != WG_OK) {
			free(t);
			return rc;
		}
		t->atomic = true;
		fp = t->af.fp;
	}
	if (format == EXPORT_XLSX) {
		if (!t->atomic) {
			free(t);
			return wg_error_set(WG_USAGE, _("an XLSX file needs --out FILE"));
		}
		/* libxlsxwriter writes the temp file by name when it closes the workbook;
		 * atomic_commit then syncs and renames it. */
		/* Constant memory: rows go to disk as they are written (a street's population is
		 * 80,000 rows), and text is stored inline in each sheet's XML. */
		lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL,
			.use_zip64 = LXW_FALSE };

		t->wb = workbook_new_opt(t->af.tmp, &opt);
		if (!t->wb) {
			atomic_abort(&t->af);
			free(t);
			return wg_error_set(WG_IO, _("cannot start the workbook %s"), path);
		}
		t->bold = workbook_add_format(t->wb);
		format_set_bold(t->bold);
	} else {
		t->fp = fp;
		fputs("\xef\xbb\xbf", fp);   /* the BOM: Excel then reads UTF-8 */
	}
	*out = t;
	return WG_OK;
}

static void fit_columns(struct wg_table *t)
{
	size_t i;

	if (!t->ws)
		return;
	for (i = 0; i < t->n_widths; i++)
		worksheet_set_column(t->ws, (lxw_col_t)i, (lxw_col_t)i,
			MIN(t->widths[i] + 2, MAX_COL_WIDTH), NULL);
	t->n_widths = 0;
}

/* Excel's rules: at most 31 characters, none of []:*?/\', unique ignoring case. */
static char *sheet_name(struct wg_table *t, const char *title)
{
	struct strbuf sb;
	const char *p;
	char *base, *name;
	uint32_t cp;
	size_t len, i;
	int chars = 0, n;

	sb_init(&sb);
	for (p = title && *title ? title : "Sheet"; *p && chars < SHEET_NAME_MAX - 4;
			p += len, chars++) {
		len = tw_decode(p, strlen(p), &cp);
		if (len == 1 && (*p == '/' || *p == '\\'))
			sb_add(&sb, "、");      /* 独居/空巢老人 -> 独居、空巢老人 */
		else if (len == 1 && (strchr("[]:*?'", *p) || cp < 0x20))
			sb_addc(&sb, '_');
		else
			sb_addn(&sb, p, len);
	}
	base = sb_detach(&sb);
	name = xstrdup(base);
	for (n = 2;; n++) {
		for (i = 0; i < t->n_names; i++)
			if (strcasecmp(t->names[i], name) == 0)
				break;
		if (i == t->n_names)
			break;
		free(name);
		name = xasprintf("%s(%d)", base, n);
	}
	free(base);
	t->names = xrealloc(t->names, (t->n_names + 1) * sizeof(*t->names));
	t->names[t->n_names++] = xstrdup(name);
	return name;
}

void table_sheet(struct wg_table *t, const char *title)
{
	char *name;

	if (t->format != EXPORT_XLSX)
		return;
	fit_columns(t);
	name = sheet_name(t, title);
	t->ws = workbook_add_worksheet(t->wb, name);
	free(name);
	t->row = 0;
}

/* Counts and days are numbers to a spreadsheet; anything that might be an identifier
 * (leading zero, long digit runs such as ID or phone numbers) stays text. */
static bool plain_number(const char *s)
{
	size_t i;

	if (!s[0] || (s[0] == '0' && s[1]) || strlen(s) > 9)
		return false;
	for (i = 0; s[i]; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static void xlsx_row(struct wg_table *t, const char *const *cells, size_t n, lxw_format *f)
{
	size_t i;

	if (!t->ws)
		table_sheet(t, NULL);
	if (n > t->n_widths) {
		t->widths = xrealloc(t->widths, n * sizeof(*t->widths));
		for (i = t->n_widths; i < n; i++)
			t->widths[i] = 0;
		t->n_widths = n;
	}
	for (i = 0; i < n; i++) {
		if (!cells[i] || !*cells[i])
			continue;
		if (!f && plain_number(cells[i]))
			worksheet_write_number(t->ws, t->row, (lxw_col_t)i, strtod(cells[i], NULL),
				NULL);
		else
			worksheet_write_string(t->ws, t->row, (lxw_col_t)i, cells[i], f);
		t->widths[i] = MAX(t->widths[i], tw_width(cells[i]));
	}
	t->row++;
}

static void csv_row(struct wg_table *t, const char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', t->fp);
		csv_field(t->fp, cells[i]);
	}
	fputs("\r\n", t->fp);
}

void table_header(struct wg_table *t, const char *const *cells, size_t n)
{
	if (t->format == EXPORT_XLSX) {
		xlsx_row(t, cells, n, t->bold);
		worksheet_freeze_panes(t->ws, 1, 0);
	} else if (!t->header_done) {
		csv_row(t, cells, n);
		t->header_done = true;
	}
}

void table_row(struct wg_table *t, const char *const *cells, size_t n)
{
	if (t->format == EXPORT_XLSX)
		xlsx_row(t, cells, n, NULL);
	else
		csv_row(t, cells, n);
}

static void table_free(struct wg_table *t)
{
	size_t i;

	for (i = 0; i < t->n_names; i++)
		free(t->names[i]);
	free(t->names);
	free(t->widths);
	free(t);
}

enum wg_status table_close(struct wg_table *t)
{
	enum wg_status rc = WG_OK;
	lxw_error err;

	if (t->format == EXPORT_XLSX) {
		if (!t->ws)
			table_sheet(t, NULL);
		fit_columns(t);
		err = workbook_close(t->wb);
		if (err != LXW_NO_ERROR) {
			atomic_abort(&t->af);
			rc = wg_error_set(WG_IO, _("cannot write the workbook %s: %s"), t->af.path,
				lxw_strerror(err));
			table_free(t);
			return rc;
		}
	} else if (!t->atomic) {
		if (fflush(t->fp) != 0 || ferror(t->fp))
			rc = wg_error_set(WG_IO, _("cannot write the output: %s"), strerror(errno));
	}
	if (t->atomic)
		rc = atomic_commit(&t->af);
	table_free(t);
	return rc;
}

void table_abort(struct wg_table *t)
{
	if (t->wb) {
		/* Closing writes the temp file, which the abort then removes. */
		workbook_close(t->wb);
	}
	if (t->atomic)
		atomic_abort(&t->af);
	table_free(t);
}

/* ---- registers ---- */

/* Every query starts with the place of the row, so address and door are built alike. */
enum { C_GRID_CODE, C_COMMUNITY, C_GRID, C_COMPOUND, C_BUILDING, C_BUILDING_CODE, C_UNIT,
	C_ROOM, C_FIRST };

/* Residents: one row per resident, or per resident and tag. */
enum { R_TENURE = C_FIRST, R_NAME, R_SEX, R_BIRTH, R_ID, R_PHONE, R_RELATION, R_REGISTERED,
	R_CATEGORIES, R_CATEGORY, R_SINCE, R_LAST_MET, R_NEXT_DUE };
/* Households. */
enum { H_TENURE = C_FIRST, H_PHONE, H_NOTE, H_HEAD, H_RESIDENTS, H_REGISTERED,
	H_CATEGORIES, H_LAST_VISIT, H_LAST_MET };
/* Visits. */
enum { V_AT = C_FIRST, V_HEAD, V_WORKER, V_KIND, V_OUTCOME, V_MET, V_NOTE };
/* Incidents. */
enum { I_SEQ = C_FIRST, I_TYPE, I_URGENT, I_LEVEL, I_STATUS, I_PLACE, I_TEXT,
	I_REPORTED_BY, I_REPORTED_AT, I_HANDLER, I_DEADLINE, I_RESOLVED_AT, I_CLOSED_AT,
	I_RATING, I_SUPERVISED, I_DAYS };

#define EXPORT_SCOPE \
	"WITH sg(code) AS (SELECT code FROM grid WHERE ?1 = 0" \
	"  OR (?1 = 1 AND community_code = ?2) OR (?1 = 2 AND code = ?2)" \
	"  OR (?1 = 3 AND code IN (SELECT grid_code FROM grid_worker WHERE worker_id = ?2)))"
#define PLACE_COLUMNS "g.code, c.name, g.name, b.compound, b.name, b.code, h.unit, h.room"
#define PLACE_JOINS \
	" JOIN building b ON b.id = h.building_id JOIN grid g ON g.code = b.grid_code" \
	" JOIN community c ON c.code = g.community_code"
#define ACTIVE_RESIDENT "r.departed_at IS NULL AND r.moved_out_at IS NULL"
#define HEAD_OF(h) \
	"(SELECT name FROM resident WHERE household_id = " h " AND departed_at IS NULL" \
	" AND moved_out_at IS NULL ORDER BY relation = '户主' DESC, position LIMIT 1)"

/* ?7: category filter (NULL: none); ?8: kind or type filter. The cat CTE orders the
 * categories as the configuration does and gives their interval. */
static char *register_sql(const struct wg_config *cfg, const struct wg_register *reg,
	bool tags)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	sb_add(&sb, EXPORT_SCOPE ", cat(code, ord, days) AS (VALUES ('', 0, 0)");
	for (i = 0; i < cfg->n_categories; i++)
		sb_addf(&sb, ", (?%zu, %zu, ?%zu)", 9 + 2 * i, i + 1, 10 + 2 * i);
	sb_add(&sb, ") ");
	switch (reg->rows) {
	case REG_RESIDENTS:
		sb_add(&sb, "SELECT " PLACE_COLUMNS ", h.tenure, r.name, r.sex, r.birth,"
			" r.id_number, r.phone, r.relation, r.registered,"
			" (SELECT group_concat(category) FROM (SELECT t2.category FROM resident_tag t2"
			"  JOIN cat c2 ON c2.code = t2.category WHERE t2.resident_id = r.id"
			"  AND t2.removed_at IS NULL ORDER BY c2.ord)),");
		if (tags)
			sb_add(&sb, " t.category, substr(t.since, 1, 10),"
				" (SELECT max(m.day) FROM resident_met m WHERE m.resident_id = r.id"
				"  AND m.day >= substr(t.since, 1, 10)), NULL"
				" FROM resident r JOIN household h ON h.id = r.household_id" PLACE_JOINS
				" JOIN resident_tag t ON t.resident_id = r.id AND t.removed_at IS NULL"
				" JOIN cat ON cat.code = t.category"
				" WHERE (?7 IS NULL OR t.category = ?7) AND ");
		else
			sb_add(&sb, " NULL, NULL, NULL, NULL"
				" FROM resident r JOIN household h ON h.id = r.household_id" PLACE_JOINS
				" WHERE ");
		sb_add(&sb, "g.code IN (SELECT code FROM sg) AND h.departed_at IS NULL AND "
			ACTIVE_RESIDENT " ORDER BY ");
		if (tags)
			sb_add(&sb, "cat.ord, ");
		sb_add(&sb, "c.code, g.code, b.walk_key, h.walk_key, r.position, r.id");
		break;
	case REG_HOUSEHOLDS:
		sb_add(&sb, "SELECT " PLACE_COLUMNS ", h.tenure, h.phone, h.note, " HEAD_OF("h.id") ","
			" (SELECT count(*) FROM resident r WHERE r.household_id = h.id AND "
			ACTIVE_RESIDENT "),"
			" (SELECT count(*) FROM resident r WHERE r.household_id = h.id AND "
			ACTIVE_RESIDENT " AND r.registered <> 0),"
			" (SELECT group_concat(category) FROM (SELECT DISTINCT t.category FROM"
			"  resident_tag t JOIN resident r ON r.id = t.resident_id JOIN cat"
			"  ON cat.code = t.category WHERE r.household_id = h.id AND t.removed_at IS NULL"
			"  AND " ACTIVE_RESIDENT " ORDER BY cat.ord)),"
			" (SELECT max(at) FROM visit WHERE household_id = h.id),"
			" (SELECT max(at) FROM visit WHERE household_id = h.id AND outcome = 'met')"
			" FROM household h" PLACE_JOINS
			" WHERE g.code IN (SELECT code FROM sg) AND h.departed_at IS NULL"
			" ORDER BY c.code, g.code, b.walk_key, h.walk_key");
		break;
	case REG_VISITS:
		sb_add(&sb, "SELECT " PLACE_COLUMNS ", v.at, " HEAD_OF("h.id") ","
			" coalesce(w.name, v.worker_id), v.kind, v.outcome,"
			" (SELECT group_concat(r.name, '、') FROM visit_resident vr JOIN resident r"
			"  ON r.id = vr.resident_id WHERE vr.visit_id = v.id), v.note"
			" FROM visit v JOIN household h ON h.id = v.household_id" PLACE_JOINS
			" LEFT JOIN worker w ON w.id = v.worker_id"
			" WHERE g.code IN (SELECT code FROM sg) AND v.at >= ?3 AND v.at < ?4"
			" AND (?8 IS NULL OR v.kind = ?8)"
			" ORDER BY v.at, c.code, g.code, b.walk_key, h.walk_key");
		break;
	default:
		sb_add(&sb, "SELECT i.grid_code, c.name, g.name, b.compound, b.name, b.code,"
			" h.unit, h.room, i.seq, i.type, i.urgent, i.level, i.status, i.place, i.text,"
			" rw.name, i.reported_at, hw.name, i.deadline, i.resolved_at, i.closed_at,"
			" i.rating, i.supervised,"
			" CAST(julianday(substr(i.resolved_at, 1, 10))"
			"  - julianday(substr(i.reported_at, 1, 10)) AS INTEGER)"
			" FROM incident i LEFT JOIN grid g ON g.code = i.grid_code"
			" LEFT JOIN community c ON c.code = g.community_code"
			" LEFT JOIN household h ON h.id = i.household_id"
			" LEFT JOIN building b ON b.id = h.building_id"
			" LEFT JOIN worker rw ON rw.id = i.reported_by"
			" LEFT JOIN worker hw ON hw.id = i.handler_id"
			" WHERE (?1 = 0 OR i.grid_code IN (SELECT code FROM sg))"
			" AND i.reported_at >= ?3 AND i.reported_at < ?4"
			" AND (?8 IS NULL OR i.type = ?8) ORDER BY i.seq");
	}
	return sb_detach(&sb);
}

/* Per-grid answer of access_sees_restricted, asked once per grid. */
struct sees_cache {
	struct wg_db *db;
	const struct wg_actor *actor;
	char **grids;
	bool *sees;
	size_t n;
};

static bool cache_sees(struct sees_cache *c, const char *grid)
{
	size_t i;

	if (!grid)
		return false;
	for (i = 0; i < c->n; i++)
		if (STREQ(c->grids[i], grid))
			return c->sees[i];
	c->grids = xrealloc(c->grids, (c->n + 1) * sizeof(*c->grids));
	c->sees = xrealloc(c->sees, (c->n + 1) * sizeof(*c->sees));
	c->grids[c->n] = xstrdup(grid);
	c->sees[c->n] = access_sees_restricted(c->db, c->actor, grid);
	return c->sees[c->n++];
}

static void cache_free(struct sees_cache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->grids[i]);
	free(c->grids);
	free(c->sees);
}

/* The name to show for a category in this row: its name, or the neutral mark. */
static const char *category_shown(const struct wg_config *cfg, const char *code, bool sees)
{
	const struct wg_category *cat = config_category(cfg, code);

	if (!cat)
		return code;
	return cat->restricted && !sees ? cfg->neutral_mark : cat->name;
}

/* "独居/空巢老人、重点关注" from "elderly_alone,drug_user"; the neutral mark once. */
static char *categories_shown(const struct wg_config *cfg, const char *codes, bool sees)
{
	struct strbuf sb;
	bool marked = false;
	char *copy, *tok, *save = NULL;
	const char *shown;

	sb_init(&sb);
	if (!codes)
		return sb_detach(&sb);
	copy = xstrdup(codes);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		shown = category_shown(cfg, tok, sees);
		if (shown == cfg->neutral_mark) {
			if (marked)
				continue;
			marked = true;
		}
		sb_addf(&sb, "%s%s", sb.len ? "、" : "", shown);
	}
	free(copy);
	return sb_detach(&sb);
}

static const char *named(const struct wg_named *list, size_t n, const char *code)
{
	const struct wg_named *nm = config_named(list, n, code);

	return nm ? nm->name : code;
}

static char *age_of(const char *birth, const char *today)
{
	int by, bm, bd, ty, tm, td, age;

	if (!birth || !wg_date_parse(birth, &by, &bm, &bd) || !wg_date_parse(today, &ty, &tm, &td))
		return NULL;
	age = ty - by - ((tm < bm || (tm == bm && td < bd)) ? 1 : 0);
	return age >= 0 ? xasprintf("%d", age) : NULL;
}

static const char *tenure_name(const char *tenure)
{
	if (!tenure)
		return NULL;
	if (STREQ(tenure, "rented"))
		return _("rented");
	if (STREQ(tenure, "vacant"))
		return _("vacant");
	return _("owner-occupied");
}

static const char *status_name(const char *status)
{
	if (!status)
		return NULL;
	return STREQ(status, "reported") ? _("reported") :
		STREQ(status, "accepted") ? _("accepted") :
		STREQ(status, "in_progress") ? _("in progress") :
		STREQ(status, "resolved") ? _("resolved") :
		STREQ(status, "closed") ? _("closed") : status;
}

/* The value of one field in the current row; caller frees (NULL: empty cell). */
static char *field_value(const struct wg_config *cfg, enum wg_register_rows rows,
	const char *field, struct db_stmt *st, bool sees, const char *today)
{
	const char *t;

#define COL(i) db_text(st, (i))
#define DUP(s) ((t = (s)) ? xstrdup(t) : NULL)
	if (STREQ(field, "community"))
		return DUP(COL(C_COMMUNITY));
	if (STREQ(field, "grid"))
		return DUP(COL(C_GRID));
	if (STREQ(field, "address")) {
		if (!COL(C_ROOM))
			return rows == REG_INCIDENTS ? DUP(COL(I_PLACE)) : NULL;
		return address_format(COL(C_COMPOUND), COL(C_BUILDING), COL(C_UNIT), COL(C_ROOM));
	}
	if (STREQ(field, "door"))
		return COL(C_ROOM) ? address_door(COL(C_BUILDING_CODE), COL(C_UNIT), COL(C_ROOM)) :
			NULL;
	switch (rows) {
	case REG_RESIDENTS:
		if (STREQ(field, "name")) return DUP(COL(R_NAME));
		if (STREQ(field, "sex")) return DUP(COL(R_SEX));
		if (STREQ(field, "birth")) return DUP(COL(R_BIRTH));
		if (STREQ(field, "age")) return age_of(COL(R_BIRTH), today);
		if (STREQ(field, "id_number"))
			return COL(R_ID) ? mask_id_number(COL(R_ID)) : NULL;
		if (STREQ(field, "phone")) return COL(R_PHONE) ? mask_phone(COL(R_PHONE)) : NULL;
		if (STREQ(field, "relation")) return DUP(COL(R_RELATION));
		if (STREQ(field, "registered"))
			return xstrdup(db_int(st, R_REGISTERED) ? _("registered") :
				_("not registered"));
		if (STREQ(field, "tenure")) return DUP(tenure_name(COL(C_FIRST + 0)));
		if (STREQ(field, "categories"))
			return categories_shown(cfg, COL(R_CATEGORIES), sees);
		if (STREQ(field, "category"))
			return COL(R_CATEGORY) ? xstrdup(category_shown(cfg, COL(R_CATEGORY), sees)) :
				NULL;
		if (STREQ(field, "since")) return DUP(COL(R_SINCE));
		if (STREQ(field, "last_met")) return DUP(COL(R_LAST_MET));
		if (STREQ(field, "next_due")) {
			/* interval_days after the last meeting, or after since if never met */
			const struct wg_category *cat = config_category(cfg, COL(R_CATEGORY));
			const char *from = COL(R_LAST_MET) ? COL(R_LAST_MET) : COL(R_SINCE);
			char due[11];

			/* Under the neutral mark the next date would name the category by its
			 * interval, so it stays empty for those who may not see it. */
			if (!cat || !from || wg_date_days(from) == INT32_MIN || (cat->restricted && !sees))
				return NULL;
			wg_date_from_days(wg_date_days(from) + cat->interval_days, due);
			return xstrdup(due);
		}
		break;
	case REG_HOUSEHOLDS:
		if (STREQ(field, "head")) return DUP(COL(H_HEAD));
		if (STREQ(field, "phone")) return COL(H_PHONE) ? mask_phone(COL(H_PHONE)) : NULL;
		if (STREQ(field, "tenure")) return DUP(tenure_name(COL(H_TENURE)));
		if (STREQ(field, "residents")) return DUP(COL(H_RESIDENTS));
		if (STREQ(field, "registered")) return DUP(COL(H_REGISTERED));
		if (STREQ(field, "categories"))
			return categories_shown(cfg, COL(H_CATEGORIES), sees);
		if (STREQ(field, "last_visit")) return DUP(COL(H_LAST_VISIT));
		if (STREQ(field, "last_met")) return DUP(COL(H_LAST_MET));
		if (STREQ(field, "note")) return DUP(COL(H_NOTE));
		break;
	case REG_VISITS:
		if (STREQ(field, "date"))
			return COL(V_AT) ? xstrndup(COL(V_AT), 10) : NULL;
		if (STREQ(field, "time"))
			return COL(V_AT) && strlen(COL(V_AT)) > 11 ? xstrndup(COL(V_AT) + 11, 5) : NULL;
		if (STREQ(field, "head")) return DUP(COL(V_HEAD));
		if (STREQ(field, "worker")) return DUP(COL(V_WORKER));
		if (STREQ(field, "kind"))
			return DUP(named(cfg->visit_kinds, cfg->n_visit_kinds, COL(V_KIND)));
		if (STREQ(field, "outcome"))
			return DUP(named(cfg->outcomes, cfg->n_outcomes, COL(V_OUTCOME)));
		if (STREQ(field, "met")) return DUP(COL(V_MET));
		if (STREQ(field, "note")) return DUP(COL(V_NOTE));
		break;
	default:
		if (STREQ(field, "seq")) return DUP(COL(I_SEQ));
		if (STREQ(field, "type")) {
			const struct wg_incident_type *it = config_incident_type(cfg, COL(I_TYPE));

			return DUP(it ? it->name : COL(I_TYPE));
		}
		if (STREQ(field, "urgent"))
			return xstrdup(db_int(st, I_URGENT) ? _("urgent") : _("normal"));
		if (STREQ(field, "level"))
			return DUP(named(cfg->levels, cfg->n_levels, COL(I_LEVEL)));
		if (STREQ(field, "status")) return DUP(status_name(COL(I_STATUS)));
		if (STREQ(field, "place")) return DUP(COL(I_PLACE));
		if (STREQ(field, "text")) return DUP(COL(I_TEXT));
		if (STREQ(field, "reported_by")) return DUP(COL(I_REPORTED_BY));
		if (STREQ(field, "reported_at"))
			return COL(I_REPORTED_AT) ? xstrndup(COL(I_REPORTED_AT), 16) : NULL;
		if (STREQ(field, "handler")) return DUP(COL(I_HANDLER));
		if (STREQ(field, "deadline")) return DUP(COL(I_DEADLINE));
		if (STREQ(field, "resolved_at"))
			return COL(I_RESOLVED_AT) ? xstrndup(COL(I_RESOLVED_AT), 16) : NULL;
		if (STREQ(field, "closed_at"))
			return COL(I_CLOSED_AT) ? xstrndup(COL(I_CLOSED_AT), 16) : NULL;
		if (STREQ(field, "days_to_resolve")) return DUP(COL(I_DAYS));
		if (STREQ(field, "overdue")) {
			const char *st_ = COL(I_STATUS), *dl = COL(I_DEADLINE), *res = COL(I_RESOLVED_AT);
			bool late;

			if (!dl)
				return NULL;
			if (st_ && (STREQ(st_, "resolved") || STREQ(st_, "closed")) && res)
				late = strncmp(res, dl, 10) > 0;
			else
				late = strcmp(dl, today) < 0;
			return xstrdup(late ? _("yes") : _("no"));
		}
		if (STREQ(field, "rating"))
			return DUP(named(cfg->ratings, cfg->n_ratings, COL(I_RATING)));
		if (STREQ(field, "supervised"))
			return xstrdup(db_int(st, I_SUPERVISED) ? _("yes") : _("no"));
	}
#undef COL
#undef DUP
	return NULL;
}

/* Rows gathered per sheet, so that rows masked with the neutral mark go to their own
 * sheet whatever order the query gives them in. */
struct sheet {
	char *title;
	char **cells;          /* rows * n_columns */
	size_t rows, cap;
};

static struct sheet *sheet_get(struct sheet **sheets, size_t *n, const char *title)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (STREQ((*sheets)[i].title, title))
			return &(*sheets)[i];
	*sheets = xrealloc(*sheets, (*n + 1) * sizeof(**sheets));
	memset(&(*sheets)[*n], 0, sizeof(**sheets));
	(*sheets)[*n].title = xstrdup(title);
	return &(*sheets)[(*n)++];
}

static char *scope_text(const struct wg_export_query *q)
{
	static const char *const names[] = { "street", "community", "grid", "worker" };

	return q->code ? xasprintf("%s:%s", names[q->scope], q->code) : xstrdup(names[q->scope]);
}

static enum wg_status check_query(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_export_query *q)
{
	static const char *const sql[] = { NULL,
		"SELECT count(*) FROM community WHERE code = ?",
		"SELECT count(*) FROM grid WHERE code = ?",
		"SELECT count(*) FROM worker WHERE id = ?" };
	const struct wg_register *reg = q->reg;

	if (q->from && !wg_date_valid(q->from))
		return wg_error_set(WG_USAGE, _("--from '%s' is not a date; write YYYY-MM-DD"),
			q->from);
	if (q->to && !wg_date_valid(q->to))
		return wg_error_set(WG_USAGE, _("--to '%s' is not a date; write YYYY-MM-DD"), q->to);
	if (q->scope != REPORT_STREET && (!q->code ||
			db_get_int(db, sql[q->scope], q->code, 0) == 0))
		return wg_error_set(WG_NOT_FOUND, _("no %s '%s' in this database; check the code"),
			q->scope == REPORT_COMMUNITY ? _("community") :
			q->scope == REPORT_GRID ? _("grid") : _("worker"), q->code ? q->code : "");
	if (q->category && (reg->rows != REG_RESIDENTS || !reg->category ||
			!STREQ(reg->category, "each")))
		return wg_error_set(WG_USAGE, _("--category is for registers of residents by "
			"category (such as special); %s lists %s"), reg->code,
			config_register_rows_name(reg->rows));
	if (q->category && !config_category(cfg, q->category)) {
		const char *guess = config_category_suggest(cfg, q->category);

		return wg_error_set(WG_USAGE, guess ?
			_("unknown category '%s'; did you mean '%s'?") :
			_("unknown category '%s'; `wangge export --list` shows the registers"),
			q->category, guess);
	}
	if (reg->category && !STREQ(reg->category, "each") && !config_category(cfg, reg->category))
		return wg_error_set(WG_INVALID, _("register %s names the category '%s', which the "
			"configuration does not have; fix the register"), reg->code, reg->category);
	if (reg->incident_type && !config_incident_type(cfg, reg->incident_type))
		return wg_error_set(WG_INVALID, _("register %s names the incident type '%s', which "
			"the configuration does not have; fix the register"), reg->code,
			reg->incident_type);
	return WG_OK;
}

enum wg_status export_register(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct wg_export_query *q, FILE *fp,
	int64_t *rows_out)
{
	const struct wg_register *reg = q->reg;
	struct sees_cache cache = { db, actor, NULL, NULL, 0 };
	struct sheet *sheets = NULL, *sh;
	const char **header = NULL;
	struct wg_table *t = NULL;
	struct db_stmt *st;
	enum wg_status rc;
	char today[11], to_next[11];
	const char *category;
	char *sql, *scope, *detail, **cells;
	int64_t rows = 0;
	size_t i, j, n_sheets = 0;
	bool tags, per_sheet, sees;

	if (rows_out)
		*rows_out = 0;
	rc = check_query(db, cfg, q);
	if (rc != WG_OK)
		return rc;
	wg_today(today);
	if (q->to)
		wg_date_from_days(wg_date_days(q->to) + 1, to_next);
	category = q->category ? q->category :
		(reg->category && !STREQ(reg->category, "each") ? reg->category : NULL);
	tags = reg->rows == REG_RESIDENTS && reg->category;
	/* One sheet per category: rows are gathered per sheet first. Otherwise they go
	 * straight to the file (a street's population is 80,000 rows). */
	per_sheet = tags && STREQ(reg->category, "each");
	header = xcalloc(reg->n_columns, sizeof(*header));
	for (j = 0; j < reg->n_columns; j++)
		header[j] = reg->columns[j].header;
	cells = xcalloc(reg->n_columns, sizeof(*cells));
	if (!per_sheet) {
		rc = table_open(q->format, q->path, fp, &t);
		if (rc != WG_OK)
			goto out;
		table_sheet(t, reg->name);
		table_header(t, header, reg->n_columns);
	}

	sql = register_sql(cfg, reg, tags);
	st = db_prepare(db, sql);
	free(sql);
	db_bind_int(st, 1, (int64_t)q->scope);
	db_bind_text(st, 2, q->code);
	db_bind_text(st, 3, q->from ? q->from : "");
	db_bind_text(st, 4, q->to ? to_next : "9");
	db_bind_text(st, 5, q->to);
	db_bind_text(st, 6, today);
	db_bind_text(st, 7, category);
	db_bind_text(st, 8, reg->rows == REG_VISITS ? reg->visit_kind : reg->incident_type);
	for (i = 0; i < cfg->n_categories; i++) {
		db_bind_text(st, (int)(9 + 2 * i), cfg->categories[i].code);
		db_bind_int(st, (int)(10 + 2 * i), cfg->categories[i].interval_days);
	}
	while (db_row(st)) {
		sees = cache_sees(&cache, db_text(st, C_GRID_CODE));
		/* Picking rows by a restricted category would name it: rows of grids where the
		 * operator may not see it are left out. */
		if (category && !sees && config_category(cfg, category)->restricted)
			continue;
		for (j = 0; j < reg->n_columns; j++)
			cells[j] = field_value(cfg, reg->rows, reg->columns[j].field, st, sees, today);
		rows++;
		if (!per_sheet) {
			table_row(t, (const char *const *)cells, reg->n_columns);
			for (j = 0; j < reg->n_columns; j++)
				free(cells[j]);
			continue;
		}
		sh = sheet_get(&sheets, &n_sheets,
			category_shown(cfg, db_text(st, R_CATEGORY), sees));
		if (sh->rows == sh->cap) {
			sh->cap = sh->cap ? 2 * sh->cap : 64;
			sh->cells = xrealloc(sh->cells, sh->cap * reg->n_columns * sizeof(*sh->cells));
		}
		memcpy(&sh->cells[sh->rows * reg->n_columns], cells,
			reg->n_columns * sizeof(*cells));
		sh->rows++;
	}
	rc = db_finish(st);
	if (rc != WG_OK)
		goto out;
	if (per_sheet) {
		/* The neutral-mark sheet goes last, whatever category it first appeared under. */
		for (i = 0; i + 1 < n_sheets; i++) {
			if (STREQ(sheets[i].title, cfg->neutral_mark)) {
				struct sheet tmp = sheets[i];

				memmove(&sheets[i], &sheets[i + 1],
					(n_sheets - i - 1) * sizeof(*sheets));
				sheets[n_sheets - 1] = tmp;
				break;
			}
		}
		if (n_sheets == 0)
			sheet_get(&sheets, &n_sheets, reg->name);
		rc = table_open(q->format, q->path, fp, &t);
		if (rc != WG_OK)
			goto out;
		for (i = 0; i < n_sheets; i++) {
			table_sheet(t, sheets[i].title);
			table_header(t, header, reg->n_columns);
			for (j = 0; j < sheets[i].rows; j++)
				table_row(t, (const char *const *)&sheets[i].cells[j * reg->n_columns],
					reg->n_columns);
		}
	}
	scope = scope_text(q);
	detail = xasprintf("format=%s rows=%" PRId64 " scope=%s from=%s to=%s%s%s file=%s",
		q->format == EXPORT_XLSX ? "xlsx" : "csv", rows, scope,
		q->from ? q->from : "-", q->to ? q->to : "-",
		category ? " category=" : "", category ? category : "", q->path ? q->path : "-");
	free(scope);
	/* The audit row first: an export that cannot be logged is not written. */
	rc = audit_log(db, actor->worker_id, "export", reg->code, detail);
	free(detail);
	if (rc == WG_OK)
		rc = table_close(t);
	else
		table_abort(t);
	t = NULL;
out:
	if (t)
		table_abort(t);
	for (i = 0; i < n_sheets; i++) {
		for (j = 0; j < sheets[i].rows * reg->n_columns; j++)
			free(sheets[i].cells[j]);
		free(sheets[i].cells);
		free(sheets[i].title);
	}
	free(sheets);
	free(cells);
	free(header);
	cache_free(&cache);
	if (rc == WG_OK && rows_out)
		*rows_out = rows;
	return rc;
}
