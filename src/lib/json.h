/* Writing JSON text. */
#ifndef HIPS_JSON_H
#define HIPS_JSON_H

#include "buf.h"

/* Append s as a JSON string literal (quotes and escapes included). */
void	json_str(struct buf *, const char *);

#endif
