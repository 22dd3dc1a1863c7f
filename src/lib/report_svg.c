/*
 * hips report: the pain chart of the HTML page, as inline SVG (no
 * script, no external reference, no namespace URL: inline SVG in HTML
 * needs none).  The 7-day average is one line in CHART_LINE, each day's
 * highest pain a grey dot, the red levels of the rules dashed lines.
 */
#include "hips.h"
#include "report.h"

#define W	720
#define H	250
#define X0	34		/* the plot: x from X0 to X1 */
#define X1	640
#define Y0	14		/* pain 10 */
#define Y1	214		/* pain 0 */
#define CHART_LINE	"#1f5fbf"

static const char *const month_abbr[] = { "Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static double
xof(const struct report *r, size_t i)
{
	if (r->ndays < 2)
		return (X0 + X1) / 2.0;
	return X0 + (double)i * (X1 - X0) / (double)(r->ndays - 1);
}

/* tenths of a point to y */
static double
yof(int tenths)
{
	return Y1 - (double)tenths * (Y1 - Y0) / 100.0;
}

static void
grid(const struct report *r, struct buf *b)
{
	int	 p, y, m, d;
	size_t	 i, step;

	for (p = 0; p <= 10; p += 2) {
		buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
		    "y2=\"%.1f\" stroke=\"#ddd\" stroke-width=\"1\"/>\n", X0,
		    yof(p * 10), X1, yof(p * 10));
		buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">"
		    "%d</text>\n", X0 - 6, yof(p * 10) + 4, p);
	}
	/* The first of each month, or of each year over long windows. */
	step = r->ndays > 800 ? 12 : r->ndays > 200 ? 3 : 1;
	for (i = 0; i < r->ndays; i++) {
		civil_from_days(r->start + (int64_t)i, &y, &m, &d);
		if (d != 1 || (m - 1) % (int)step != 0)
			continue;
		buf_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
		    "y2=\"%d\" stroke=\"#eee\" stroke-width=\"1\"/>\n",
		    xof(r, i), Y0, xof(r, i), Y1);
		if (step == 12)
			buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor="
			    "\"middle\">%d</text>\n", xof(r, i), Y1 + 16, y);
		else
			buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor="
			    "\"middle\">%s</text>\n", xof(r, i), Y1 + 16,
			    month_abbr[m - 1]);
	}
}

static void
level(struct buf *b, int pain, const char *colour, const char *label)
{
	buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
	    "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n",
	    X0, yof(pain * 10), X1, yof(pain * 10), colour);
	buf_printf(b, "<text x=\"%d\" y=\"%.1f\" fill=\"%s\">%s %d</text>\n",
	    X1 + 6, yof(pain * 10) + 4, colour, label, pain);
}

static void
dots(const struct report *r, struct buf *b)
{
	size_t	 i;

	buf_puts(b, "<g fill=\"#777\">\n");
	for (i = 0; i < r->ndays; i++)
		if (r->pain[i] != REPORT_NO_PAIN)
			buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" "
			    "r=\"2.5\"/>\n", xof(r, i), yof(r->pain[i] * 10));
	buf_puts(b, "</g>\n");
}

/* The average as one path, broken where no day of a week has a record. */
static void
line(const struct report *r, struct buf *b)
{
	size_t	 i;
	bool	 pen = false, any = false;

	for (i = 0; i < r->ndays; i++) {
		if (r->avg[i] == REPORT_NO_PAIN) {
			pen = false;
			continue;
		}
		if (!any)
			buf_puts(b, "<path class=\"avg\" fill=\"none\" stroke=\""
			    CHART_LINE "\" stroke-width=\"3\" stroke-linecap="
			    "\"round\" stroke-linejoin=\"round\" d=\"");
		any = true;
		/* A lone day still shows: a segment of length 0, capped. */
		if (!pen && (i + 1 == r->ndays ||
		    r->avg[i + 1] == REPORT_NO_PAIN))
			buf_printf(b, "M%.1f %.1fL%.1f %.1f", xof(r, i),
			    yof(r->avg[i]), xof(r, i), yof(r->avg[i]));
		else
			buf_printf(b, "%c%.1f %.1f", pen ? 'L' : 'M',
			    xof(r, i), yof(r->avg[i]));
		pen = true;
	}
	if (any)
		buf_puts(b, "\"/>\n");
}

void
report_svg(const struct report *r, struct buf *b)
{
	const struct rules	*R = r->rules;

	buf_printf(b, "<svg viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-label=\"Pain: the 7-day average\" font-family=\"sans-serif\" "
	    "font-size=\"11\" fill=\"#333\">\n", W, H);
	grid(r, b);
	level(b, R->hold_pain, "#e08a2c", "hold");
	level(b, R->back_pain, "#d6452b", "step back");
	level(b, R->stop_pain, "#a50f15", "stop");
	dots(r, b);
	line(r, b);
	buf_printf(b, "<text x=\"%d\" y=\"%d\"><tspan fill=\"" CHART_LINE
	    "\">\xe2\x94\x81 7-day average</tspan>  \xe2\x97\x8f the day's "
	    "highest pain</text>\n", X0, H - 6);
	buf_puts(b, "</svg>\n");
}
