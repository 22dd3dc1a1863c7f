/*
 * Unit tests of report.c, report_fmt.c and report_svg.c: the numbers of
 * the physiotherapist's page, its escaping and its chart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hips.h"
#include "logset.h"
#include "pain.h"
#include "program.h"
#include "report.h"

#define NP	REPORT_NO_PAIN

static int64_t
day(const char *date)
{
	int64_t		 d;
	struct error	 why;

	assert_int_equal(date_parse(date, 10, &d, &why), 0);
	return d;
}

/* A log from text, sorted as cmd_report.c sorts it. */
static void
load(struct logset *ls, const char *text)
{
	memset(ls, 0, sizeof(*ls));
	logset_add_text(ls, "t.log", xstrdup(text), strlen(text), NULL, NULL);
	assert_int_equal(ls->nbad, 0);
	logset_sort(ls);
}

static void
avg7(void **state)
{
	int	 before[6] = { NP, NP, NP, NP, NP, 6 };
	int	 pain[9] = { 2, NP, NP, NP, NP, NP, NP, NP, 10 };
	int	 avg[9];

	(void)state;
	report_avg7(before, pain, 9, avg);
	assert_int_equal(avg[0], 40);	/* (6 + 2) / 2 */
	assert_int_equal(avg[5], 40);	/* the day before: 6 days back */
	assert_int_equal(avg[6], 20);	/* the 6 has left the window */
	assert_int_equal(avg[7], NP);	/* no record in 7 days */
	assert_int_equal(avg[8], 100);
	/* Rounded to the nearest tenth: (1 + 0 + 0) / 3 = 0.33. */
	{
		int	 b[6] = { NP, NP, NP, NP, 1, 0 }, p[1] = { 0 }, a[1];

		report_avg7(b, p, 1, a);
		assert_int_equal(a[0], 3);
	}
}

static void
spark(void **state)
{
	(void)state;
	assert_string_equal(report_spark(NP, true), " ");
	assert_string_equal(report_spark(NP, false), " ");
	assert_string_equal(report_spark(0, true), "\xe2\x96\x81");
	assert_string_equal(report_spark(100, true), "\xe2\x96\x88");
	assert_string_equal(report_spark(0, false), "_");
	assert_string_equal(report_spark(100, false), "#");
	assert_string_equal(report_spark(99, false), "#");
	/* The hold level (4) and stop level (8) fall on different marks. */
	assert_string_not_equal(report_spark(40, false),
	    report_spark(80, false));
	assert_string_equal(report_spark(40, false), "~");
	assert_string_equal(report_spark(80, false), "*");
}

static void
asym(void **state)
{
	(void)state;
	assert_int_equal(report_asym(100, 80), 20);
	assert_int_equal(report_asym(80, 100), 20);
	assert_int_equal(report_asym(0, 0), 0);
	assert_int_equal(report_asym(0, 10), 100);
	assert_int_equal(report_asym(262, 239), 9);
}

static void
escapes(void **state)
{
	struct buf	 b = BUF_INIT;

	(void)state;
	html_escape(&b, "<script>a&b</script> \"q\" 'a' \xc3\xbc");
	assert_string_equal(buf_str(&b), "&lt;script&gt;a&amp;b&lt;/script&gt;"
	    " &quot;q&quot; &#39;a&#39; \xc3\xbc");
	buf_reset(&b);
	html_escape(&b, "a\033[31mb");
	assert_null(strchr(buf_str(&b), '\033'));
	buf_reset(&b);
	md_escape(&b, "*x* _y_ [l](u) <b> `c` | # ! ~ & \\");
	assert_string_equal(buf_str(&b), "\\*x\\* \\_y\\_ \\[l\\](u) \\<b\\> "
	    "\\`c\\` \\| \\# \\! \\~ \\& \\\\");
	buf_free(&b);
}

