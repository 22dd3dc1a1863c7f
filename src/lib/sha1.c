/* SHA-1 as FIPS 180-4 describes it: 512-bit blocks, 80 rounds. */
#include <stdio.h>
#include <string.h>

#include "sha1.h"

static uint32_t
rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

static void
compress(uint32_t h[5], const unsigned char *p)
{
	uint32_t	 w[80], a, b, c, d, e, f, k, t;
	int		 i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

void
sha1_init(struct sha1 *s)
{
	static const uint32_t	 iv[5] = { 0x67452301, 0xefcdab89, 0x98badcfe,
	    0x10325476, 0xc3d2e1f0 };

	memset(s, 0, sizeof(*s));
	memcpy(s->h, iv, sizeof(iv));
}

void
sha1_update(struct sha1 *s, const void *data, size_t n)
{
	const unsigned char	*p = data;
	size_t			 take;

	s->len += n;
	while (n > 0) {
		take = 64 - s->used;
		if (take > n)
			take = n;
		memcpy(s->block + s->used, p, take);
		s->used += take;
		p += take;
		n -= take;
		if (s->used == 64) {
			compress(s->h, s->block);
			s->used = 0;
		}
	}
}

void
sha1_final(struct sha1 *s, unsigned char out[20])
{
	uint64_t	 bits = s->len * 8;
	unsigned char	 pad = 0x80, zero = 0, len[8];
	int		 i;

	sha1_update(s, &pad, 1);
	while (s->used != 56)
		sha1_update(s, &zero, 1);
	for (i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(s, len, 8);
	for (i = 0; i < 20; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

void
sha1_git_blob(const void *data, size_t n, unsigned char out[20])
{
	struct sha1	 s;
	char		 head[32];
	int		 hn;

	hn = snprintf(head, sizeof(head), "blob %zu", n);
	sha1_init(&s);
	sha1_update(&s, head, (size_t)hn + 1);	/* with its NUL */
	sha1_update(&s, data, n);
	sha1_final(&s, out);
}
