// libcurl multi: requests in flight, back-off, retries.
#include "http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <thread>

#include "error.hpp"
#include "input.hpp"

namespace seed::hfstream {

namespace {

struct Transfer {
    std::size_t index = 0;
    int attempt = 0;
    std::chrono::steady_clock::time_point not_before;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    HttpResponse response;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<Transfer*>(user)->response.body.append(data, size * count);
    return size * count;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// "<URL1>; rel=\"next\", <URL2>; rel=\"last\"" -> URL1.
std::string next_link(const std::string& value) {
    std::size_t at = 0;
    while ((at = value.find('<', at)) != std::string::npos) {
        const std::size_t close = value.find('>', at);
        if (close == std::string::npos) break;
        const std::size_t end = std::min(value.find(',', close), value.size());
        const std::string params = lower(value.substr(close + 1, end - close - 1));
        if (params.find("rel=\"next\"") != std::string::npos || params.find("rel=next") != std::string::npos) {
            return value.substr(at + 1, close - at - 1);
        }
        at = end;
    }
    return "";
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    const std::string line(data, size * count);
    auto& response = *static_cast<HttpResponse*>(user);
    if (line.starts_with("HTTP/")) {  // a new response (after a redirect): its own headers only
        response.error_code.clear();
        response.retry_after.reset();
        response.next_link.clear();
        response.range_start.reset();
        return size * count;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) return size * count;
    const std::string name = lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t\r\n") + 1);
    if (name == "x-error-code") response.error_code = value;
    if (name == "link") response.next_link = next_link(value);
    if (name == "content-range" && value.starts_with("bytes ")) {
        try {
            response.range_start = std::stoull(value.substr(6));
        } catch (...) {
        }
    }
    if (name == "retry-after") {
        try {
            response.retry_after = std::stod(value);
        } catch (...) {
        }
    }
    if (name == "ratelimit" && !response.retry_after) {  // "api";r=0;t=12
        const std::size_t t = value.find(";t=");
        if (t != std::string::npos) {
            try {
                response.retry_after = std::stod(value.substr(t + 3));
            } catch (...) {
            }
        }
    }
    return size * count;
}

// The server's {"error": "..."} message, or the start of a body that is not one.
std::string error_message(const HttpResponse& response) {
    const std::string key = "\"error\":\"";
    const std::size_t at = response.body.find(key);
    if (at != std::string::npos) {
        const std::size_t end = response.body.find('"', at + key.size());
        if (end != std::string::npos) return response.body.substr(at + key.size(), end - at - key.size());
    }
    std::string text = response.body.substr(0, 120);
    for (char& c : text) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    return text;
}

// Why a finished transfer cannot be used (nullopt: it can), and whether waiting could mend it.
struct Verdict {
    std::optional<std::string> problem;
    bool final_failure = false;
};

Verdict judge(CURLcode code, const HttpResponse& response, const BodyCheck* check) {
    Verdict v;
    const long status = response.status;
    if (code != CURLE_OK) {
        v.problem = curl_easy_strerror(code);
        // What waiting will not mend: no such host, a bad URL, a TLS failure, too many redirects.
        v.final_failure = code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_URL_MALFORMAT ||
                          code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_SSL_CONNECT_ERROR ||
                          code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_TOO_MANY_REDIRECTS;
    } else if (status >= 200 && status < 300) {
        if (check) v.problem = (*check)(response);
    } else {
        v.problem = "HTTP " + std::to_string(status) + (response.error_code.empty() ? "" : " " + response.error_code) +
                    ": " + error_message(response);
        v.final_failure = (status >= 400 && status < 500 && status != 429) || status == 501;
    }
    return v;
}

// The wait before try number `attempt` + 1: doubling from the first delay, or the server's word
// (Retry-After, RateLimit's t=) up to two minutes.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt, const HttpResponse& response) {
    if (response.retry_after) {
        const double seconds = std::clamp(*response.retry_after, 0.0, 120.0);
        return std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    }
    return std::min(policy.first_delay * (1 << std::min(attempt - 1, 10)), policy.max_delay);
}

// The options every request has; returns the header list to free with the handle.
curl_slist* configure(CURL* e, const std::string& url, HttpResponse& headers_into, const std::string& token,
                      const std::vector<std::string>& token_prefixes) {
    curl_easy_setopt(e, CURLOPT_URL, url.c_str());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &headers_into);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);  // libcurl drops Authorization on a host change
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "seed-hfstream (seed-tools)");
    const bool send_token = !token.empty() && std::any_of(token_prefixes.begin(), token_prefixes.end(),
                                                          [&](const std::string& p) { return url.rfind(p, 0) == 0; });
    curl_slist* headers = nullptr;
    if (send_token) {
        headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    }
    return headers;
}

}  // namespace