static const char fixture[] =
    "2026-08-31T18:00:00+02:00 hold bridge until=2026-09-14 # stay\n"
    "2026-09-07T07:30:00+02:00 bridge 2x10 hold=2s pain=1\n"
    "2026-09-07T07:40:00+02:00 clamshell 2x10 side=left\n"
    "2026-09-07T07:45:00+02:00 clamshell 2x8 side=right pain=2\n"
    "2026-09-07T07:50:00+02:00 clamshell 30s side=right\n"
    "2026-09-08T07:30:00+02:00 bridge 2x10 hold=2s # ok\n"
    "2026-09-09T21:00:00+02:00 skip # travel\n"
    "2026-09-10T20:00:00+02:00 pain 8\n"
    "2026-09-11T20:00:00+02:00 pain 1\n"
    "2026-09-12T20:00:00+02:00 pain 0\n"
    "2026-09-13T20:00:00+02:00 pain 0\n"
    "2026-09-14T07:30:00+02:00 bridge 2x10 hold=2s\n"
    "2026-09-15T07:30:00+02:00 bridge 2x10 hold=2s\n"
    "2026-09-20T07:30:00+02:00 skip # planned, after today\n";

static void
build(void **state)
{
	struct program	 p;
	struct logset	 ls;
	struct report	 r;
	size_t		 i;

	(void)state;
	program_builtin(&p);
	load(&ls, fixture);
	/* Tuesday 2026-09-15, two weeks, 3 a week. */
	report_build(&r, &p, ls.v, ls.n, day("2026-09-15"), 2, 3);
	assert_int_equal(r.start, day("2026-09-07"));
	assert_int_equal(r.ndays, 9);

	/* Adherence: 2 days done and a skip day, then 2 days so far. */
	assert_int_equal(r.nwk, 2);
	assert_int_equal(r.wk[0].done, 2);
	assert_int_equal(r.wk[0].skips, 1);
	assert_int_equal(r.wk[0].target, 2);
	assert_int_equal(r.wk[0].days, 7);
	assert_int_equal(r.wk[1].done, 2);
	assert_int_equal(r.wk[1].target, 3);
	assert_int_equal(r.wk[1].days, 2);
	assert_int_equal(r.done, 4);
	assert_int_equal(r.target, 5);

	/* Ladders: bridge on 4 days, clamshell once (both sides a day). */
	assert_int_equal(r.nlad, p.n + 1);
	assert_int_equal(r.lad[0].sessions, 4);
	assert_int_equal(r.lad[0].n, 1);
	assert_string_equal(r.lad[0].v[0].dose, "2x10");
	assert_int_equal(r.lad[0].v[0].sessions, 4);
	i = (size_t)program_ladder_of(&p, "clamshell");
	assert_int_equal(r.lad[i].sessions, 1);
	assert_int_equal(r.lad[i].n, 3);	/* 2x10, 2x8, 30s */

	/* Pain: the day's highest, the average over 7 days. */
	assert_int_equal(r.pain[0], 2);
	assert_int_equal(r.pain[1], 0);
	assert_int_equal(r.pain[2], NP);	/* a skip without pain= */
	assert_int_equal(r.pain[3], 8);
	assert_int_equal(r.avg[3], 33);		/* (2 + 0 + 8) / 3 */

	/* Left against right. */
	assert_int_equal(r.nside, 2);
	assert_string_equal(r.side[0].name, "clamshell");
	assert_false(r.side[0].secs);
	assert_true(r.side[1].secs);
	assert_int_equal(r.side[1].total[1], 30);
	assert_int_equal(r.side[1].sess[0], 0);
	assert_int_equal(r.side[0].total[0], 20);
	assert_int_equal(r.side[0].total[1], 16);
	assert_int_equal(r.side[0].pain_n[0], 0);
	assert_int_equal(r.side[0].pain_sum[1], 2);

	/* The stop: from the day of the 8 until calm days lift it. */
	assert_true(r.npause >= 1);
	assert_int_equal(r.pause[0].from, day("2026-09-10"));
	assert_true(r.pause[0].rules & PAIN_STOP);
	assert_int_equal(r.pause[0].stop_pain, 8);

	/* The hold dates from before the window, still in force. */
	assert_int_equal(r.ndir, 1);
	assert_int_equal(r.dir_before, 1);
	assert_string_equal(r.dir[0]->note, "stay");

	/* Notes in the window, up to today: not the planned skip. */
	assert_int_equal(r.nnote, 2);
	assert_string_equal(r.note[0]->note, "ok");
	assert_string_equal(r.note[1]->note, "travel");

	report_free(&r);
	logset_free(&ls);
	program_free(&p);
}

