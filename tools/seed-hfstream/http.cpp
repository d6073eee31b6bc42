// libcurl multi: requests in flight, back-off, retries.
#include "http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "error.hpp"

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

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    const std::string line(data, size * count);
    auto& response = static_cast<Transfer*>(user)->response;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) return size * count;
    const std::string name = lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t\r\n") + 1);
    if (name == "x-error-code") response.error_code = value;
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
                              const std::function<void(std::size_t, HttpResponse&)>& deliver,
                              std::optional<HttpFailure>& failure) {
    CURLM* multi = static_cast<CURLM*>(multi_);
    std::vector<HttpResponse> done(urls.size());  // responses waiting for those before them
    std::vector<bool> finished(urls.size(), false);
    std::size_t delivered = 0;
    const std::size_t ahead = 2 * std::size_t{jobs};
    std::vector<std::unique_ptr<Transfer>> waiting;  // not started yet, or waiting to retry
    for (std::size_t i = urls.size(); i-- > 0;) {
        auto t = std::make_unique<Transfer>();
        t->index = i;
        waiting.push_back(std::move(t));
    }
    std::vector<std::unique_ptr<Transfer>> running;
    bool retry_added = false;
    const auto start = [&](std::unique_ptr<Transfer> t) {
        t->response = HttpResponse{};
        t->easy = curl_easy_init();
        CURL* e = t->easy;
        const std::string& url = urls[t->index];
        curl_easy_setopt(e, CURLOPT_URL, url.c_str());
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
        curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);  // libcurl drops Authorization on a host change
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 30L);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, 60L);
        curl_easy_setopt(e, CURLOPT_USERAGENT, "seed-hfstream (seed-tools)");
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
        const bool send_token =
            !token_.empty() && std::any_of(token_prefixes_.begin(), token_prefixes_.end(),
                                           [&](const std::string& p) { return url.rfind(p, 0) == 0; });
        if (send_token) {
            t->headers = curl_slist_append(t->headers, ("Authorization: Bearer " + token_).c_str());
            curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
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
        while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
            if (message->msg != CURLMSG_DONE) continue;
            Transfer* raw = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &raw);
            const CURLcode code = message->data.result;
            curl_easy_getinfo(raw->easy, CURLINFO_RESPONSE_CODE, &raw->response.status);
            release(*raw);
            auto it = std::find_if(running.begin(), running.end(), [&](const auto& p) { return p.get() == raw; });
            std::unique_ptr<Transfer> t = std::move(*it);
            running.erase(it);
            const long status = t->response.status;
            std::optional<std::string> problem;
            bool final_failure = false;
            if (code != CURLE_OK) {
                problem = curl_easy_strerror(code);
                // What waiting will not mend: no such host, a bad URL, a TLS failure.
                final_failure = code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_URL_MALFORMAT ||
                                code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_SSL_CONNECT_ERROR ||
                                code == CURLE_PEER_FAILED_VERIFICATION;
            } else if (status >= 200 && status < 300) {
                problem = check(t->response);
            } else {
                problem = "HTTP " + std::to_string(status) +
                          (t->response.error_code.empty() ? "" : " " + t->response.error_code) + ": " +
                          error_message(t->response);
                final_failure = (status >= 400 && status < 500 && status != 429) || status == 501;
            }
            if (!problem) {
                done[t->index] = std::move(t->response);
                finished[t->index] = true;
                while (delivered < urls.size() && finished[delivered]) {
                    deliver(delivered, done[delivered]);
                    done[delivered] = HttpResponse{};  // its memory goes
                    ++delivered;
                }
                continue;
            }
            if (!final_failure && ++t->attempt < policy_.attempts) {
                ++retries_;
                auto delay = policy_.first_delay * (1 << std::min(t->attempt - 1, 10));
                if (delay > policy_.max_delay) delay = policy_.max_delay;
                if (t->response.retry_after) {  // the server's word, up to two minutes
                    const double seconds = std::clamp(*t->response.retry_after, 0.0, 120.0);
                    delay = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
                }
                t->not_before = std::chrono::steady_clock::now() + delay;
                waiting.push_back(std::move(t));
                retry_added = true;
                continue;
            }
            // Failed for good: keep the earliest failure, stop everything after it.
            if (!failure || failure->url != urls[t->index]) {
                HttpFailure f{urls[t->index], status, t->response.error_code, *problem};
                if (!failure) failure = f;
            }
            for (auto& r : running) release(*r);
            running.clear();
            waiting.clear();
            break;
        }
        if (failure) break;
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
        urls, jobs, check, [&](std::size_t, HttpResponse& response) { responses.push_back(std::move(response)); },
        failure);
    return responses;
}

}  // namespace seed::hfstream
