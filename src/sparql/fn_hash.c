/* fn_hash.c - MD5 (RFC 1321), SHA-1, SHA-256, SHA-384 and SHA-512 (FIPS
 * 180-4) for the SPARQL hash built-ins (17.4.6): the lower-case hex digest
 * of the UTF-8 bytes of a simple literal or xsd:string. One-shot functions
 * over a buffer; nothing is allocated but the result string. */
#include <stdint.h>
#include <string.h>

#include "sparql/value_impl.h"

/* FIPS 180-4 4.2.2 / 5.3.3: fractional parts of cube and square roots of primes. */
static const uint32_t K256[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u,
    0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu,
    0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu,
    0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
    0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu,
    0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u,
    0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u,
    0xc67178f2u,
};
static const uint32_t H256[8] = {
    0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
    0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
};
static const uint64_t K512[80] = {
    0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
    0x3956c25bf348b538ull, 0x59f111f1b605d019ull, 0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
    0xd807aa98a3030242ull, 0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
    0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
    0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull, 0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
    0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
    0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
    0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull, 0x06ca6351e003826full, 0x142929670a0e6e70ull,
    0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
    0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull, 0x92722c851482353bull,
    0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull, 0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
    0xd192e819d6ef5218ull, 0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
    0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
    0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull, 0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
    0x748f82ee5defb2fcull, 0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
    0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
    0xca273eceea26619cull, 0xd186b8c721c0c207ull, 0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
    0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
    0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
    0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull, 0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};
static const uint64_t H512[8] = {
    0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
    0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
};
static const uint64_t H384[8] = {
    0xcbbb9d5dc1059ed8ull, 0x629a292a367cd507ull, 0x9159015a3070dd17ull, 0x152fecd8f70e5939ull,
    0x67332667ffc00b31ull, 0x8eb44a8768581511ull, 0xdb0c2e0d64f98fa7ull, 0x47b5481dbefa4fa4ull,
};
/* RFC 1321 3.4: floor(2^32 * abs(sin(i))), i = 1..64. */
static const uint32_t MD5_T[64] = {
    0xd76aa478u, 0xe8c7b756u, 0x242070dbu, 0xc1bdceeeu, 0xf57c0fafu, 0x4787c62au, 0xa8304613u,
    0xfd469501u, 0x698098d8u, 0x8b44f7afu, 0xffff5bb1u, 0x895cd7beu, 0x6b901122u, 0xfd987193u,
    0xa679438eu, 0x49b40821u, 0xf61e2562u, 0xc040b340u, 0x265e5a51u, 0xe9b6c7aau, 0xd62f105du,
    0x02441453u, 0xd8a1e681u, 0xe7d3fbc8u, 0x21e1cde6u, 0xc33707d6u, 0xf4d50d87u, 0x455a14edu,
    0xa9e3e905u, 0xfcefa3f8u, 0x676f02d9u, 0x8d2a4c8au, 0xfffa3942u, 0x8771f681u, 0x6d9d6122u,
    0xfde5380cu, 0xa4beea44u, 0x4bdecfa9u, 0xf6bb4b60u, 0xbebfbc70u, 0x289b7ec6u, 0xeaa127fau,
    0xd4ef3085u, 0x04881d05u, 0xd9d4d039u, 0xe6db99e5u, 0x1fa27cf8u, 0xc4ac5665u, 0xf4292244u,
    0x432aff97u, 0xab9423a7u, 0xfc93a039u, 0x655b59c3u, 0x8f0ccc92u, 0xffeff47du, 0x85845dd1u,
    0x6fa87e4fu, 0xfe2ce6e0u, 0xa3014314u, 0x4e0811a1u, 0xf7537e82u, 0xbd3af235u, 0x2ad7d2bbu,
    0xeb86d391u,
};

