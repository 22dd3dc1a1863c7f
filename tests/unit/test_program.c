/* Unit tests of the program: the built-in ladders and program.ini. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hips.h"
#include "program.h"

/* Parse text as "p.ini"; on failure return the error message. */
static const char *
parse(struct program *p, const char *text)
{
	error_clear();
	if (program_parse(p, "p.ini", text, strlen(text)) == 0)
		return NULL;
	return error_msg();
}

static void
expect_error(const char *text, const char *want)
{
	struct program	 p;
	const char	*msg = parse(&p, text);

	if (msg == NULL) {
		program_free(&p);
		fail_msg("accepted: %s", text);
	}
	if (strstr(msg, want) == NULL)
		fail_msg("error '%s' lacks '%s'", msg, want);
	assert_int_equal(error_status(), EXIT_FAIL);
	assert_int_equal(p.n, 0);
}

static void
builtin_ladders(void **state)
{
	struct program	 p;
	const struct ladder *l;

	(void)state;
	program_builtin(&p);
	assert_null(p.source);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.rules.advance_after, 2);
	assert_int_equal(p.rules.hold_pain, 4);
	assert_int_equal(p.rules.back_pain, 6);
	assert_int_equal(p.rules.below_target, 3);
	assert_int_equal(p.rules.repeat_gap, 7);
	assert_int_equal(p.rules.back_gap, 14);
	assert_int_equal(p.rules.back2_gap, 28);
	assert_int_equal(p.rules.pain_window, 14);
	assert_int_equal(p.rules.pain_rise, 2);
	assert_int_equal(p.rules.stop_pain, 8);
	assert_int_equal(p.rules.calm_pain, 2);
	assert_int_equal(p.rules.calm_days, 3);
	assert_int_equal(p.rules.persist_days, 4);
	assert_int_equal(p.rules.persist_of, 7);
	assert_int_equal(p.rules.persist_window, 28);
	assert_int_equal(p.rules.clean_rpe, 8);
	assert_int_equal(p.rules.return_gap, 28);
	assert_int_equal(p.rules.return_after, 2);

	l = &p.v[0];
	assert_string_equal(l->id, "bridge");
	assert_string_equal(l->title, "Glute bridge");
	assert_int_equal(l->unlock, -1);
	assert_int_equal(l->nsteps, 10);
	assert_non_null(l->how);
	assert_true(l->ntips >= 2);
	assert_non_null(strstr(l->tips[0], "2 s at the top"));
	assert_non_null(strstr(l->tips[1], "feet closer"));
	assert_string_equal(l->steps[0].text, "bridge 2x10 hold=2s");
	assert_int_equal(l->steps[0].dose.sets, 2);
	assert_int_equal(l->steps[0].dose.min, 10);
	assert_int_equal(l->steps[0].hold, 2);
	assert_int_equal(l->steps[0].per_week, 0);
	assert_string_equal(l->steps[4].text, "bridge 3x15 hold=2s");
	assert_string_equal(l->steps[5].name, "banded-bridge");
	assert_string_equal(l->steps[6].text, "marching-bridge 3x8/side");
	assert_true(l->steps[6].dose.side);
	assert_int_equal(l->steps[6].hold, 0);
	/* freq= is not part of the target. */
	assert_string_equal(l->steps[9].text,
	    "single-leg-bridge 3x12/side hold=2s");
	assert_int_equal(l->steps[9].per_week, 3);

	l = &p.v[1];
	assert_string_equal(l->id, "clamshell");
	assert_int_equal(l->unlock, 0);
	assert_int_equal(l->unlock_step, 5);
	assert_int_equal(l->nsteps, 8);
	assert_non_null(strstr(l->tips[0], "feet together"));
	assert_string_equal(l->steps[0].text, "clamshell 2x10/side hold=2s");
	assert_string_equal(l->steps[7].text,
	    "side-plank-clam 3x8/side hold=3s");
	assert_int_equal(l->steps[7].hold, 3);

	l = &p.v[2];
	assert_string_equal(l->id, "hinge");
	assert_string_equal(l->title, "Hip hinge");
	assert_int_equal(l->unlock, 1);
	assert_int_equal(l->unlock_step, 6);
	assert_int_equal(l->nsteps, 9);
	assert_non_null(strstr(l->how, "car door"));
	assert_non_null(strstr(l->tips[1], "spine neutral"));
	assert_string_equal(l->steps[0].text, "wall-hinge 2x8");
	assert_string_equal(l->steps[8].text, "single-leg-hinge 3x8/side");

	assert_int_equal(program_ladder_of(&p, "bridge"), 0);
	assert_int_equal(program_ladder_of(&p, "single-leg-bridge"), 0);
	assert_int_equal(program_ladder_of(&p, "side-lying-abduction"), 1);
	assert_int_equal(program_ladder_of(&p, "loaded-hinge"), 2);
	assert_int_equal(program_ladder_of(&p, "squat"), -1);
	assert_int_equal(program_ladder_id(&p, "hinge"), 2);
	assert_int_equal(program_ladder_id(&p, "wall-hinge"), -1);
	program_free(&p);
}

