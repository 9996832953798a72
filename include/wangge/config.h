/* The configuration: special-population categories, visit kinds and outcomes, incident
 * types and deadlines, UI settings, key bindings. config/wangge.yaml is compiled in as the
 * default, so the program runs with no config file. */
#ifndef WANGGE_CONFIG_H
#define WANGGE_CONFIG_H

#include "wangge/common.h"

struct wg_category {
	char *code;            /* elderly_alone */
	char *name;            /* 独居/空巢老人 */
	int interval_days;     /* follow-up every N days */
	bool restricted;       /* sensitive: shown as 重点关注 outside the responsible grid */
	char **checklist;      /* items asked on a visit */
	size_t n_checklist;
};

/* A code with its Chinese name: visit kinds, outcomes, levels, ratings. */
struct wg_named {
	char *code;
	char *name;
};

struct wg_incident_type {
	char *code;            /* dispute */
	char *name;            /* 矛盾纠纷 */
	int deadline_days;
};

/* What one row of a register (台帐) is. */
enum wg_register_rows {
	REG_RESIDENTS,   /* one row per resident (with category: one per resident and tag) */
	REG_HOUSEHOLDS,
	REG_VISITS,
	REG_INCIDENTS,
};

struct wg_register_column {
	char *field;           /* a field of the row kind: name, id_number, address, ... */
	char *header;          /* Chinese header: 姓名 */
};

/* A register exported by `wangge export CODE`: rows of one kind, columns in order. */
struct wg_register {
	char *code;            /* special */
	char *name;            /* 特殊人群台帐 */
	enum wg_register_rows rows;
	char *category;        /* residents: NULL every resident; a category code: residents
	                        * of it; "each": one row per tag, one sheet per category */
	char *incident_type;   /* incidents: NULL all types, else a type code */
	char *visit_kind;      /* visits: NULL all kinds, else a kind code */
	struct wg_register_column *columns;
	size_t n_columns;
};

struct wg_keybinding {
	char *action;          /* action name from the screen's action table */
	char *key;             /* "/", "^L", "F5", "Enter", ... */
};

struct wg_config {
	char *source;          /* file it came from, or "built-in" */
	char *language;        /* "zh" or "en" */
	int idle_lock_seconds; /* idle_lock_minutes * 60, or idle_lock_seconds */
	int urgent_deadline_percent; /* urgent incidents get this share of the deadline */
	char *neutral_mark;    /* shown instead of a restricted category: 重点关注 */
	struct wg_category *categories;
	size_t n_categories;
	struct wg_named *visit_kinds;   /* routine 走访, followup 回访, ... */
	size_t n_visit_kinds;
	struct wg_named *outcomes;      /* met 见到本人, not_home 无人, refused, moved_out */
	size_t n_outcomes;
	struct wg_incident_type *incident_types;
	size_t n_incident_types;
	struct wg_named *levels;        /* grid 网格, community 社区, street 街道, district 区职能部门 */
	size_t n_levels;
	struct wg_named *ratings;       /* satisfied 满意, basically 基本满意, unsatisfied 不满意 */
	size_t n_ratings;
	struct wg_register *registers;  /* 台帐 for `wangge export` */
	size_t n_registers;
	struct wg_keybinding *keys;
	size_t n_keys;
};

/* Load: explicit path if given (error if missing), else $XDG_CONFIG_HOME/wangge/config.yaml,
 * else /etc/wangge/config.yaml, else the built-in text. Errors name file:line:column.
 * *out is freed with config_free(). */
enum wg_status config_load(const char *path, struct wg_config **out);
/* Parse configuration text (the built-in one, or a test's). */
enum wg_status config_parse(const char *name, const char *text, size_t len,
	struct wg_config **out);
void config_free(struct wg_config *cfg);

/* Look-ups by code; the named ones also accept the Chinese name. NULL when unknown. */
const struct wg_category *config_category(const struct wg_config *cfg, const char *code);
const struct wg_named *config_visit_kind(const struct wg_config *cfg, const char *code_or_name);
const struct wg_named *config_outcome(const struct wg_config *cfg, const char *code_or_name);
const struct wg_incident_type *config_incident_type(const struct wg_config *cfg,
	const char *code_or_name);
const struct wg_named *config_named(const struct wg_named *list, size_t n,
	const char *code_or_name);
/* Register by code or Chinese name; NULL when unknown. */
const struct wg_register *config_register(const struct wg_config *cfg,
	const char *code_or_name);
/* "residents", "households", "visits", "incidents". */
const char *config_register_rows_name(enum wg_register_rows rows);
/* The fields a column of that row kind may show, in a fixed order; *n gets the count.
 * Static storage. */
const char *const *config_register_fields(enum wg_register_rows rows, size_t *n);

/* "elderly_alone, left_behind_child, ..." for error messages; caller frees. */
char *config_category_codes(const struct wg_config *cfg);
/* The category code nearest to a mistyped one ("did you mean"), or NULL; a typed
 * Chinese name suggests its code. Points into cfg. */
const char *config_category_suggest(const struct wg_config *cfg, const char *word);

/* The built-in configuration text (generated from config/wangge.yaml). */
extern const char wg_builtin_config[];
extern const size_t wg_builtin_config_len;

#endif
