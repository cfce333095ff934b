#include "issue.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm): no timegm(), no TZ dependence. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int read_digits(const char **p, int count, int *out)
{
	int v = 0, i;
	for (i = 0; i < count; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += count;
	*out = v;
	return 0;
}

int64_t timestamp_parse(const char *s)
{
	const char *p = s;
	int year, mon, day, hour = 0, min = 0, sec = 0;
	int64_t micros = 0, offset = 0, t;

	if (!s)
		return TIME_NONE;
	while (*p == ' ')
		p++;
	if (read_digits(&p, 4, &year) || *p++ != '-' || read_digits(&p, 2, &mon) || *p++ != '-' ||
	    read_digits(&p, 2, &day))
		return TIME_NONE;
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return TIME_NONE;
	if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
		p++;
		if (read_digits(&p, 2, &hour) || *p++ != ':' || read_digits(&p, 2, &min))
			return TIME_NONE;
		if (*p == ':') {
			p++;
			if (read_digits(&p, 2, &sec))
				return TIME_NONE;
		}
		if (hour > 23 || min > 59 || sec > 60)
			return TIME_NONE;
		if (*p == '.' || *p == ',') {
			int digits = 0;
			p++;
			while (isdigit((unsigned char)*p)) {
				if (digits < 6) {
					micros = micros * 10 + (*p - '0');
					digits++;
				}
				p++;
			}
			while (digits++ < 6)
				micros *= 10;
		}
		while (*p == ' ')
			p++;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p == '-' ? -1 : 1, oh, om = 0;
			p++;
			if (read_digits(&p, 2, &oh))
				return TIME_NONE;
			if (*p == ':')
				p++;
			if (isdigit((unsigned char)*p) && read_digits(&p, 2, &om))
				return TIME_NONE;
			offset = sign * ((int64_t)oh * 3600 + om * 60);
		}
		/* Go's time.String() adds the zone name: "+0000 UTC" */
		if (*p == ' ') {
			while (*p == ' ')
				p++;
			while (isalpha((unsigned char)*p))
				p++;
		}
	}
	while (*p == ' ')
		p++;
	if (*p)
		return TIME_NONE;
	t = days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec - offset;
	return t * 1000000 + micros;
}

void timestamp_format(int64_t t, char *out, size_t out_size)
{
	time_t secs;
	struct tm tm;
	if (t == TIME_NONE) {
		snprintf(out, out_size, "%s", "");
		return;
	}
	secs = (time_t)(t >= 0 ? t / 1000000 : (t - 999999) / 1000000);
	if (!gmtime_r(&secs, &tm) || !strftime(out, out_size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, out_size, "%s", "");
}

int64_t timestamp_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void timestamp_format_like(int64_t t, const char *sample, char *out, size_t out_size)
{
	char date[32], frac[16] = "", zone[16] = "Z";
	char sep = 'T';
	const char *p;
	time_t secs;
	struct tm tm;
	int64_t micros;
	int digits = 0;

	if (t == TIME_NONE) {
		snprintf(out, out_size, "%s", "");
		return;
	}
	if (!sample || timestamp_parse(sample) == TIME_NONE || strlen(sample) < 19) {
		timestamp_format(t, out, out_size);
		return;
	}
	sep = sample[10] == ' ' ? ' ' : 'T';
	p = sample + 19;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (p[0] == ' ' && (p[1] == '+' || p[1] == '-')) {
		snprintf(zone, sizeof(zone), " +0000 UTC"); /* Go's time.String() */
	} else if (*p == 'Z' || *p == 'z') {
		snprintf(zone, sizeof(zone), "Z");
	} else if (*p == '+' || *p == '-') {
		/* written in UTC, in the sample's offset style */
		int colon = strlen(p) >= 6 && p[3] == ':';
		snprintf(zone, sizeof(zone), "%s", colon ? "+00:00" : "+0000");
	} else {
		zone[0] = '\0'; /* SQLite's CURRENT_TIMESTAMP: no zone */
	}
	secs = (time_t)(t >= 0 ? t / 1000000 : (t - 999999) / 1000000);
	micros = t - (int64_t)secs * 1000000;
	if (!gmtime_r(&secs, &tm) || !strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm)) {
		snprintf(out, out_size, "%s", "");
		return;
	}
	date[10] = sep;
	if (digits > 0) {
		/* Go's RFC3339Nano (what bd writes) trims trailing zeros, so
		 * the sample's digit count says nothing: a fraction in the
		 * sample means the full precision we have, trimmed */
		int n = 6;
		snprintf(frac, sizeof(frac), ".%06lld", (long long)micros);
		while (n > 0 && frac[n] == '0')
			frac[n--] = '\0';
		if (n == 0)
			frac[0] = '\0';
	}
	snprintf(out, out_size, "%s%s%s", date, frac, zone);
}