/*
 * The default ladders are gentle: no step adds more than 25% to the
 * volume of the step before (sets x amount, seconds counting as
 * amount), and the loaded and single-leg steps are due 3 days a week.
 */
static int
steep_steps(const struct program *p)
{
	const struct step	*a, *b;
	size_t			 i, j;
	int			 n = 0;

	for (i = 0; i < p->n; i++)
		for (j = 1; j < p->v[i].nsteps; j++) {
			a = &p->v[i].steps[j - 1];
			b = &p->v[i].steps[j];
			if (b->dose.total * 100 > a->dose.total * 125) {
				print_message("# %s -> %s: %d to %d, more than "
				    "25%%\n", a->text, b->text, a->dose.total,
				    b->dose.total);
				n++;
			}
		}
	return n;
}

static void
gentle_defaults(void **state)
{
	struct program		 p, q;
	const struct ladder	*l;
	const struct step	*b;
	size_t			 i, j;
	bool			 heavy;
	static const char	 steep[] = "[a]\nstep = a 4x10\n"
	    "step = a 5x10\nstep = a 5x13\n[b]\nstep = b 2x20s\n"
	    "step = b 2x25s\nstep = b 10,10,10,10,10,10,10\n";

	(void)state;
	program_builtin(&p);
	assert_int_equal(steep_steps(&p), 0);
	/* 25% more passes; 30% (5x10 to 5x13) and 40% (50s to 70) fail. */
	assert_int_equal(program_parse(&q, "t.ini", steep, strlen(steep)), 0);
	assert_int_equal(steep_steps(&q), 2);
	program_free(&q);
	for (i = 0; i < p.n; i++) {
		l = &p.v[i];
		for (j = 0; j < l->nsteps; j++) {
			b = &l->steps[j];
			heavy = strncmp(b->name, "loaded-", 7) == 0 ||
			    strncmp(b->name, "single-leg-", 11) == 0 ||
			    strncmp(b->name, "split-stance-", 13) == 0;
			if (heavy && b->per_week != 3)
				fail_msg("%s: due %d days a week, want 3",
				    b->text, b->per_week);
			if (!heavy && strstr(b->name, "plank") == NULL &&
			    b->per_week != 0)
				fail_msg("%s: due %d days a week, want every "
				    "day", b->text, b->per_week);
		}
	}
	program_free(&p);
}

