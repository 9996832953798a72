/* gengrid: writes realistic grid-definition YAML (format version 1, see wangge(5)) to
 * standard output, for the demo database, the tests and the benchmark.
 *
 *   gengrid [--street qingnianlu] [--seed S]    the 12 real communities of 青年路街道
 *   gengrid --households N [--seed S]           a synthetic street of N households
 *
 * Everything is synthetic: names, phones and ID numbers are made up (ID numbers carry a
 * correct GB 11643 check digit, so they look valid; they belong to nobody).
 *
 * Deterministic: the output depends only on the options. The program has its own PRNG
 * (xoshiro256**, seeded by splitmix64) and never reads the clock, so ages are counted
 * from a fixed reference year.
 *
 * Streaming: nothing is kept per household beyond the one being written, so memory is
 * constant whatever N is. The only table that grows with the data is fixed in size: one
 * counter per birth date and sex, which keeps ID numbers unique without remembering them.
 *
 * A stand-alone tool on purpose: it links nothing of wangge, so the benchmark's data does
 * not depend on the code it measures. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Ages are counted as of 1 January of this year; nobody is born after 2025-12-31. */
#define REF_YEAR 2026
#define MAX_RESIDENTS 8          /* per household */
#define GRID_MAX 800             /* households per grid, DOMAIN.md */
#define GRID_MIN 500
#define N_OTHER_AREAS 16       /* home places of migrants */

/* ---------------------------------------------------------------- PRNG */

static uint64_t rng_s[4];

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		rng_s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(void)
{
	uint64_t result = rotl(rng_s[1] * 5, 7) * 9;
	uint64_t t = rng_s[1] << 17;
	rng_s[2] ^= rng_s[0];
	rng_s[3] ^= rng_s[1];
	rng_s[1] ^= rng_s[2];
	rng_s[0] ^= rng_s[3];
	rng_s[2] ^= t;
	rng_s[3] = rotl(rng_s[3], 45);
	return result;
}

/* Uniform in [0, n). The modulo bias is far below anything this data could show. */
static unsigned rnd(unsigned n)
{
	return (unsigned)(rng_next() % n);
}

/* Uniform in [lo, hi]. */
static int rnd_range(int lo, int hi)
{
	return lo + (int)rnd((unsigned)(hi - lo + 1));
}