std::string url_encode(const std::string& value) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

HttpClient::HttpClient(std::string token, std::vector<std::string> token_prefixes, RetryPolicy policy)
    : token_(std::move(token)), token_prefixes_(std::move(token_prefixes)), policy_(policy) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    multi_ = curl_multi_init();
}

HttpClient::~HttpClient() {
    curl_multi_cleanup(static_cast<CURLM*>(multi_));
    curl_global_cleanup();
}

void HttpClient::get_in_order(const std::vector<std::string>& urls, unsigned jobs, const BodyCheck& check,
                              const std::function<bool(std::size_t, HttpResponse&)>& deliver,
                              std::optional<HttpFailure>& failure) {
    std::vector<HttpRequest> requests;
    requests.reserve(urls.size());
    for (const std::string& url : urls) requests.push_back(HttpRequest{url, 0, 0});
    get_in_order(requests, jobs, check, deliver, failure);
}

namespace {

// Makes a ranged response's body exactly the range asked for, or says why it cannot be.
std::optional<std::string> fit_range(const HttpRequest& request, HttpResponse& response) {
    if (request.length == 0) return std::nullopt;
    if (response.status == 206) {
        if (response.range_start != request.first || response.body.size() != request.length) {
            return "the server answered a Range request for " + std::to_string(request.length) + " bytes at byte " +
                   std::to_string(request.first) + " with other bytes";
        }
        return std::nullopt;
    }
    if (response.body.size() < request.first + request.length) {  // a 200 with the whole body, cut short
        return "a body of " + std::to_string(response.body.size()) + " bytes, which does not hold bytes " +
               std::to_string(request.first) + "-" + std::to_string(request.first + request.length - 1);
    }
    response.body =
        response.body.substr(static_cast<std::size_t>(request.first), static_cast<std::size_t>(request.length));
    return std::nullopt;
}

}  // namespace