static void
same_program(const struct program *a, const struct program *b)
{
	const struct ladder	*x, *y;
	size_t			 i, j;

	assert_memory_equal(&a->rules, &b->rules, sizeof(a->rules));
	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		x = &a->v[i];
		y = &b->v[i];
		assert_string_equal(x->id, y->id);
		assert_string_equal(x->title, y->title);
		assert_string_equal(x->how, y->how);
		assert_int_equal(x->unlock, y->unlock);
		assert_int_equal(x->unlock_step, y->unlock_step);
		assert_int_equal(x->ntips, y->ntips);
		for (j = 0; j < x->ntips; j++)
			assert_string_equal(x->tips[j], y->tips[j]);
		assert_int_equal(x->nsteps, y->nsteps);
		for (j = 0; j < x->nsteps; j++) {
			assert_string_equal(x->steps[j].text,
			    y->steps[j].text);
			assert_string_equal(x->steps[j].name,
			    y->steps[j].name);
			assert_string_equal(x->steps[j].dose_text,
			    y->steps[j].dose_text);
			assert_memory_equal(&x->steps[j].dose,
			    &y->steps[j].dose, sizeof(struct dose));
			assert_int_equal(x->steps[j].hold, y->steps[j].hold);
			assert_int_equal(x->steps[j].band, y->steps[j].band);
			assert_int_equal(x->steps[j].per_week,
			    y->steps[j].per_week);
		}
	}
}

/* examples/program.ini is the built-in program, word for word. */
static void
example_is_builtin(void **state)
{
	struct program	 a, b;
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	const char	*f = __FILE__, *s;

	(void)state;
	/* __FILE__ is .../tests/unit/test_program.c */
	s = strstr(f, "tests/unit/test_program.c");
	assert_non_null(s);
	buf_printf(&path, "%.*sexamples/program.ini", (int)(s - f), f);
	assert_int_equal(read_file(buf_str(&path), &text), 0);
	if (program_parse(&a, buf_str(&path), buf_str(&text), text.len) != 0)
		fail_msg("%s", error_msg());
	program_builtin(&b);
	same_program(&a, &b);
	program_free(&a);
	program_free(&b);
	buf_free(&text);
	buf_free(&path);
}

static void
custom_program(void **state)
{
	struct program	 p;
	const char	*msg;

	(void)state;
	msg = parse(&p,
	    "; a small program\n"
	    "[rules]\n"
	    "advance_after = 3   ; three clean sessions\n"
	    "[squat]\n"
	    "step = box-squat 2x8\n"
	    "step   =   box-squat   3x8    band=light\n"
	    "step = squat 3x30s hold=3s\n"
	    "[plank]\n"
	    "title = Plank\n"
	    "tip = Breathe.\n"
	    "unlock = squat:2\n"
	    "step = plank 3x20s\n");
	if (msg != NULL)
		fail_msg("%s", msg);
	assert_int_equal(p.rules.advance_after, 3);
	assert_int_equal(p.rules.hold_pain, 4);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.v[0].title, "squat");	/* defaults to id */
	assert_null(p.v[0].how);
	assert_string_equal(p.v[0].steps[1].text, "box-squat 3x8 band=light");
	assert_int_equal(p.v[0].steps[1].band, BAND_LIGHT);
	assert_true(p.v[0].steps[2].dose.secs);
	assert_int_equal(p.v[0].steps[2].hold, 3);
	assert_int_equal(p.v[1].unlock, 0);
	assert_int_equal(p.v[1].unlock_step, 2);
	program_free(&p);
}

