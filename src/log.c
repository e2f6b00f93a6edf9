/* log.c - see log.h */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A line longer than this is cut (the target is shortened, marked "..."). */
#define LOG_LINE_MAX   8192
#define LOG_TARGET_MAX (LOG_LINE_MAX - 512)

struct log {
    int fd;
    int owned; /* close fd in log_close */
};

int log_open(const char *path, struct log **out, struct error *err)
{
    struct log *l = calloc(1, sizeof *l);

    *out = NULL;
    if (!l) {
        error_set(err, "out of memory");
        return -1;
    }
    l->fd = STDERR_FILENO;
    if (path && strcmp(path, "-")) {
        l->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (l->fd < 0) {
            error_set(err, "cannot open access log %s: %s", path, strerror(errno));
            free(l);
            return -1;
        }
        l->owned = 1;
    }
    *out = l;
    return 0;
}

void log_close(struct log *l)
{
    if (!l)
        return;
    if (l->owned)
        close(l->fd);
    free(l);
}

/* Write all of buf in one write() (a retry only after a partial write). */
static void write_line(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

/* Append s to out[*len..], escaping bytes that would break the line format;
 * at most max bytes of output. */
static void append_escaped(char *out, size_t *len, size_t max, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t j = *len;

    if (!s || !*s)
        s = "-";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (j + 8 > max) {
            memcpy(out + j, "...", 3);
            j += 3;
            break;
        }
        if (c <= 0x20 || c >= 0x7f || c == '\\') {
            out[j++] = '\\';
            out[j++] = 'x';
            out[j++] = hex[c >> 4];
            out[j++] = hex[c & 0xf];
        } else {
            out[j++] = (char)c;
        }
    }
    *len = j;
}

void log_access(struct log *l, const struct log_access *e)
{
    char line[LOG_LINE_MAX];
    struct timespec ts;
    struct tm tm;
    size_t len;
    int n;

    if (!l)
        return;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    len = strftime(line, 64, "%Y-%m-%dT%H:%M:%S", &tm);
    n = snprintf(line + len, 64, ".%03ldZ ", ts.tv_nsec / 1000000);
    len += (size_t)n;
    append_escaped(line, &len, len + 64, e->client);
    line[len++] = ' ';
    append_escaped(line, &len, len + 64, e->method);
    line[len++] = ' ';
    append_escaped(line, &len, LOG_TARGET_MAX, e->target);
    n = snprintf(line + len, sizeof line - len, " %u %llu %.2f %s\n", e->status,
                 (unsigned long long)e->bytes, e->ms, e->outcome ? e->outcome : "-");
    if (n < 0 || (size_t)n >= sizeof line - len) {
        line[sizeof line - 2] = '\n';
        len = sizeof line - 1;
    } else {
        len += (size_t)n;
    }
    write_line(l->fd, line, len);
}

void log_verror(const char *fmt, va_list ap)
{
    char line[LOG_LINE_MAX];
    size_t len = sizeof "fundament: " - 1;
    int n;

    memcpy(line, "fundament: ", len);
    n = vsnprintf(line + len, sizeof line - len - 1, fmt, ap);
    if (n < 0)
        return;
    len += (size_t)n < sizeof line - len - 1 ? (size_t)n : sizeof line - len - 2;
    if (line[len - 1] != '\n')
        line[len++] = '\n';
    write_line(STDERR_FILENO, line, len);
}

void log_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_verror(fmt, ap);
    va_end(ap);
}

void log_info(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_verror(fmt, ap);
    va_end(ap);
}