void HttpClient::get_in_order(const std::vector<HttpRequest>& requests, unsigned jobs, const BodyCheck& check,
                              const std::function<bool(std::size_t, HttpResponse&)>& deliver,
                              std::optional<HttpFailure>& failure) {
    const std::size_t count = requests.size();
    CURLM* multi = static_cast<CURLM*>(multi_);
    std::vector<HttpResponse> done(count);  // responses waiting for those before them
    std::vector<bool> finished(count, false);
    std::size_t delivered = 0;
    const std::size_t ahead = 2 * std::size_t{jobs};
    std::vector<std::unique_ptr<Transfer>> waiting;  // not started yet, or waiting to retry
    for (std::size_t i = count; i-- > 0;) {
        if (requests[i].url.empty()) {  // nothing to fetch: delivered empty, in its turn
            finished[i] = true;
            done[i].status = 200;
            continue;
        }
        auto t = std::make_unique<Transfer>();
        t->index = i;
        waiting.push_back(std::move(t));
    }
    std::vector<std::unique_ptr<Transfer>> running;
    bool retry_added = false;
    std::size_t failed_index = count;  // the first request that failed for good
    const auto start = [&](std::unique_ptr<Transfer> t) {
        t->response = HttpResponse{};
        t->easy = curl_easy_init();
        CURL* e = t->easy;
        const HttpRequest& request = requests[t->index];
        t->headers = configure(e, request.url, t->response, token_, token_prefixes_);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
        curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
        if (request.length > 0) {
            // Bytes of the file as stored: no Content-Encoding.
            const std::string range =
                std::to_string(request.first) + "-" + std::to_string(request.first + request.length - 1);
            curl_easy_setopt(e, CURLOPT_RANGE, range.c_str());  // copied by libcurl
        } else {
            curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
        }
        curl_multi_add_handle(multi, e);
        running.push_back(std::move(t));
    };
    const auto release = [&](Transfer& t) {
        curl_multi_remove_handle(multi, t.easy);
        curl_easy_cleanup(t.easy);
        curl_slist_free_all(t.headers);
        t.easy = nullptr;
        t.headers = nullptr;
    };
    // Whatever ends this call (deliver may throw: a closed stdout), no transfer stays open.
    struct ReleaseRunning {
        std::vector<std::unique_ptr<Transfer>>& running;
        const std::function<void(Transfer&)> release;
        ~ReleaseRunning() {
            for (auto& t : running) {
                if (t->easy) release(*t);
            }
        }
    } release_running{running, release};
    // Delivers what is in, in order; false when the caller wants no more.
    const auto deliver_ready = [&] {
        while (delivered < count && finished[delivered]) {
            const bool more = deliver(delivered, done[delivered]);
            done[delivered] = HttpResponse{};  // its memory goes
            ++delivered;
            if (!more) return false;
        }
        return true;
    };
    if (!deliver_ready()) return;

    while (!waiting.empty() || !running.empty()) {
        const auto now = std::chrono::steady_clock::now();
        // Start what may start, the earliest index first.
        // `waiting` is kept in descending index order (a retry puts it out of order), so the
        // earliest pages are at its back and the scan stops at the first beyond the window.
        if (retry_added) {
            std::sort(waiting.begin(), waiting.end(), [](const auto& a, const auto& b) { return a->index > b->index; });
            retry_added = false;
        }
        for (std::size_t k = waiting.size(); k-- > 0 && running.size() < jobs;) {
            if (waiting[k]->index >= delivered + ahead) break;
            if (waiting[k]->not_before <= now) {
                auto t = std::move(waiting[k]);
                waiting.erase(waiting.begin() + static_cast<std::ptrdiff_t>(k));
                start(std::move(t));
            }
        }
        int still = 0;
        curl_multi_perform(multi, &still);
        int queued = 0;
        bool finished_some = false;
        while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
            if (message->msg != CURLMSG_DONE) continue;
            finished_some = true;
            Transfer* raw = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &raw);
            const CURLcode code = message->data.result;
            curl_easy_getinfo(raw->easy, CURLINFO_RESPONSE_CODE, &raw->response.status);
            release(*raw);
            auto it = std::find_if(running.begin(), running.end(), [&](const auto& p) { return p.get() == raw; });
            std::unique_ptr<Transfer> t = std::move(*it);
            running.erase(it);
            const long status = t->response.status;
            auto [problem, final_failure] = judge(code, t->response, &check);
            if (!problem && code == CURLE_OK && status >= 200 && status < 300)
                problem = fit_range(requests[t->index], t->response);
            if (!problem) {
                done[t->index] = std::move(t->response);
                finished[t->index] = true;
                if (!deliver_ready()) return;  // the caller has all it wants; release_running ends the rest
                continue;
            }
            if (!final_failure && ++t->attempt < policy_.attempts) {
                ++retries_;
                const auto delay = retry_delay(policy_, t->attempt, t->response);
                t->not_before = std::chrono::steady_clock::now() + delay;
                waiting.push_back(std::move(t));
                retry_added = true;
                continue;
            }
            // Failed for good: stop every request after it, and let those before it finish (they
            // are delivered, or one of them fails for good and is the failure reported), so the
            // failure named is always the first page not delivered.
            if (t->index < failed_index) {
                failed_index = t->index;
                failure = HttpFailure{requests[t->index].url, status, t->response.error_code, *problem};
            }
            const auto after_failure = [&](const std::unique_ptr<Transfer>& r) { return r->index > failed_index; };
            for (auto& r : running) {
                if (after_failure(r)) release(*r);
            }
            running.erase(std::remove_if(running.begin(), running.end(), after_failure), running.end());
            waiting.erase(std::remove_if(waiting.begin(), waiting.end(), after_failure), waiting.end());
        }
        // A transfer that ended freed a slot: fill it now, not after the others' next answer.
        if (finished_some) continue;
        if (running.empty() && !waiting.empty()) {
            // Sleep until the earliest retry may start (curl has nothing to do).
            auto earliest = waiting.front()->not_before;
            for (const auto& w : waiting) earliest = std::min(earliest, w->not_before);
            const auto wait =
                std::chrono::duration_cast<std::chrono::milliseconds>(earliest - std::chrono::steady_clock::now());
            if (wait.count() > 0) curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait.count()), nullptr);
        } else if (!running.empty()) {
            curl_multi_poll(multi, nullptr, 0, 100, nullptr);
        }
    }
}