static void
bad_programs(void **state)
{
	(void)state;
	expect_error("[rules]\nbogus = 1\n[a]\nstep = a 1x1\n",
	    "p.ini:2: unknown key 'bogus' in [rules]");
	expect_error("[rules]\nhold_pain = 11\n[a]\nstep = a 1x1\n",
	    "p.ini:2: bad hold_pain '11'");
	expect_error("[rules]\nhold_pain = 04\n[a]\nstep = a 1x1\n",
	    "p.ini:2: bad hold_pain");
	expect_error("[rules]\nhold_pain = 4\nhold_pain = 5\n",
	    "p.ini:3: duplicate key 'hold_pain'");
	expect_error("[rules]\n[a]\nstep = a 1x1\n[rules]\n",
	    "p.ini:4: duplicate section [rules]");
	expect_error("[a]\nstep = a 1x1\n[a]\nstep = b 1x1\n",
	    "p.ini:3: duplicate section [a]");
	expect_error("[A]\nstep = a 1x1\n", "p.ini:1: bad ladder [A]");
	expect_error("[skip]\nstep = a 1x1\n", "p.ini:1: 'skip' is reserved");
	expect_error("[pain]\nstep = a 1x1\n", "p.ini:1: 'pain' is reserved");
	expect_error("[a]\nstep = pain 1x1\n", "p.ini:2: 'pain' is reserved");
	expect_error("[rules]\nstop_pain = 11\n[a]\nstep = a 1x1\n",
	    "p.ini:2: bad stop_pain '11'");
	expect_error("[rules]\ncalm_pain = 10\n[a]\nstep = a 1x1\n",
	    "p.ini:2: bad calm_pain '10'");
	expect_error("[rules]\npersist_days = 8\n[a]\nstep = a 1x1\n",
	    "p.ini: [rules] persist_days (8) is above persist_of (7)");
	expect_error("x = 1\n[a]\nstep = a 1x1\n", "p.ini:1: 'x' outside");
	expect_error("[a]\nstep = a 1x1\ncolour = red\n",
	    "p.ini:3: unknown key 'colour' in [a]");
	expect_error("[a]\nstep = a 1x1\ntitle = A\ntitle = B\n",
	    "p.ini:4: duplicate key 'title' in [a]");
	expect_error("[a]\ntitle =\nstep = a 1x1\n",
	    "p.ini:2: empty value for 'title'");
	expect_error("[a]\nstep = a 1x1\n[b]\n", "p.ini:3: ladder [b] has no "
	    "steps");
	expect_error("[rules]\nadvance_after = 2\n", "p.ini: no ladders");
	expect_error("", "no ladders");
	/* Bad steps. */
	expect_error("[a]\nstep = a\n", "p.ini:2: step 'a' has no dose");
	expect_error("[a]\nstep =\n", "p.ini:2: empty step");
	expect_error("[a]\nstep = a 3y10\n", "p.ini:2: bad dose '3y10'");
	expect_error("[a]\nstep = A 3x10\n", "p.ini:2: bad exercise name");
	expect_error("[a]\nstep = skip 3x10\n", "p.ini:2: 'skip' is reserved");
	expect_error("[a]\nstep = hold 3x10\n", "p.ini:2: 'hold' is reserved");
	expect_error("[all]\nstep = a 3x10\n", "p.ini:1: 'all' is reserved");
	expect_error("[pause]\nstep = a 3x10\n",
	    "p.ini:1: 'pause' is reserved");
	expect_error("[a]\nstep = a 3x10 freq=3\n", "p.ini:2: bad freq '3'");
	expect_error("[a]\nstep = a 3x10 freq=0/week\n",
	    "p.ini:2: bad freq '0/week'");
	expect_error("[a]\nstep = a 3x10 freq=8/week\n",
	    "p.ini:2: bad freq '8/week'");
	expect_error("[a]\nstep = a 3x10 freq=3/week freq=2/week\n",
	    "p.ini:2: duplicate key 'freq'");
	expect_error("[rules]\nclean_rpe = 12\n[a]\nstep = a 1x1\n",
	    "p.ini:2: bad clean_rpe '12'");
	expect_error("[rules]\nreturn_after = 0\n[a]\nstep = a 1x1\n",
	    "p.ini:2: bad return_after '0'");
	expect_error("[a]\nstep = a 3x10 pain=2\n",
	    "p.ini:2: 'pain=2' cannot be a target");
	expect_error("[a]\nstep = a 3x10 hold=2\n", "p.ini:2: bad hold");
	expect_error("[a]\nstep = a 3x10 hold=2s hold=3s\n",
	    "p.ini:2: duplicate key 'hold'");
	expect_error("[a]\nstep = a 3x10\nstep = a  3x10\n",
	    "p.ini:3: duplicate step 'a 3x10' in [a]");
	expect_error("[a]\nstep = a 3x10\n[b]\nstep = a 3x12\n",
	    "p.ini:4: exercise 'a' is already in ladder [a]");
	/* Bad unlocks. */
	expect_error("[a]\nstep = a 1x1\n[b]\nunlock = c:1\nstep = b 1x1\n",
	    "p.ini:4: unlock 'c:1': no ladder [c]");
	expect_error("[a]\nunlock = b:1\nstep = a 1x1\n[b]\nstep = b 1x1\n",
	    "p.ini:2: unlock 'b:1': ladder [b] must come before [a]");
	expect_error("[a]\nunlock = a:1\nstep = a 1x1\n",
	    "p.ini:2: unlock 'a:1': ladder [a] must come before [a]");
	expect_error("[a]\nstep = a 1x1\n[b]\nunlock = a:2\nstep = b 1x1\n",
	    "p.ini:4: unlock 'a:2': ladder [a] has steps 1 to 1");
	expect_error("[a]\nstep = a 1x1\n[b]\nunlock = a:0\nstep = b 1x1\n",
	    "p.ini:4: unlock 'a:0'");
	expect_error("[a]\nstep = a 1x1\n[b]\nunlock = a\nstep = b 1x1\n",
	    "p.ini:4: bad unlock 'a'");
	expect_error("[a]\nstep = a 1x1\n[b]\nunlock = later\n"
	    "step = b 1x1\n", "p.ini:4: bad unlock 'later'");
	/* Rules that only make sense together. */
	expect_error("[rules]\nhold_pain = 7\n[a]\nstep = a 1x1\n",
	    "back_pain (6) is below hold_pain (7)");
	expect_error("[rules]\nback_gap = 30\n[a]\nstep = a 1x1\n",
	    "want repeat_gap < back_gap < back2_gap");
	/* What the INI layer catches, with the line. */
	expect_error("[a]\nstep = a 1x1\ntip = x\xff\n",
	    "p.ini:3: not valid UTF-8");
	expect_error("[a]\n  step = a 1x1\n", "p.ini:2: line starts with");
	expect_error("[a\nstep = a 1x1\n", "p.ini:1: section header");
	expect_error("[a]\nstep a 1x1\n", "p.ini:2: expected");
}

