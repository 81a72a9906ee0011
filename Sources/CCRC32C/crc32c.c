// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78).
//
// Two implementations behind one entry point:
// - hardware: the SSE4.2 `crc32` instruction, eight bytes at a time, three independent chains over
//   consecutive blocks so the instruction's three-cycle latency is hidden, the chains joined by
//   multiplying by x^(8*block) modulo the polynomial;
// - portable: slicing-by-8 tables.
// The choice is made once, at load time, from CPUID.
#include "ccrc32c.h"

#include <string.h>

#define CRC32C_POLY 0x82F63B78u
#define BLOCK 4096u

static uint32_t slicing_table[8][256];
static uint32_t block_shift; // x^(8*BLOCK) mod P, in reflected form
static int has_hardware;

// Multiplies a and b modulo P, both in reflected form (the top bit is x^0).
static uint32_t multiply_mod_p(uint32_t a, uint32_t b) {
    uint32_t mask = 1u << 31;
    uint32_t product = 0;
    while (mask != 0) {
        if (a & mask) product ^= b;
        mask >>= 1;
        b = (b & 1) ? (b >> 1) ^ CRC32C_POLY : b >> 1;
    }
    return product;
}

// x^(8*bytes) mod P.
static uint32_t x_pow_8n(uint64_t bytes) {
    uint32_t result = 1u << 31; // x^0
    uint32_t square = 1u << 23; // x^8
    while (bytes != 0) {
        if (bytes & 1) result = multiply_mod_p(square, result);
        square = multiply_mod_p(square, square);
        bytes >>= 1;
    }
    return result;
}

__attribute__((constructor)) static void crc32c_init(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t crc = n;
        for (int k = 0; k < 8; k++) crc = (crc & 1) ? (crc >> 1) ^ CRC32C_POLY : crc >> 1;
        slicing_table[0][n] = crc;
    }
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t crc = slicing_table[0][n];
        for (int k = 1; k < 8; k++) {
            crc = slicing_table[0][crc & 0xff] ^ (crc >> 8);
            slicing_table[k][n] = crc;
        }
    }
    block_shift = x_pow_8n(BLOCK);
#if defined(__x86_64__)
    __builtin_cpu_init();
    has_hardware = __builtin_cpu_supports("sse4.2");
#else
    has_hardware = 0;
#endif
}

static uint32_t portable_raw(uint32_t state, const uint8_t *p, size_t length) {
    while (length > 0 && ((uintptr_t)p & 7) != 0) {
        state = slicing_table[0][(state ^ *p++) & 0xff] ^ (state >> 8);
        length--;
    }
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        word ^= state;
        state = slicing_table[7][word & 0xff] ^ slicing_table[6][(word >> 8) & 0xff] ^
                slicing_table[5][(word >> 16) & 0xff] ^ slicing_table[4][(word >> 24) & 0xff] ^
                slicing_table[3][(word >> 32) & 0xff] ^ slicing_table[2][(word >> 40) & 0xff] ^
                slicing_table[1][(word >> 48) & 0xff] ^ slicing_table[0][word >> 56];
        p += 8;
        length -= 8;
    }
    while (length > 0) {
        state = slicing_table[0][(state ^ *p++) & 0xff] ^ (state >> 8);
        length--;
    }
    return state;
}

uint32_t tributary_crc32c_portable(uint32_t crc, const void *data, size_t length) {
    return ~portable_raw(~crc, (const uint8_t *)data, length);
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t hardware_raw(uint32_t state, const uint8_t *p, size_t length) {
    uint64_t s0 = state;
    while (length >= 3 * BLOCK) {
        uint64_t s1 = 0, s2 = 0;
        const uint8_t *p1 = p + BLOCK, *p2 = p + 2 * BLOCK;
        for (size_t i = 0; i < BLOCK; i += 8) {
            uint64_t w0, w1, w2;
            memcpy(&w0, p + i, 8);
            memcpy(&w1, p1 + i, 8);
            memcpy(&w2, p2 + i, 8);
            s0 = __builtin_ia32_crc32di(s0, w0);
            s1 = __builtin_ia32_crc32di(s1, w1);
            s2 = __builtin_ia32_crc32di(s2, w2);
        }
        uint32_t joined = multiply_mod_p(block_shift, (uint32_t)s0) ^ (uint32_t)s1;
        s0 = multiply_mod_p(block_shift, joined) ^ (uint32_t)s2;
        p += 3 * BLOCK;
        length -= 3 * BLOCK;
    }
    while (length >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        s0 = __builtin_ia32_crc32di(s0, w);
        p += 8;
        length -= 8;
    }
    uint32_t s = (uint32_t)s0;
    while (length > 0) {
        s = __builtin_ia32_crc32qi(s, *p++);
        length--;
    }
    return s;
}
#endif

uint32_t tributary_crc32c_hardware(uint32_t crc, const void *data, size_t length) {
#if defined(__x86_64__)
    return ~hardware_raw(~crc, (const uint8_t *)data, length);
#else
    return tributary_crc32c_portable(crc, data, length);
#endif
}

int tributary_crc32c_has_hardware(void) { return has_hardware; }

uint32_t tributary_crc32c(uint32_t crc, const void *data, size_t length) {
    if (has_hardware) return tributary_crc32c_hardware(crc, data, length);
    return tributary_crc32c_portable(crc, data, length);
}
