// HTTP for seed-hfstream: several GET requests in flight on one libcurl multi handle, with
// retries of what is worth retrying (429, 5xx but 501, dropped connections, truncated or
// invalid bodies) after a back-off that honours Retry-After and RateLimit.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace seed::io {
class ByteSource;
}

namespace seed::hfstream {

struct HttpResponse {
    long status = 0;
    std::string body;
    std::string error_code;                    // X-Error-Code
    std::optional<double> retry_after;         // seconds, from Retry-After or RateLimit's t=
    std::string next_link;                     // Link: <URL>; rel="next" (paginated listings)
    std::optional<std::uint64_t> range_start;  // Content-Range: bytes START-END/SIZE
};

struct RetryPolicy {
    int attempts = 6;  // tries per request, the first included
    std::chrono::milliseconds first_delay{500};
    std::chrono::milliseconds max_delay{8000};
};

// A GET of a whole body, or of `length` bytes of it from byte `first` (a Range request).
struct HttpRequest {
    std::string url;  // empty: nothing to fetch (delivered as an empty 200 in its turn)
    std::uint64_t first = 0;
    std::uint64_t length = 0;  // 0: the whole body
};

// Why a response cannot be used as it is, or nullopt when it can: lets the caller reject a body
// that does not parse (it is then retried like a dropped connection).
using BodyCheck = std::function<std::optional<std::string>(const HttpResponse&)>;

// What happened to one request that failed for good: the last status (0: no response) and why.
struct HttpFailure {
    std::string url;
    long status = 0;
    std::string error_code;
    std::string message;  // the server's {"error": ...} or the transport's message
};

// A failure for good while a body was being streamed (HttpClient::open).
class HttpFailed : public std::runtime_error {
public:
    explicit HttpFailed(HttpFailure f) : std::runtime_error(f.message), failure(std::move(f)) {}
    HttpFailure failure;
};

class HttpClient {
public:
    // `token` is sent as "Authorization: Bearer ..." to URLs that start with one of
    // `token_prefixes` (the hub and the viewer), never to another host.
    HttpClient(std::string token, std::vector<std::string> token_prefixes, RetryPolicy policy);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // GETs every URL, at most `jobs` at a time, and returns the responses in the order of
    // `urls`. A response that is a success (2xx) and passes `check` is final; 4xx (but 429) and
    // 501 are final failures; the rest are retried. Returns the first final failure instead,
    // in `failure`, with the responses before it (in order) that succeeded.
    std::vector<HttpResponse> get_all(const std::vector<std::string>& urls, unsigned jobs, const BodyCheck& check,
                                      std::optional<HttpFailure>& failure);

    // The same as a stream: calls deliver(index, response) in the order of `urls` as soon as
    // each response and all before it are in (deliver returns false to stop there), keeping
    // `jobs` requests in flight all along (no
    // round waits for its slowest request). At most 2 x jobs responses wait to be delivered.
    void get_in_order(const std::vector<std::string>& urls, unsigned jobs, const BodyCheck& check,
                      const std::function<bool(std::size_t, HttpResponse&)>& deliver,
                      std::optional<HttpFailure>& failure);

    // The same for requests that may ask for a byte range: a range's response body is exactly
    // its bytes (a 206 for other bytes, or a body cut short, is retried; a 200 with the whole
    // body, from a server that ignores Range, is cut to the range).
    void get_in_order(const std::vector<HttpRequest>& requests, unsigned jobs, const BodyCheck& check,
                      const std::function<bool(std::size_t, HttpResponse&)>& deliver,
                      std::optional<HttpFailure>& failure);

    // One body, read as it arrives (a ByteSource: decompress it, split it into lines). A transfer
    // that drops or ends short is resumed with "Range: bytes=N-" from the bytes already read, and
    // the retry rules are those of get_all. Throws HttpFailed once a request fails for good. Only
    // one stream at a time, and no get_all while it is open; the transfer stops when it is destroyed.
    // `before_waiting` runs each time a read is about to wait for the network.
    std::unique_ptr<io::ByteSource> open(const std::string& url, std::function<void()> before_waiting = {});

    // Body bytes received by open() streams so far, for the progress line.
    std::uint64_t streamed_bytes() const { return streamed_bytes_; }

    // Retries made so far, for the summary.
    unsigned long retries() const { return retries_; }

private:
    void* multi_ = nullptr;
    std::string token_;
    std::vector<std::string> token_prefixes_;
    RetryPolicy policy_;
    unsigned long retries_ = 0;
    std::uint64_t streamed_bytes_ = 0;
    friend class StreamSource;
};

// "a%2Fb": for query values.
std::string url_encode(const std::string& value);

}  // namespace seed::hfstream
