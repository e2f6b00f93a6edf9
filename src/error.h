/* error.h - an error message with an optional source position.
 *
 * Functions that can fail return 0 / -1 and fill a caller-owned struct error;
 * the message names the problem in words a user can act on. */
#ifndef FUNDAMENT_ERROR_H
#define FUNDAMENT_ERROR_H

#define ERROR_MSG_MAX 1024

struct error {
    char msg[ERROR_MSG_MAX];
    int line;   /* 1-based, 0 when not applicable */
    int column; /* 1-based, 0 when not applicable */
};

void error_clear(struct error *err);
/* Sets msg (printf-style); keeps line/column. NULL err is allowed. */
void error_set(struct error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void error_set_at(struct error *err, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