/* A line of text that wraps: no line of out is wider than width. */
static void
assert_width(const char *out, size_t width)
{
	const char	*p, *nl;

	for (p = out; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		if ((size_t)(nl - p) > width)
			fail_msg("line wider than %zu: '%.*s'", width,
			    (int)(nl - p), p);
	}
}

/* Every step of every built-in ladder says how, in every key. */
static void
builtin_howto(void **state)
{
	struct program		 p;
	const struct ladder	*l;
	const struct howto	*h;
	struct buf		 b = BUF_INIT;
	size_t			 i, j, k;

	(void)state;
	program_builtin(&p);
	for (i = 0; i < p.n; i++) {
		l = &p.v[i];
		for (j = 0; j < l->nsteps; j++) {
			if ((h = program_howto(l, l->steps[j].name)) == NULL)
				fail_msg("no instructions for '%s'",
				    l->steps[j].name);
			for (k = 0; k < HOWTO_NKEYS; k++)
				if (h->text[k] == NULL)
					fail_msg("'%s' lacks %s", h->name,
					    program_howto_key((int)k));
			/* The built-in program's steps know their lines. */
			assert_true(l->steps[j].line > 0);
			buf_reset(&b);
			program_howto_text(&b, l, &l->steps[j], "  ", 78);
			assert_width(buf_str(&b), 78);
			assert_null(strstr(buf_str(&b), "  how:"));
		}
		/* Nothing describes an exercise the ladder does not have. */
		for (j = 0; j < l->nhowto; j++)
			assert_int_equal(program_ladder_of(&p,
			    l->howto[j].name), (int)i);
	}
	/* Where the article speaks, the text follows it. */
	l = &p.v[program_ladder_id(&p, "bridge")];
	h = program_howto(l, "bridge");
	assert_non_null(strstr(h->text[HOWTO_move], "Hold 2 s at the top"));
	assert_non_null(strstr(h->text[HOWTO_feel_not], "feet closer"));
	assert_non_null(strstr(h->text[HOWTO_harder], "band above the knees"));
	assert_non_null(strstr(h->text[HOWTO_harder], "one leg"));
	h = program_howto(l, "banded-bridge");
	assert_non_null(strstr(h->text[HOWTO_setup], "just above the knees"));
	assert_non_null(strstr(h->text[HOWTO_equipment], "light"));
	l = &p.v[program_ladder_id(&p, "clamshell")];
	h = program_howto(l, "clamshell");
	assert_non_null(strstr(h->text[HOWTO_move], "Feet together"));
	assert_non_null(strstr(h->text[HOWTO_move], "like a clamshell"));
	l = &p.v[program_ladder_id(&p, "hinge")];
	assert_non_null(strstr(program_howto(l, "hinge")->text[HOWTO_move],
	    "closing a car door with your backside"));
	assert_non_null(strstr(program_howto(l, "wall-hinge")->
	    text[HOWTO_move], "car door"));
	assert_non_null(strstr(program_howto(l, "loaded-hinge")->
	    text[HOWTO_equipment], "kg"));
	/* The line of a step= in examples/program.ini. */
	assert_string_equal(l->steps[0].name, "wall-hinge");
	buf_free(&b);
	program_free(&p);
}

