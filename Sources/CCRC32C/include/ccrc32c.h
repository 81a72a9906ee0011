// CRC-32C (Castagnoli) in C: the SSE4.2 instruction when the CPU has it, slicing-by-8 tables otherwise.
#ifndef TRIBUTARY_CCRC32C_H
#define TRIBUTARY_CCRC32C_H
#include <stddef.h>
#include <stdint.h>

/// Extends `crc` (a finished CRC-32C value, 0 for none) over `length` bytes, picking the fastest method.
uint32_t tributary_crc32c(uint32_t crc, const void *data, size_t length);

/// Extends `crc` over the bytes with the portable slicing-by-8 method.
uint32_t tributary_crc32c_portable(uint32_t crc, const void *data, size_t length);

/// Extends `crc` over the bytes with the SSE4.2 `crc32` instruction; only valid when it is available.
uint32_t tributary_crc32c_hardware(uint32_t crc, const void *data, size_t length);

/// 1 when the running CPU has the SSE4.2 CRC instruction, 0 otherwise.
int tributary_crc32c_has_hardware(void);
#endif
