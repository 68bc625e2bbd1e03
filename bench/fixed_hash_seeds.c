/* fixed_hash_seeds.c - for run_bench.sh --callgrind --fixed-seeds only.
 *
 * Wireshark seeds the hash functions of its tables (wmem maps) from
 * g_random_int() at start-up, so two runs of the same tshark on the same
 * capture walk different collision chains: their instruction counts differ
 * by up to about 0.35 %. Preloaded, this gives g_random_int() and
 * g_random_int_range() the same sequence on every run, and the counts of
 * two builds can be compared to a few thousand instructions. Nothing else
 * in tshark changes; its output is the same.
 */
#include <stdint.h>

static uint32_t state = 12345u;

static uint32_t next_value(void) {
    state = state * 1103515245u + 12345u;
    return state;
}

uint32_t g_random_int(void) { return next_value(); }

int32_t g_random_int_range(int32_t begin, int32_t end) {
    return begin + (int32_t)(next_value() % (uint32_t)(end - begin));
}