std::vector<HttpResponse> HttpClient::get_all(const std::vector<std::string>& urls, unsigned jobs,
                                              const BodyCheck& check, std::optional<HttpFailure>& failure) {
    std::vector<HttpResponse> responses;
    get_in_order(
        urls, jobs, check,
        [&](std::size_t, HttpResponse& response) {
            responses.push_back(std::move(response));
            return true;
        },
        failure);
    return responses;
}

// The body of one GET as a ByteSource, driven by read(): each call runs the transfer until some
// body bytes are in. Bytes are handed on once and never again: a retry asks for the rest with
// Range, and skips what it has already handed on when the server ignores the Range (200).
class StreamSource final : public io::ByteSource {
public:
    StreamSource(HttpClient& client, std::string url, std::function<void()> before_waiting)
        : client_(client), url_(std::move(url)), before_waiting_(std::move(before_waiting)) {}
    ~StreamSource() override { release(); }
    StreamSource(const StreamSource&) = delete;
    StreamSource& operator=(const StreamSource&) = delete;

    std::size_t read(char* buffer, std::size_t capacity) override {
        while (ready_ == pending_.size()) {
            pending_.clear();
            ready_ = 0;
            if (failed_) throw HttpFailed(*failed_);  // after the bytes the last try brought
            if (finished_) return 0;
            if (before_waiting_) before_waiting_();
            if (!easy_) {
                wait_until(not_before_);
                start();
            }
            int still = 0;
            curl_multi_poll(multi(), nullptr, 0, 100, nullptr);
            curl_multi_perform(multi(), &still);
            int queued = 0;
            while (CURLMsg* message = curl_multi_info_read(multi(), &queued)) {
                if (message->msg == CURLMSG_DONE && message->easy_handle == easy_) finish(message->data.result);
            }
        }
        const std::size_t n = std::min(capacity, pending_.size() - ready_);
        std::copy_n(pending_.data() + ready_, n, buffer);
        ready_ += n;
        return n;
    }

private:
    CURLM* multi() { return static_cast<CURLM*>(client_.multi_); }

    static void wait_until(std::chrono::steady_clock::time_point when) {
        const auto now = std::chrono::steady_clock::now();
        if (when > now) std::this_thread::sleep_for(when - now);
    }