/* Uniform in [0, 1). */
static double rnd_unit(void)
{
	return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

static bool chance(double p)
{
	return rnd_unit() < p;
}

/* Poisson with a small mean, by multiplying uniforms (Knuth). */
static int rnd_poisson(double mean)
{
	double limit = exp(-mean), p = 1.0;
	int k = 0;
	do {
		k++;
		p *= rnd_unit();
	} while (p > limit && k < 50);
	return k - 1;
}

/* ---------------------------------------------------------------- output buffer */

static char obuf[1 << 16];
static size_t olen;

static void out_flush(void)
{
	if (olen && fwrite(obuf, 1, olen, stdout) != olen) {
		fprintf(stderr, "gengrid: cannot write standard output: %s\n", strerror(errno));
		exit(1);
	}
	olen = 0;
}

static void out_mem(const char *s, size_t n)
{
	if (olen + n > sizeof obuf)
		out_flush();
	memcpy(obuf + olen, s, n);
	olen += n;
}

static void out(const char *s)
{
	out_mem(s, strlen(s));
}

static void out_uint(uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	char rev[24];
	for (int i = 0; i < n; i++)
		rev[i] = tmp[n - 1 - i];
	out_mem(rev, (size_t)n);
}

/* v in exactly width digits, zero-padded. */
static void out_pad(uint64_t v, int width)
{
	char tmp[24];
	for (int i = width - 1; i >= 0; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out_mem(tmp, (size_t)width);
}

/* ---------------------------------------------------------------- word lists */

struct weighted {
	const char *s;
	int w;
};

/* Surnames with rough frequencies (per 10,000, northern China). A few rare ones and
 * those with special readings (曾 zeng, 单 shan, 解 xie, 仇 qiu, 区 ou, 查 zha, 盖 ge,
 * 朴 piao) and compound surnames keep the search engine honest. */
static const struct weighted surnames[] = {
	{"王", 760}, {"李", 740}, {"张", 700}, {"刘", 560}, {"杨", 330}, {"陈", 300},
	{"赵", 260}, {"马", 200}, {"郭", 170}, {"孙", 160}, {"周", 150}, {"吴", 140},
	{"徐", 130}, {"朱", 120}, {"高", 150}, {"胡", 110}, {"何", 90}, {"黄", 120},
	{"林", 60}, {"罗", 70}, {"郑", 80}, {"梁", 70}, {"谢", 60}, {"宋", 80}, {"唐", 70},
	{"许", 70}, {"韩", 90}, {"冯", 80}, {"邓", 50}, {"曹", 80}, {"彭", 50}, {"曾", 40},
	{"田", 80}, {"董", 90}, {"袁", 60}, {"潘", 40}, {"于", 70}, {"蒋", 40}, {"蔡", 40},
	{"杜", 70}, {"程", 60}, {"苏", 60}, {"魏", 80}, {"吕", 60}, {"丁", 50}, {"任", 70},
	{"姚", 50}, {"卢", 50}, {"姜", 50}, {"崔", 60}, {"范", 50}, {"贾", 60}, {"白", 70},
	{"薛", 60}, {"闫", 60}, {"段", 50}, {"雷", 60}, {"侯", 50}, {"史", 50}, {"党", 40},
	{"惠", 20}, {"屈", 20}, {"寇", 15}, {"呼", 10}, {"拓", 8}, {"秦", 50}, {"贺", 40},
	{"郝", 40}, {"武", 40}, {"毛", 30}, {"孟", 40}, {"尹", 30}, {"牛", 40}, {"樊", 30},
	{"单", 12}, {"解", 10}, {"仇", 8}, {"区", 3}, {"查", 6}, {"盖", 4}, {"朴", 3},
	{"欧阳", 6}, {"司马", 3}, {"尉迟", 2}, {"上官", 3}, {"诸葛", 2},
};

/* Given-name characters by sex and by generation: 建国 and 秀英 were born in the 1950s,
 * 梓轩 and 雨涵 after 2005. */
static const char *const male_old[] = {
	"建", "国", "军", "华", "明", "德", "胜", "荣", "庆", "永", "红", "卫", "利", "忠",
	"保", "安", "宏", "民", "生", "福", "贵", "春", "海", "林", "山", "平", "文", "志",
};
static const char *const male_mid[] = {
	"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏",
	"华", "飞", "波", "宁", "峰", "亮", "新", "振", "俊", "东", "兵", "龙", "海", "健",
};
static const char *const male_young[] = {
	"浩", "宇", "轩", "博", "子", "梓", "睿", "泽", "昊", "晨", "凯", "鑫", "一", "航",
	"铭", "然", "逸", "辰", "俊", "杰", "豪", "天", "嘉", "奕", "煜", "沐", "言", "哲",
};
static const char *const female_old[] = {
	"秀", "英", "桂", "兰", "芳", "珍", "凤", "琴", "玉", "梅", "淑", "华", "云", "翠",
	"香", "莲", "菊", "荣", "素", "霞", "爱", "萍", "红", "春", "月", "敏", "芝", "花",
};
static const char *const female_mid[] = {
	"丽", "娜", "敏", "静", "艳", "娟", "霞", "燕", "玲", "丹", "琳", "婷", "雪", "慧",
	"颖", "倩", "洁", "莉", "晶", "蕾", "红", "梅", "萍", "瑞", "琼", "晓", "芳", "媛",
};
static const char *const female_young[] = {
	"欣", "怡", "悦", "涵", "诺", "雨", "思", "佳", "璐", "梓", "可", "一", "萱", "琪",
	"彤", "妍", "语", "汐", "若", "安", "芮", "玥", "晨", "嘉", "乐", "心", "依", "沫",
};
/* Rare characters people do carry in their names: some outside the BMP (𠮷, 𡒄). */
static const char *const given_rare[] = {
	"𠮷", "堃", "犇", "淼", "喆", "玥", "珺", "燊", "昇", "頔", "𡒄", "彧", "赟", "翀",
};

static const char *const places[] = {
	"莲湖", "青年", "北院门", "洒金桥", "红埠", "早慈", "香米园", "庙后", "西举院",
	"许士庙", "糖坊", "药王洞", "习武园", "西华门", "大麦市", "西仓", "丰登", "桃园",
	"劳动", "枣园", "星火", "大庆", "玉祥门", "北关", "土门", "环西", "丰庆", "西关",
};
static const char *const compound_suffix[] = {
	"小区", "花园", "家园", "公寓", "苑", "新村", "雅居", "东院", "西院", "南区", "北区",
};
static const char *const institutions[] = {
	"省电力公司家属院", "市二建家属院", "西安铁路局家属院", "陕西省建筑设计研究院家属院",
	"市第三医院家属院", "省邮电局家属院", "西北电力设计院家属院", "省纺织厅家属院",
	"西安仪表厂生活区", "市自来水公司家属院", "省机械研究院家属院", "西安电缆厂生活区",
	"市第一棉纺厂家属院", "莲湖区政府家属院", "省农科院家属院",
};
static const char *const roads[] = {
	"青年路", "莲湖路", "西北一路", "西北二路", "北大街", "糖坊街", "药王洞", "习武园",
	"北院门", "西华门", "洒金桥", "红埠街", "早慈巷", "香米园", "庙后街", "大麦市街",
	"许士庙街", "东厅门", "西举院巷", "北关正街", "环城西路", "劳动路", "桃园路",
};
static const char *const notes[] = {
	"老旧楼, 无电梯", "长期外出务工", "门禁需提前联系", "房屋出租", "常年无人居住待核实",
	"老人独居, 子女在外地", "一楼临街商铺后门",
};

/* Mobile prefixes in use in Shaanxi. */
static const char *const mobile_prefix[] = {
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
	"153", "155", "156", "157", "158", "159", "173", "177", "180", "181", "182", "183",
	"186", "187", "188", "189", "191", "198", "199",
};

/* Places of birth in ID numbers. Registered residents are born in 莲湖区 (610104)
 * first; the other Xi'an districts only absorb overflow of one birth date. Migrants come
 * from elsewhere. */
static const char *const xian_areas[] = {
	"610104", "610102", "610103", "610111", "610112", "610113", "610114", "610115",
	"610116", "610117", "610118", "610122", "610124",
};
static const char *const other_areas[N_OTHER_AREAS] = {
	"610402", "610302", "610502", "610602", "610702", "610802", "610902", "611002",
	"410102", "410302", "620102", "640104", "140105", "510107", "500103", "420102",
};

static const char *const cn_digit[] = {
	"", "一", "二", "三", "四", "五", "六", "七", "八", "九",
};

/* Chinese numeral for 1..99 (一, 十, 十二, 二十, 二十三), digits beyond. */
static void cn_number(char *dst, size_t cap, int n)
{
	if (n >= 100 || n < 1)
		snprintf(dst, cap, "%d", n);
	else if (n >= 10)
		snprintf(dst, cap, "%s十%s", n / 10 > 1 ? cn_digit[n / 10] : "", cn_digit[n % 10]);
	else
		snprintf(dst, cap, "%s", cn_digit[n]);
}

static const char *pick(const char *const *list, size_t n)
{
	return list[rnd((unsigned)n)];
}
#define PICK(list) pick(list, ARRAY_SIZE(list))

static int surname_total;

static const char *pick_surname(void)
{
	int r = (int)rnd((unsigned)surname_total);
	for (size_t i = 0; i < ARRAY_SIZE(surnames); i++) {
		if (r < surnames[i].w)
			return surnames[i].s;
		r -= surnames[i].w;
	}
	return surnames[0].s;
}

/* ---------------------------------------------------------------- people */

struct person {
	char name[40];
	char id[19];
	int year, month, day;
	bool male;
	const char *relation;
	char phone[12];
	bool registered;
	const char *tags[3];
	int ntags;
	int age;
};

static void make_given(char *dst, size_t cap, bool male, int age)
{
	size_t len = strlen(dst);
	int n = chance(age >= 55 ? 0.2 : 0.3) ? 1 : 2;
	for (int i = 0; i < n; i++) {
		const char *c;
		if (chance(0.004))
			c = PICK(given_rare);
		else if (age >= 55)
			c = male ? PICK(male_old) : PICK(female_old);
		else if (age >= 22)
			c = male ? PICK(male_mid) : PICK(female_mid);
		else
			c = male ? PICK(male_young) : PICK(female_young);
		size_t cl = strlen(c);
		if (len + cl + 1 > cap)
			break;
		memcpy(dst + len, c, cl + 1);
		len += cl;
	}
}

static void make_name(struct person *p, const char *surname)
{
	snprintf(p->name, sizeof p->name, "%s", surname);
	make_given(p->name, sizeof p->name, p->male, p->age);
}

static void make_mobile(char *dst)
{
	const char *pre = PICK(mobile_prefix);
	memcpy(dst, pre, 3);
	for (int i = 3; i < 11; i++)
		dst[i] = (char)('0' + rnd(10));
	dst[11] = '\0';
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

static void set_birth(struct person *p, int age)
{
	if (age < 0)
		age = 0;
	if (age > 105)
		age = 105;
	p->age = age;
	p->year = REF_YEAR - 1 - age;
	p->month = rnd_range(1, 12);
	p->day = rnd_range(1, days_in_month(p->year, p->month));
}

/* One counter per birth date and sex, for registered (Xi'an) and migrant ID numbers:
 * the k-th person born on a day gets a distinct sequence number, so no two generated
 * residents share an ID number. Sequence numbers 900-999 are left to hand-written files
 * (config/sample/). */
#define FIRST_YEAR 1900
#define DATE_SLOTS ((REF_YEAR - FIRST_YEAR + 1) * 372)
#define SEQ_PER_AREA 450
static uint16_t xian_counter[2][DATE_SLOTS];
static uint16_t other_counter[N_OTHER_AREAS][2][DATE_SLOTS];

static const int id_weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

static char id_check_digit(const char *body17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (body17[i] - '0') * id_weight[i];
	return "10X98765432"[sum % 11];
}

/* The ID number of p, born in 莲湖区 (other Xi'an districts once a birth date has used up
 * 莲湖区's sequence numbers), or for a migrant in home_area (0..N_OTHER_AREAS-1, moving on
 * to the next area likewise). */
static void make_id(struct person *p, int home_area)
{
	int slot = (p->year - FIRST_YEAR) * 372 + (p->month - 1) * 31 + (p->day - 1);
	const char *area;
	unsigned k;
	if (p->registered) {
		k = xian_counter[p->male][slot]++;
		area = xian_areas[(k / SEQ_PER_AREA) % ARRAY_SIZE(xian_areas)];
	} else {
		int a = home_area;
		while (other_counter[a][p->male][slot] >= SEQ_PER_AREA)
			a = (a + 1) % N_OTHER_AREAS;   /* 7,200 people of one sex and birthday */
		k = other_counter[a][p->male][slot]++;
		area = other_areas[a];
	}
	/* a fixed per-day offset and a multiplier coprime to 450 scatter the numbers */
	unsigned hash = (unsigned)slot * 2654435761u;
	unsigned seq = ((k % SEQ_PER_AREA) * 347u + (hash >> 7)) % SEQ_PER_AREA;
	snprintf(p->id, sizeof p->id, "%s%04d%02d%02d%03u", area, p->year, p->month, p->day,
		seq * 2 + (p->male ? 1 : 0));
	p->id[17] = id_check_digit(p->id);
	p->id[18] = '\0';
}

static void add_tag(struct person *p, const char *tag)
{
	if (p->ntags < (int)ARRAY_SIZE(p->tags))
		p->tags[p->ntags++] = tag;
}

/* Build the n residents of one household into hh[0..n-1]. */
static void make_household(struct person *hh, int n, bool migrant_home)
{
	struct person *head = &hh[0];
	const char *surname = pick_surname();
	memset(hh, 0, sizeof *hh * (size_t)n);
	bool grandparents = n >= 2 && chance(0.03);

	head->male = n == 1 ? chance(0.45) : chance(0.7);
	int age;
	if (grandparents)
		age = rnd_range(55, 80);
	else if (n == 1)
		age = chance(0.45) ? rnd_range(60, 92) : rnd_range(20, 59);
	else
		age = rnd_range(24, 78);
	if (migrant_home && age > 55)
		age = rnd_range(20, 50);
	set_birth(head, age);
	head->relation = "户主";
	make_name(head, surname);

	int i = 1;
	int spouse_age = -1;
	if (n >= 2 && (grandparents || chance(0.85))) {
		struct person *s = &hh[i++];
		s->male = !head->male;
		spouse_age = head->age + (head->male ? -rnd_range(-1, 5) : rnd_range(-1, 5));
		if (spouse_age < 20)
			spouse_age = 20;
		set_birth(s, spouse_age);
		s->relation = "配偶";
		make_name(s, pick_surname());
	}
	int mother_age = head->male ? (spouse_age >= 0 ? spouse_age : head->age) : head->age;
	int children = 0, parents = 0;
	int child_age = mother_age - rnd_range(22, 34);
	for (; i < n; i++) {
		struct person *p = &hh[i];
		p->male = chance(0.51);
		if (children > 0)
			child_age -= rnd_range(2, 6);   /* siblings are born years apart */
		if (grandparents) {
			/* grandchildren living with grandparents: 留守儿童 candidates */
			set_birth(p, rnd_range(2, 15));
			p->relation = "其他";
			make_name(p, surname);
		} else if (children < 3 && child_age >= 0) {
			set_birth(p, child_age);
			p->relation = "子女";
			make_name(p, head->male || chance(0.3) ? surname : pick_surname());
			children++;
		} else if (parents < 2 && head->age + 22 <= 95) {
			set_birth(p, head->age + rnd_range(22, 32));
			p->relation = "父母";
			p->male = parents == 0 ? chance(0.5) : !hh[i - 1].male;
			make_name(p, parents == 0 && p->male ? surname : pick_surname());
			parents++;
		} else {
			set_birth(p, rnd_range(18, 60));
			p->relation = "其他";
			make_name(p, pick_surname());
		}
	}

	int home_area = (int)rnd(N_OTHER_AREAS);   /* a migrant family comes from one place */
	bool all_elderly = true, has_carer = false;
	for (i = 0; i < n; i++) {
		if (hh[i].age < 60)
			all_elderly = false;
		if (hh[i].age >= 20 && hh[i].age <= 55)
			has_carer = true;
	}
	for (i = 0; i < n; i++) {
		struct person *p = &hh[i];
		p->registered = !migrant_home;
		make_id(p, home_area);
		if (p->age >= 16 && (p == head || chance(p->age >= 70 ? 0.5 : 0.7)))
			make_mobile(p->phone);

		if (all_elderly && n <= 2 && chance(0.26))
			add_tag(p, "elderly_alone");
		if (p->age < 16 && !has_carer && chance(0.45))
			add_tag(p, "left_behind_child");
		if (!p->registered && p->age >= 16 && chance(0.2))
			add_tag(p, "migrant");
		if (chance(p->age >= 60 ? 0.012 : 0.004))
			add_tag(p, "disabled");
		if (chance(0.006))
			add_tag(p, "low_income");
		if (p->age >= 40 && chance(0.004))
			add_tag(p, "veteran");
		if (p->age >= 18 && p->age <= 70) {
			if (chance(0.0006))
				add_tag(p, "community_correction");
			if (chance(0.0006))
				add_tag(p, "released_prisoner");
			if (chance(0.0004))
				add_tag(p, "drug_user");
		}
		if (p->age >= 16 && chance(0.0009))
			add_tag(p, "mental_disorder");
		if (p->age >= 30 && chance(0.0004))
			add_tag(p, "petitioner");
	}
}

/* ---------------------------------------------------------------- writers */

static unsigned long worker_seq;
static uint64_t total_households, total_residents;

static void write_worker(const char *role)
{
	struct person w;
	memset(&w, 0, sizeof w);
	w.male = chance(0.4);   /* most grid workers are women */
	w.age = rnd_range(24, 55);
	make_name(&w, pick_surname());
	make_mobile(w.phone);
	worker_seq++;
	out("          - {id: W");
	out_pad(worker_seq, worker_seq < 10000 ? 4 : 6);
	out(", name: ");
	out(w.name);
	out(", phone: \"");
	out(w.phone);
	out("\"");
	if (role) {
		out(", role: ");
		out(role);
	}
	out("}\n");
}

static void write_resident(const struct person *p)
{
	out("                  - {name: ");
	out(p->name);
	out(", id_number: \"");
	out_mem(p->id, 18);
	out(p->male ? "\", sex: 男, birth: " : "\", sex: 女, birth: ");
	out_pad((uint64_t)p->year, 4);
	out("-");
	out_pad((uint64_t)p->month, 2);
	out("-");
	out_pad((uint64_t)p->day, 2);
	out(", relation: ");
	out(p->relation);
	if (p->phone[0]) {
		out(", phone: \"");
		out(p->phone);
		out("\"");
	}
	if (!p->registered)
		out(", registered: false");
	if (p->ntags) {
		out(", tags: [");
		for (int i = 0; i < p->ntags; i++) {
			if (i)
				out(", ");
			out(p->tags[i]);
		}
		out("]");
	}
	out("}\n");
}

/* Residents still to place in the current community, and its households left. */
struct quota {
	long households;
	long residents;
};

/* How many live in the next household: 0 for a vacant flat. Keeps the community's totals
 * exact: every household left can still take between 1 and MAX_RESIDENTS. */
static int next_household_size(struct quota *q)
{
	long left = q->households - 1;   /* after this one */
	int n;
	if (q->residents == 0) {
		n = 0;
	} else if (left > 0 && chance(0.03) && q->residents <= MAX_RESIDENTS * left) {
		n = 0;
	} else {
		double expected_occupied = 1.0 + 0.97 * (double)left;
		double mean = (double)q->residents / expected_occupied;
		n = 1 + rnd_poisson(mean > 1.0 ? mean - 1.0 : 0.0);
		long lo = q->residents - MAX_RESIDENTS * left;
		long hi = q->residents - left;
		if (hi > MAX_RESIDENTS)
			hi = MAX_RESIDENTS;
		if (lo < 1)
			lo = 1;
		if (hi < lo)
			hi = lo;
		if (n < lo)
			n = (int)lo;
		if (n > hi)
			n = (int)hi;
	}
	q->households--;
	q->residents -= n;
	return n;
}

static void write_compound_name(char *dst, size_t cap)
{
	if (chance(0.25))
		snprintf(dst, cap, "%s", PICK(institutions));
	else
		snprintf(dst, cap, "%s%s", PICK(places), PICK(compound_suffix));
}

/* One grid of `households` households. */
static void write_grid(const char *community_code, int grid_no, long households,
	bool with_leader, struct quota *q)
{
	char grid_code[32];
	snprintf(grid_code, sizeof grid_code, "%s%02d", community_code, grid_no);
	out("      - code: \"");
	out(grid_code);
	char num[32];
	cn_number(num, sizeof num, grid_no);
	out("\"\n        name: 第");
	out(num);
	out("网格\n        boundary: ");
	const char *r1 = PICK(roads), *r2 = PICK(roads);
	out(r1);
	out(chance(0.5) ? "以南、" : "以北、");
	out(r2 == r1 ? roads[0] : r2);
	out(chance(0.5) ? "以东\n" : "以西\n");
	out("        workers:\n");
	if (with_leader)
		write_worker("leader");
	int nworkers = rnd_range(2, 3);
	for (int i = 0; i < nworkers; i++)
		write_worker(NULL);
	out("        buildings:\n");

	char compound[96] = "";
	int compound_left = 0;
	int building = 0;
	struct person hh[MAX_RESIDENTS];
	while (households > 0) {
		building++;
		if (compound_left-- <= 0) {
			write_compound_name(compound, sizeof compound);
			compound_left = rnd_range(1, 5);
		}
		int units = rnd_range(2, 6), floors = rnd_range(6, 18), rooms = rnd_range(2, 4);
		out("          - code: \"");
		out_uint((uint64_t)building);
		out("\"\n            compound: ");
		out(compound);
		out("\n            households:\n");
		for (int u = 1; u <= units && households > 0; u++) {
			for (int f = 1; f <= floors && households > 0; f++) {
				for (int r = 1; r <= rooms && households > 0; r++) {
					int room = f * 100 + r;
					int n = next_household_size(q);
					bool rented = n > 0 && chance(0.10);
					out("              - id: \"");
					out(grid_code);
					out("-");
					out_uint((uint64_t)building);
					out("-");
					out_uint((uint64_t)u);
					out("-");
					out_uint((uint64_t)room);
					out("\"\n                unit: \"");
					out_uint((uint64_t)u);
					out("\"\n                room: \"");
					out_uint((uint64_t)room);
					out("\"\n");
					if (n > 0 && chance(0.2)) {
						out("                phone: \"029-8");
						out_pad(rnd(10000000), 7);
						out("\"\n");
					}
					if (n == 0)
						out("                tenure: vacant\n");
					else if (rented)
						out("                tenure: rented\n");
					if (chance(0.02)) {
						out("                note: ");
						out(PICK(notes));
						out("\n");
					}
					if (n == 0) {
						out("                residents: []\n");
					} else {
						out("                residents:\n");
						make_household(hh, n, rented && chance(0.7));
						for (int i = 0; i < n; i++)
							write_resident(&hh[i]);
					}
					total_households++;
					total_residents += (uint64_t)n;
					households--;
				}
			}
		}
	}
}

/* Grids per community: about 500-800 households each, split evenly. */
static int grid_count(long households)
{
	long g = (households + GRID_MAX - 1) / GRID_MAX;
	if (g > 1 && households / g < GRID_MIN)
		g = households / GRID_MIN;
	if (g < 1)
		g = 1;
	return (int)g;
}

static void write_community(const char *code, const char *name, long households,
	long residents)
{
	out("  - code: \"");
	out(code);
	out("\"\n    name: ");
	out(name);
	out("\n    grids:\n");
	struct quota q = {households, residents};
	int grids = grid_count(households);
	for (int g = 0; g < grids; g++) {
		long size = households / grids + (g < households % grids ? 1 : 0);
		write_grid(code, g + 1, size, g == 0, &q);
	}
}

static void write_header(const char *street_code, const char *street_name,
	const char *how)
{
	out("# Grid definitions (wangge format version 1), generated by tools/gengrid ");
	out(how);
	out(".\n# Synthetic data: names, phones and ID numbers belong to nobody.\nversion: 1\n");
	out("street: {code: \"");
	out(street_code);
	out("\", name: ");
	out(street_name);
	out(", district: 莲湖区, city: 西安市}\ncommunities:\n");
}

/* 青年路街道, 莲湖区: households and residents per community from its survey. */
static const struct {
	const char *name;
	long households, residents;
} qingnianlu[] = {
	{"青年路第一社区", 2219, 6368}, {"青年路第二社区", 1679, 6788},
	{"青年路第三社区", 3775, 6496}, {"莲湖路第一社区", 2502, 6935},
	{"莲湖路第二社区", 4537, 10182}, {"莲湖路第四社区", 2066, 5993},
	{"糖坊街社区", 2653, 7877}, {"东药王洞社区", 2398, 7194},
	{"西药王洞社区", 3369, 10303}, {"习武园社区", 2749, 7751},
	{"西北一路社区", 2436, 5656}, {"安定社区", 75, 215},
};

static void gen_qingnianlu(const char *how)
{
	write_header("610104001", "青年路街道", how);
	for (size_t i = 0; i < ARRAY_SIZE(qingnianlu); i++) {
		char code[16];
		snprintf(code, sizeof code, "610104001%03zu", i + 1);
		write_community(code, qingnianlu[i].name, qingnianlu[i].households,
			qingnianlu[i].residents);
	}
}

/* A synthetic street of n households: communities of 1,500-4,500 households (bigger
 * when n needs more than 999 of them), about 2.8 residents per household. */
static void gen_scaled(long n, const char *how)
{
	write_header("610104900", "基准测试街道", how);
	long avg = n / 999 + 1 > 3000 ? n / 999 + 1 : 3000;
	long lo = avg / 2, hi = avg + avg / 2;
	int c = 0;
	while (n > 0) {
		long h = rnd_range((int)lo, (int)hi);
		if (n - h < lo)
			h = n;          /* the remainder would make too small a community */
		c++;
		char code[24], name[64], num[32];
		snprintf(code, sizeof code, "610104900%03d", c);
		cn_number(num, sizeof num, (c - 1) / (int)ARRAY_SIZE(places) + 1);
		snprintf(name, sizeof name, c <= (int)ARRAY_SIZE(places) ? "%s社区" : "%s第%s社区",
			places[(c - 1) % (int)ARRAY_SIZE(places)], num);
		long residents = (long)((double)h * (2.3 + rnd_unit()));
		write_community(code, name, h, residents);
		n -= h;
	}
}

static void usage(FILE *f)
{
	fputs("usage: gengrid [--street qingnianlu] [--seed S]\n"
	      "       gengrid --households N [--seed S]\n"
	      "Writes synthetic grid-definition YAML (wangge(5)) to standard output.\n"
	      "  --street qingnianlu  the 12 communities of 青年路街道 with their real household\n"
	      "                       and resident counts (the default)\n"
	      "  --households N       a synthetic street of N households instead\n"
	      "  --seed S             the same seed always writes the same bytes (default 1)\n", f);
}

static bool parse_num(const char *s, unsigned long long *v)
{
	char *end;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return *s && !*end && errno == 0 && s[0] != '-';
}

int main(int argc, char **argv)
{
	unsigned long long seed = 1, households = 0;
	const char *street = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (i + 1 < argc && !strcmp(a, "--street")) {
			street = argv[++i];
			if (strcmp(street, "qingnianlu")) {
				fprintf(stderr, "gengrid: unknown street '%s'; the one known is qingnianlu\n",
					street);
				return 2;
			}
		} else if (i + 1 < argc && !strcmp(a, "--seed")) {
			if (!parse_num(argv[++i], &seed)) {
				fprintf(stderr, "gengrid: --seed wants a whole number, not '%s'\n", argv[i]);
				return 2;
			}
		} else if (i + 1 < argc && !strcmp(a, "--households")) {
			if (!parse_num(argv[++i], &households) || households == 0 ||
			    households > 100000000ULL) {
				fprintf(stderr, "gengrid: --households wants a number from 1 to "
					"100000000, not '%s'\n", argv[i]);
				return 2;
			}
		} else {
			fprintf(stderr, "gengrid: unexpected argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (street && households) {
		fputs("gengrid: give either --street or --households, not both\n", stderr);
		return 2;
	}

	for (size_t i = 0; i < ARRAY_SIZE(surnames); i++)
		surname_total += surnames[i].w;
	rng_seed(seed);
	char how[96];
	if (households) {
		snprintf(how, sizeof how, "--households %llu --seed %llu", households, seed);
		gen_scaled((long)households, how);
	} else {
		snprintf(how, sizeof how, "--street qingnianlu --seed %llu", seed);
		gen_qingnianlu(how);
	}
	out_flush();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gengrid: cannot write standard output: %s\n", strerror(errno));
		return 1;
	}
	fprintf(stderr, "gengrid: %" PRIu64 " households, %" PRIu64 " residents, %lu workers\n",
		total_households, total_residents, worker_seq);
	return 0;
}