static void
daily_target(void **state)
{
	struct program	 p;
	struct logset	 ls;
	struct report	 r;

	(void)state;
	program_builtin(&p);
	load(&ls, fixture);
	report_build(&r, &p, ls.v, ls.n, day("2026-09-15"), 2, 0);
	/* Every day: 7 less the skip day, then the 2 days so far. */
	assert_int_equal(r.wk[0].target, 6);
	assert_int_equal(r.wk[1].target, 2);
	assert_int_equal(r.done, 4);
	report_free(&r);
	logset_free(&ls);
	program_free(&p);
}

static void
svg(void **state)
{
	struct program	 p;
	struct logset	 ls;
	struct report	 r;
	struct buf	 b = BUF_INIT;

	(void)state;
	program_builtin(&p);
	load(&ls, fixture);
	report_build(&r, &p, ls.v, ls.n, day("2026-09-15"), 2, 3);
	report_svg(&r, &b);
	/* Pain 8 of 10 on a plot from y 214 (0) to 14 (10): y 54. */
	assert_non_null(strstr(buf_str(&b), "y1=\"54.0\" x2=\"640\" "
	    "y2=\"54.0\" stroke=\"#a50f15\""));
	assert_non_null(strstr(buf_str(&b), ">stop 8</text>"));
	assert_non_null(strstr(buf_str(&b), ">hold 4</text>"));
	assert_non_null(strstr(buf_str(&b), ">step back 6</text>"));
	/* The line starts on the first day at 2.0: x 34, y 174. */
	assert_non_null(strstr(buf_str(&b), "d=\"M34.0 174.0L"));
	assert_null(strstr(buf_str(&b), "<script"));
	assert_null(strstr(buf_str(&b), "http"));
	report_free(&r);
	logset_free(&ls);
	program_free(&p);
	buf_free(&b);
}

/* A day without any pain record leaves the line broken, not at zero. */
static void
svg_gap(void **state)
{
	struct program	 p;
	struct logset	 ls;
	struct report	 r;
	struct buf	 b = BUF_INIT;
	const char	*s;

	(void)state;
	program_builtin(&p);
	load(&ls, "2026-09-01T20:00:00+02:00 pain 3\n"
	    "2026-09-20T20:00:00+02:00 pain 5\n");
	report_build(&r, &p, ls.v, ls.n, day("2026-09-20"), 3, 3);
	report_svg(&r, &b);
	s = strstr(buf_str(&b), "<path class=\"avg\"");
	assert_non_null(s);
	/* Two runs: two moves. */
	s = strchr(strstr(s, "d=\"M") + 4, 'M');
	assert_non_null(s);
	buf_reset(&b);
	report_md(&r, &p, &b);
	assert_non_null(strstr(buf_str(&b), "## Pain: the 7-day average"));
	report_free(&r);
	logset_free(&ls);
	program_free(&p);
	buf_free(&b);
}

/* The terminal page: 78 columns filled, nothing from the log raw. */
static void
text_layout(void **state)
{
	struct program	 p;
	struct logset	 ls;
	struct report	 r;
	struct buf	 b = BUF_INIT;
	const char	*s, *nl;

	(void)state;
	program_builtin(&p);
	load(&ls, "2026-09-14T07:30:00+02:00 bridge 2x10 # a long note that "
	    "goes on and on, past the edge of any terminal of eighty columns, "
	    "to see it folded\n");
	report_build(&r, &p, ls.v, ls.n, day("2026-09-15"), 1, 3);
	report_text(&r, &p, false, &b);
	for (s = buf_str(&b); *s != '\0'; s = nl + 1) {
		nl = strchr(s, '\n');
		assert_non_null(nl);
		assert_true(nl - s <= 80);
	}
	assert_non_null(strstr(buf_str(&b), "\n      any terminal of eighty columns, to see it folded\n"));
	report_free(&r);
	logset_free(&ls);
	program_free(&p);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(avg7),
		cmocka_unit_test(spark),
		cmocka_unit_test(asym),
		cmocka_unit_test(escapes),
		cmocka_unit_test(build),
		cmocka_unit_test(daily_target),
		cmocka_unit_test(svg),
		cmocka_unit_test(svg_gap),
		cmocka_unit_test(text_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