static uint32_t rol32(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static uint32_t ror32(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static uint64_t ror64(uint64_t x, int n)
{
    return (x >> n) | (x << (64 - n));
}

/* Runs block() over data plus the padding of both standards: 0x80, zeros,
 * the bit length in lenbytes bytes (big- or little-endian) filling the last
 * block of bs bytes. */
static void pad_and_run(const unsigned char *data, size_t len, size_t bs, size_t lenbytes,
                        int big_endian, void (*block)(void *st, const unsigned char *b), void *st)
{
    unsigned char tail[256];
    size_t full = len / bs * bs, rest = len - full, tl, i;
    uint64_t bits = (uint64_t)len * 8;

    for (i = 0; i < full; i += bs)
        block(st, data + i);
    memset(tail, 0, sizeof tail);
    memcpy(tail, data + full, rest);
    tail[rest] = 0x80;
    tl = rest + 1 + lenbytes <= bs ? bs : 2 * bs;
    for (i = 0; i < 8; i++) {
        unsigned char byte = (unsigned char)(bits >> (8 * i));

        if (big_endian)
            tail[tl - 1 - i] = byte;
        else
            tail[tl - lenbytes + i] = byte;
    }
    for (i = 0; i < tl; i += bs)
        block(st, tail + i);
}

/* ---- MD5 ---- */

static void md5_block(void *st, const unsigned char *b)
{
    static const int R[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};
    uint32_t *h = st, m[16], a = h[0], bb = h[1], c = h[2], d = h[3], f, t;
    int i, g;

    for (i = 0; i < 16; i++)
        m[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 | (uint32_t)b[4 * i + 2] << 16 |
               (uint32_t)b[4 * i + 3] << 24;
    for (i = 0; i < 64; i++) {
        if (i < 16) {
            f = (bb & c) | (~bb & d);
            g = i;
        } else if (i < 32) {
            f = (d & bb) | (~d & c);
            g = (5 * i + 1) % 16;
        } else if (i < 48) {
            f = bb ^ c ^ d;
            g = (3 * i + 5) % 16;
        } else {
            f = c ^ (bb | ~d);
            g = (7 * i) % 16;
        }
        t = d;
        d = c;
        c = bb;
        bb = bb + rol32(a + f + MD5_T[i] + m[g], R[i / 16][i % 4]);
        a = t;
    }
    h[0] += a;
    h[1] += bb;
    h[2] += c;
    h[3] += d;
}

void sv_md5(const void *data, size_t len, unsigned char out[16])
{
    uint32_t h[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
    int i;

    pad_and_run(data, len, 64, 8, 0, md5_block, h);
    for (i = 0; i < 16; i++)
        out[i] = (unsigned char)(h[i / 4] >> (8 * (i % 4)));
}

/* ---- SHA-1 ---- */

static uint32_t be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void sha1_block(void *st, const unsigned char *b)
{
    uint32_t *h = st, w[80], a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f, k, t;
    int i;

    for (i = 0; i < 16; i++)
        w[i] = be32(b + 4 * i);
    for (i = 16; i < 80; i++)
        w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    for (i = 0; i < 80; i++) {
        if (i < 20) {
            f = (bb & c) | (~bb & d);
            k = 0x5a827999u;
        } else if (i < 40) {
            f = bb ^ c ^ d;
            k = 0x6ed9eba1u;
        } else if (i < 60) {
            f = (bb & c) | (bb & d) | (c & d);
            k = 0x8f1bbcdcu;
        } else {
            f = bb ^ c ^ d;
            k = 0xca62c1d6u;
        }
        t = rol32(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol32(bb, 30);
        bb = a;
        a = t;
    }
    h[0] += a;
    h[1] += bb;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

void sv_sha1(const void *data, size_t len, unsigned char out[20])
{
    uint32_t h[5] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u};
    int i;

    pad_and_run(data, len, 64, 8, 1, sha1_block, h);
    for (i = 0; i < 20; i++)
        out[i] = (unsigned char)(h[i / 4] >> (24 - 8 * (i % 4)));
}

/* ---- SHA-256 ---- */

static void sha256_block(void *st, const unsigned char *b)
{
    uint32_t *h = st, w[64], v[8], t1, t2;
    int i;

    for (i = 0; i < 16; i++)
        w[i] = be32(b + 4 * i);
    for (i = 16; i < 64; i++) {
        uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);

        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, h, sizeof v);
    for (i = 0; i < 64; i++) {
        t1 = v[7] + (ror32(v[4], 6) ^ ror32(v[4], 11) ^ ror32(v[4], 25)) +
             ((v[4] & v[5]) ^ (~v[4] & v[6])) + K256[i] + w[i];
        t2 = (ror32(v[0], 2) ^ ror32(v[0], 13) ^ ror32(v[0], 22)) +
             ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (i = 0; i < 8; i++)
        h[i] += v[i];
}

void sv_sha256(const void *data, size_t len, unsigned char out[32])
{
    uint32_t h[8];
    int i;

    memcpy(h, H256, sizeof h);
    pad_and_run(data, len, 64, 8, 1, sha256_block, h);
    for (i = 0; i < 32; i++)
        out[i] = (unsigned char)(h[i / 4] >> (24 - 8 * (i % 4)));
}

/* ---- SHA-512 and SHA-384 ---- */

static uint64_t be64(const unsigned char *b)
{
    return (uint64_t)be32(b) << 32 | be32(b + 4);
}

static void sha512_block(void *st, const unsigned char *b)
{
    uint64_t *h = st, w[80], v[8], t1, t2;
    int i;

    for (i = 0; i < 16; i++)
        w[i] = be64(b + 8 * i);
    for (i = 16; i < 80; i++) {
        uint64_t s0 = ror64(w[i - 15], 1) ^ ror64(w[i - 15], 8) ^ (w[i - 15] >> 7);
        uint64_t s1 = ror64(w[i - 2], 19) ^ ror64(w[i - 2], 61) ^ (w[i - 2] >> 6);

        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, h, sizeof v);
    for (i = 0; i < 80; i++) {
        t1 = v[7] + (ror64(v[4], 14) ^ ror64(v[4], 18) ^ ror64(v[4], 41)) +
             ((v[4] & v[5]) ^ (~v[4] & v[6])) + K512[i] + w[i];
        t2 = (ror64(v[0], 28) ^ ror64(v[0], 34) ^ ror64(v[0], 39)) +
             ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (i = 0; i < 8; i++)
        h[i] += v[i];
}

static void sha512_common(const void *data, size_t len, const uint64_t init[8], unsigned char *out,
                          int outlen)
{
    uint64_t h[8];
    int i;

    memcpy(h, init, sizeof h);
    /* The length field is 128 bits; inputs below 2^61 bytes fill its low 64. */
    pad_and_run(data, len, 128, 16, 1, sha512_block, h);
    for (i = 0; i < outlen; i++)
        out[i] = (unsigned char)(h[i / 8] >> (56 - 8 * (i % 8)));
}

void sv_sha512(const void *data, size_t len, unsigned char out[64])
{
    sha512_common(data, len, H512, out, 64);
}

void sv_sha384(const void *data, size_t len, unsigned char out[48])
{
    sha512_common(data, len, H384, out, 48);
}

/* ---- the built-ins ---- */

static int hex_digest(struct sv_call *c, struct sparql_value *out,
                      void (*fn)(const void *, size_t, unsigned char *), size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const struct sparql_value *a = &c->args[0];
    unsigned char d[64];
    char *p;
    size_t i;

    if (a->type != SV_STRING)
        return 1;
    fn(a->term.value, a->term.len, d);
    p = sv_alloc(c, 2 * n);
    if (!p)
        return -1;
    for (i = 0; i < n; i++) {
        p[2 * i] = hex[d[i] >> 4];
        p[2 * i + 1] = hex[d[i] & 15];
    }
    p[2 * n] = '\0';
    sv_make_string(out, p, 2 * n, NULL);
    return 0;
}

static void md5_fn(const void *d, size_t l, unsigned char *o)
{
    sv_md5(d, l, o);
}
static void sha1_fn(const void *d, size_t l, unsigned char *o)
{
    sv_sha1(d, l, o);
}
static void sha256_fn(const void *d, size_t l, unsigned char *o)
{
    sv_sha256(d, l, o);
}
static void sha384_fn(const void *d, size_t l, unsigned char *o)
{
    sv_sha384(d, l, o);
}
static void sha512_fn(const void *d, size_t l, unsigned char *o)
{
    sv_sha512(d, l, o);
}

int sv_fn_md5(struct sv_call *c, struct sparql_value *out)
{
    return hex_digest(c, out, md5_fn, 16);
}

int sv_fn_sha1(struct sv_call *c, struct sparql_value *out)
{
    return hex_digest(c, out, sha1_fn, 20);
}

int sv_fn_sha256(struct sv_call *c, struct sparql_value *out)
{
    return hex_digest(c, out, sha256_fn, 32);
}

int sv_fn_sha384(struct sv_call *c, struct sparql_value *out)
{
    return hex_digest(c, out, sha384_fn, 48);
}

int sv_fn_sha512(struct sv_call *c, struct sparql_value *out)
{
    return hex_digest(c, out, sha512_fn, 64);
}
