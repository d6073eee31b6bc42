// libgit2 calls.
#include "repository.hpp"

#include <xxhash.h>

#include <filesystem>
#include <random>

#include "error.hpp"

namespace seed::gitextract {

std::string git_error_text() {
    const git_error* error = git_error_last();
    return error && error->message ? error->message : "unknown libgit2 error";
}

Repository::Repository(const std::string& path, const std::string& rev) : path_(path) {
    git_repository* repo = nullptr;
    if (git_repository_open_ext(&repo, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
        throw Error(Location{path}, "not a git repository (" + git_error_text() + ")");
    }
    repo_.reset(repo);
    if (git_repository_is_empty(repo) == 1) throw Error(Location{path}, "empty repository: it has no commits");
    git_object* object = nullptr;
    if (git_revparse_single(&object, repo, rev.c_str()) != 0) {
        throw Error(Location{path}, "no revision '" + rev + "' (" + git_error_text() + ")");
    }
    git_object* peeled = nullptr;
    const int peel = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT);
    git_object_free(object);
    if (peel != 0) throw Error(Location{path}, "'" + rev + "' is not a commit (" + git_error_text() + ")");
    commit_.reset(reinterpret_cast<git_commit*>(peeled));
    git_tree* tree = nullptr;
    if (git_commit_tree(&tree, commit_.get()) != 0) {
        throw Error(Location{path}, "cannot read the tree of '" + rev + "' (" + git_error_text() + ")");
    }
    tree_.reset(tree);
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, git_commit_id(commit_.get()));
    commit_id_ = hex;
}

std::vector<TreeEntry> Repository::entries() const {
    std::vector<TreeEntry> list;
    const auto callback = [](const char* root, const git_tree_entry* e, void* payload) -> int {
        const git_filemode_t mode = git_tree_entry_filemode(e);
        if (mode == GIT_FILEMODE_TREE) return 0;
        auto* out = static_cast<std::vector<TreeEntry>*>(payload);
        try {
            out->push_back(TreeEntry{std::string(root) + git_tree_entry_name(e), *git_tree_entry_id(e), mode});
        } catch (...) {
            return -1;  // out of memory: stop the walk
        }
        return 0;
    };
    if (git_tree_walk(tree_.get(), GIT_TREEWALK_PRE, callback, &list) != 0) {
        throw Error(Location{path_}, "cannot walk the tree (" + git_error_text() + ")");
    }
    return list;
}

std::string_view Repository::read_blob(const git_oid& id, BlobPtr& blob) const {
    git_blob* b = nullptr;
    if (git_blob_lookup(&b, repo_.get(), &id) != 0) {
        char hex[GIT_OID_HEXSZ + 1] = {};
        git_oid_tostr(hex, sizeof hex, &id);
        throw Error(Location{path_}, "cannot read object " + std::string(hex) + " (" + git_error_text() + ")");
    }
    blob.reset(b);
    return std::string_view(static_cast<const char*>(git_blob_rawcontent(b)),
                            static_cast<std::size_t>(git_blob_rawsize(b)));
}

bool is_url(std::string_view s) {
    if (s.find("://") != std::string_view::npos) return true;
    // scp-like syntax: user@host:path (a colon before any slash)
    const std::size_t at = s.find('@');
    const std::size_t colon = s.find(':');
    const std::size_t slash = s.find('/');
    return at != std::string_view::npos && colon != std::string_view::npos && at < colon &&
           (slash == std::string_view::npos || colon < slash);
}

namespace {

// "github.com/encode/httpx.git" -> "httpx-1a2b3c4d5e6f.git": readable, and unique per URL.
std::string cache_name(const std::string& url) {
    std::string_view tail = url;
    while (tail.size() > 1 && tail.ends_with('/')) tail.remove_suffix(1);
    tail = tail.substr(tail.find_last_of("/:") + 1);
    if (tail.ends_with(".git")) tail.remove_suffix(4);
    std::string name;
    for (const char c : tail)
        name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits(url.data(), url.size())));
    return (name.empty() ? std::string("repo") : name) + "-" + std::string(hex, 12) + ".git";
}

int create_mirror_remote(git_remote** out, git_repository* repo, const char* name, const char* url, void*) {
    return git_remote_create_with_fetchspec(out, repo, name, url, "+refs/*:refs/*");
}

}  // namespace

std::string clone_or_fetch(const std::string& url, const std::string& cache) {
    namespace fs = std::filesystem;
    std::error_code error;
    fs::create_directories(cache, error);
    if (error) throw Error(Location{cache}, "cannot create the cache folder (" + error.message() + ")");
    const std::string path = (fs::path(cache) / cache_name(url)).string();
    if (fs::exists(path)) {
        git_repository* repo = nullptr;
        if (git_repository_open_bare(&repo, path.c_str()) != 0) {
            throw Error(Location{path}, "cached copy of " + url + " is not a repository (" + git_error_text() +
                                            "); remove it to clone again");
        }
        const RepositoryPtr owned(repo);
        git_remote* remote = nullptr;
        if (git_remote_lookup(&remote, repo, "origin") != 0) {
            throw Error(Location{path}, "cached copy of " + url + " has no origin (" + git_error_text() + ")");
        }
        const GitPtr<git_remote, git_remote_free> owned_remote(remote);
        git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
        options.prune = GIT_FETCH_PRUNE;
        if (git_remote_fetch(remote, nullptr, &options, nullptr) != 0) {
            throw Error(url + ": cannot fetch (" + git_error_text() + ")");
        }
        return path;
    }
    std::mt19937_64 random(std::random_device{}());
    const std::string temp = path + ".tmp-" + std::to_string(random() % 1000000000);
    git_clone_options options = GIT_CLONE_OPTIONS_INIT;
    options.bare = 1;
    options.remote_cb = create_mirror_remote;
    git_repository* repo = nullptr;
    if (git_clone(&repo, url.c_str(), temp.c_str(), &options) != 0) {
        const std::string why = git_error_text();
        fs::remove_all(temp, error);
        throw Error(url + ": cannot clone (" + why + ")");
    }
    git_repository_free(repo);
    fs::rename(temp, path, error);
    if (error) {
        fs::remove_all(temp, error);
        if (!fs::exists(path)) throw Error(Location{path}, "cannot move the clone into place");
    }
    return path;
}

}  // namespace seed::gitextract
