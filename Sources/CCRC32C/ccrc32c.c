// The crc32 instruction computes CRC-32C (the Castagnoli polynomial) eight bytes at a time.
// It is compiled for SSE 4.2 in this file alone (target attribute) and used only when the CPU
// says it has it, so the binary still runs on any x86-64.
#include "ccrc32c.h"

#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>

// Asked once, by Swift's `CRC32C.usesHardware` (a lazily initialised, thread-safe static).
int ccrc32c_hardware_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2") ? 1 : 0;
}

__attribute__((target("sse4.2")))
uint32_t ccrc32c_hardware_update(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    uint64_t wide = crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);  // unaligned load
        wide = _mm_crc32_u64(wide, word);
        p += 8;
        count -= 8;
    }
    crc = (uint32_t)wide;
    while (count > 0) {
        crc = _mm_crc32_u8(crc, *p);
        p += 1;
        count -= 1;
    }
    return crc;
}
#else
int ccrc32c_hardware_available(void) { return 0; }

uint32_t ccrc32c_hardware_update(uint32_t crc, const void *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return crc;
}
#endif
