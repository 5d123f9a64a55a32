// CRC-32C with the CPU's crc32 instruction (SSE 4.2 on x86-64), for Checksums.CRC32C.
#ifndef CCRC32C_H
#define CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the crc32 instruction (checked once), 0 otherwise (and on other architectures).
int ccrc32c_hardware_available(void);

/// Continues the raw (not inverted) CRC-32C register `crc` over `count` bytes at `bytes`.
/// Only call it when ccrc32c_hardware_available() returned 1.
uint32_t ccrc32c_hardware_update(uint32_t crc, const void *bytes, size_t count);

#endif