/* program_load's built-in: the ladders now, the instructions on demand. */
static void
lean_builtin(void **state)
{
	struct program	 lean, full;
	size_t		 i, j;

	(void)state;
	if (program_load(&lean, "/nonexistent/hips-test") != 0)
		fail_msg("%s", error_msg());
	program_builtin(&full);
	assert_true(lean.lean);
	assert_false(full.lean);
	assert_int_equal(lean.n, full.n);
	for (i = 0; i < lean.n; i++) {
		assert_int_equal(lean.v[i].nhowto, 0);
		assert_int_equal(lean.v[i].nsteps, full.v[i].nsteps);
		for (j = 0; j < lean.v[i].nsteps; j++)
			assert_int_equal(lean.v[i].steps[j].line,
			    full.v[i].steps[j].line);
	}
	program_howto_load(&lean);
	assert_false(lean.lean);
	for (i = 0; i < lean.n; i++) {
		assert_int_equal(lean.v[i].nhowto, full.v[i].nhowto);
		for (j = 0; j < lean.v[i].nhowto; j++)
			assert_string_equal(lean.v[i].howto[j].text[HOWTO_feel],
			    full.v[i].howto[j].text[HOWTO_feel]);
	}
	/* Again: nothing changes. */
	program_howto_load(&lean);
	assert_int_equal(lean.v[0].nhowto, full.v[0].nhowto);
	program_free(&lean);
	program_free(&full);
}

