/*
 * The racy-time rule of hips's caches (daycache.h, outcache.h), as git's
 * racy-index check: a file can change again within the clock tick of a
 * change, with the same size, leaving the same stat data.  So a record
 * of a file is trusted only when the file's last change (mtime or ctime)
 * came at least RACY_SECS before the record was made (the cache file's
 * mtime, or the clock when the record is being made); a change later
 * than that, or in the future, makes the record racy.  Two seconds cover
 * file systems with whole-second or two-second (FAT) timestamps.
 */
#ifndef HIPS_RACY_H
#define HIPS_RACY_H

#include <stdbool.h>
#include <stdint.h>

#define RACY_SECS	2

/* A change at s.ns, seen by a record made at ref_s.ref_ns: racy? */
static inline bool
racy_time(int64_t s, int64_t ns, int64_t ref_s, int64_t ref_ns)
{
	uint64_t	 apart;

	if (s > ref_s)
		return true;
	/* Unsigned: cache data may hold any value. */
	if ((apart = (uint64_t)ref_s - (uint64_t)s) > RACY_SECS)
		return false;
	return (int64_t)apart * 1000000000 + (ref_ns - ns) <
	    (int64_t)RACY_SECS * 1000000000;
}

#endif