    void start() {
        response_ = HttpResponse{};
        wrong_range_ = false;
        resume_at_ = handed_on_;
        skipped_ = 0;
        easy_ = curl_easy_init();
        headers_ = configure(easy_, url_, response_, client_.token_, client_.token_prefixes_);
        curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
        // No Content-Encoding: a Range counts bytes of the file as stored (the hub's .gz and .zst
        // files are decompressed by the reader, by their magic number).
        if (handed_on_ > 0) {
            curl_easy_setopt(easy_, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(handed_on_));
        }
        curl_multi_add_handle(multi(), easy_);
    }

    static std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
        auto& self = *static_cast<StreamSource*>(user);
        const std::size_t n = size * count;
        long status = 0;
        curl_easy_getinfo(self.easy_, CURLINFO_RESPONSE_CODE, &status);
        if (status < 200 || status >= 300) {  // an error's body: kept for its message, up to 64 KiB
            constexpr std::size_t most = std::size_t{64} << 10;
            self.response_.body.append(data, std::min(n, most - std::min(self.response_.body.size(), most)));
            return n;
        }
        std::string_view bytes(data, n);
        if (status == 206 && self.response_.range_start != self.resume_at_) {
            self.wrong_range_ = true;  // not the bytes asked for: end this try (a write error)
            return 0;
        }
        if (status == 200 && self.resume_at_ > 0) {  // the Range was ignored: skip what was handed on
            const std::uint64_t skip = std::min<std::uint64_t>(bytes.size(), self.resume_at_ - self.skipped_);
            self.skipped_ += skip;
            bytes.remove_prefix(static_cast<std::size_t>(skip));
            if (self.skipped_ < self.resume_at_) return n;
            self.resume_at_ = 0;
        }
        self.pending_.append(bytes);
        self.handed_on_ += bytes.size();
        self.client_.streamed_bytes_ += bytes.size();
        return n;
    }

    void finish(CURLcode code) {
        curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &response_.status);
        release();
        if (response_.status == 416 && resume_at_ > 0 && code == CURLE_OK) {
            finished_ = true;  // nothing after the bytes already read: the drop came at the very end
            return;
        }
        Verdict v = judge(code, response_, nullptr);
        if (wrong_range_) {
            v.problem =
                "the server answered a Range request for byte " + std::to_string(resume_at_) + " with other bytes";
            v.final_failure = true;
        }
        if (!v.problem) {
            finished_ = true;
            return;
        }
        if (!v.final_failure && ++attempt_ < client_.policy_.attempts) {
            ++client_.retries_;
            not_before_ = std::chrono::steady_clock::now() + retry_delay(client_.policy_, attempt_, response_);
            return;
        }
        failed_ = HttpFailure{url_, response_.status, response_.error_code, *v.problem};
    }

    void release() {
        if (!easy_) return;
        curl_multi_remove_handle(multi(), easy_);
        curl_easy_cleanup(easy_);
        curl_slist_free_all(headers_);
        easy_ = nullptr;
        headers_ = nullptr;
    }

    HttpClient& client_;
    std::string url_;
    std::function<void()> before_waiting_;
    CURL* easy_ = nullptr;
    curl_slist* headers_ = nullptr;
    HttpResponse response_;
    std::string pending_;  // received, not yet read
    std::size_t ready_ = 0;
    std::uint64_t handed_on_ = 0;  // body bytes taken into pending_, all tries together
    std::uint64_t resume_at_ = 0;  // handed_on_ when this try started
    std::uint64_t skipped_ = 0;    // of this try's body, when the Range was ignored
    bool finished_ = false;
    std::optional<HttpFailure> failed_;  // a failure for good, raised once pending_ is read
    bool wrong_range_ = false;
    int attempt_ = 0;
    std::chrono::steady_clock::time_point not_before_;
};

std::unique_ptr<io::ByteSource> HttpClient::open(const std::string& url, std::function<void()> before_waiting) {
    return std::make_unique<StreamSource>(*this, url, std::move(before_waiting));
}

}  // namespace seed::hfstream