static void
custom_howto(void **state)
{
	struct program		 p;
	const struct howto	*h;
	struct buf		 b = BUF_INIT;
	const char		*msg, *out;

	(void)state;
	msg = parse(&p,
	    "[a]\n"
	    "how = Do it.\n"
	    "tip = Slowly.\n"
	    "step = x 1x1\n"
	    "x.setup = Sit down on a chair with your feet flat on the floor "
	    "and your back straight against the backrest.\n"
	    "x.mistake = One.\n"
	    "x.mistake = Two.\n"
	    "step = x 2x1\n"
	    "step : y 1x1\n"
	    "[b]\n"
	    "step = z 1x1\n");
	if (msg != NULL)
		fail_msg("%s", msg);
	assert_int_equal(p.v[0].steps[0].line, 4);
	assert_int_equal(p.v[0].steps[1].line, 8);
	assert_int_equal(p.v[0].steps[2].line, 9);
	assert_int_equal(p.v[1].steps[0].line, 11);
	h = program_howto(&p.v[0], "x");
	assert_non_null(h);
	assert_string_equal(h->text[HOWTO_mistake], "One.\nTwo.");
	assert_null(h->text[HOWTO_move]);
	assert_null(program_howto(&p.v[0], "y"));
	assert_null(program_howto(&p.v[1], "x"));

	/* Wrapped to the width, a list for a key given twice, no how. */
	program_howto_text(&b, &p.v[0], &p.v[0].steps[1], "> ", 40);
	out = buf_str(&b);
	assert_width(out, 40);
	assert_string_equal(out,
	    "> setup:     Sit down on a chair with\n"
	    ">            your feet flat on the floor\n"
	    ">            and your back straight\n"
	    ">            against the backrest.\n"
	    "> mistakes:  - One.\n"
	    ">            - Two.\n");
	/* A step without instructions: the ladder's how and tips. */
	buf_reset(&b);
	program_howto_text(&b, &p.v[0], &p.v[0].steps[2], "", 78);
	assert_string_equal(buf_str(&b),
	    "how:       Do it.\n"
	    "tip:       Slowly.\n");
	buf_reset(&b);
	program_howto_text(&b, &p.v[1], &p.v[1].steps[0], "", 78);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
	program_free(&p);

	expect_error("[a]\nstep = x 1x1\nx.sutup = Sit.\n",
	    "p.ini:3: unknown key 'x.sutup' in [a] (did you mean 'setup'?");
	expect_error("[a]\nx.setup = Sit.\nstep = x 1x1\n",
	    "p.ini:2: 'x.setup': no step above it in [a] names 'x'");
	expect_error("[a]\nstep = x 1x1\n[b]\nstep = y 1x1\nx.feel = It.\n",
	    "p.ini:5: 'x.feel': no step above it in [b] names 'x'");
	expect_error("[a]\nstep = x 1x1\nx.feel =\n",
	    "p.ini:3: empty value for 'x.feel'");
	expect_error("[a]\nstep = x 1x1\n.feel = It.\n",
	    "p.ini:3: '.feel': no step above it in [a]");
	expect_error("[a]\nstep = x 1x1\nx. = It.\n",
	    "p.ini:3: unknown key 'x.' in [a]");
}

static void
long_lines(void **state)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	(void)state;
	buf_puts(&b, "[a]\nstep = a 1x1\ntip = ");
	for (i = 0; i < 300; i++)
		buf_putc(&b, 'x');
	buf_putc(&b, '\n');
	expect_error(buf_str(&b), "p.ini:3: line longer than");
	buf_free(&b);
}

static void
limits(void **state)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	(void)state;
	buf_puts(&b, "[a]\n");
	for (i = 0; i <= LADDER_MAXSTEPS; i++)
		buf_printf(&b, "step = a %zux1\n", i + 1);
	expect_error(buf_str(&b), "more than 32 steps in [a]");
	buf_reset(&b);
	for (i = 0; i <= PROGRAM_MAXLADDERS; i++)
		buf_printf(&b, "[l%zu]\nstep = e%zu 1x1\n", i, i);
	expect_error(buf_str(&b), "more than 32 ladders");
	buf_reset(&b);
	buf_puts(&b, "[a]\nstep = a 1x1\n");
	for (i = 0; i <= LADDER_MAXTIPS; i++)
		buf_puts(&b, "tip = t\n");
	expect_error(buf_str(&b), "more than 8 tips");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtin_ladders),
		cmocka_unit_test(gentle_defaults),
		cmocka_unit_test(example_is_builtin),
		cmocka_unit_test(custom_program),
		cmocka_unit_test(bad_programs),
		cmocka_unit_test(builtin_howto),
		cmocka_unit_test(lean_builtin),
		cmocka_unit_test(custom_howto),
		cmocka_unit_test(long_lines),
		cmocka_unit_test(limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
