// Runs a fuzz target without libFuzzer (e.g. under g++ sanitizers in ctest):
// replays the files given on the command line, then N pseudo-random inputs
// from a fixed seed, so that a run is repeatable.
// usage: fuzz_xxx [--runs N] [--seed S] [FILE...]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    unsigned long runs = 20000, seed = 1;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::strtoul(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = std::strtoul(argv[++i], nullptr, 10);
        else files.emplace_back(argv[i]);
    }
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::mt19937_64 random(seed);
    std::vector<std::uint8_t> input;
    for (unsigned long run = 0; run < runs; ++run) {
        input.resize(random() % 512);
        for (auto& b : input) b = static_cast<std::uint8_t>(random());
        LLVMFuzzerTestOneInput(input.data(), input.size());
    }
    std::printf("%zu files and %lu random inputs without a fault\n", files.size(), runs);
    return 0;
}
