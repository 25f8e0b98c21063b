// Reference limit for the Event Streamer benchmark: simdjson (On-Demand API) on the same NDJSON bodies, doing
// the same work as the "pull" contender (type check, batch_id length, every event's block_number).
// Build: g++ -O3 -std=c++17 ndjson_bench.cpp -lsimdjson -o ndjson_bench   (Debian: libsimdjson-dev)
// Run:   ./ndjson_bench batches-1.ndjson batches-10.ndjson   (bodies from EVENTSTREAMER_BENCH_DUMP=DIR bench)
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <string>

using namespace simdjson;

static size_t run(ondemand::parser &parser, const padded_string &body, int64_t &checksum) {
    ondemand::document_stream stream;
    if (parser.iterate_many(body, 1 << 20).get(stream)) return 0;
    size_t messages = 0;
    for (auto doc : stream) {
        ondemand::object object;
        if (doc.get_object().get(object)) continue;
        bool ok = true;
        for (auto field : object) {
            std::string_view key;
            if (field.unescaped_key().get(key)) { ok = false; break; }
            if (key == "events") {
                ondemand::object groups;
                if (field.value().get_object().get(groups)) { ok = false; break; }
                for (auto group : groups) {
                    ondemand::array events;
                    if (group.value().get_array().get(events)) { ok = false; break; }
                    for (auto event : events) {
                        int64_t block = 0;
                        if (event["block_number"].get_int64().get(block)) { ok = false; break; }
                        checksum += block;
                    }
                }
            } else if (key == "batch_id") {
                std::string_view id;
                if (field.value().get_string().get(id)) { ok = false; break; }
                checksum += int64_t(id.size());
            }
        }
        if (ok) messages++;
    }
    return messages;
}

int main(int argc, char **argv) {
    ondemand::parser parser;
    for (int i = 1; i < argc; i++) {
        padded_string body;
        if (padded_string::load(argv[i]).get(body)) { std::fprintf(stderr, "cannot read %s\n", argv[i]); return 1; }
        int64_t checksum = 0;
        size_t messages = run(parser, body, checksum);
        double best = 1e30;
        for (int round = 0; round < 10; round++) {
            auto start = std::chrono::steady_clock::now();
            messages = run(parser, body, checksum);
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (seconds < best) best = seconds;
        }
        std::printf("%s: %zu messages, %.1f MB/s, %.0f messages/s\n", argv[i], messages,
                    body.size() / best / 1e6, messages / best);
    }
    return 0;
}
