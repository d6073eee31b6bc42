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
    git_object* object = nullptr;
    if (git_revparse_single(&object, repo, rev.c_str()) != 0) {
        const std::string why = git_error_text();
        // Empty when it has no references at all (libgit2's own check looks only at the
        // configured default branch, and `git init -b main` may name another).
        git_reference_iterator* refs = nullptr;
        git_reference* ref = nullptr;
        bool empty = git_reference_iterator_new(&refs, repo) == 0 && git_reference_next(&ref, refs) == GIT_ITEROVER;
        git_reference_free(ref);
        git_reference_iterator_free(refs);
        if (empty) throw Error(Location{path}, "empty repository: it has no commits");
        throw Error(Location{path}, "no revision '" + rev + "' (" + why + ")");
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
    // scp-like syntax, as git reads it: [user@]host:path, a colon before any slash
    const std::size_t colon = s.find(':');
    return colon != std::string_view::npos && colon > 0 && colon < s.find('/');
}

namespace {

// The URL without what does not change the repository: trailing "/" and ".git".
std::string_view canonical_url(std::string_view url) {
    while (url.size() > 1 && url.ends_with('/')) url.remove_suffix(1);
    if (url.ends_with(".git")) url.remove_suffix(4);
    return url;
}

// "github.com/encode/httpx.git" -> "httpx-1a2b3c4d5e6f.git": readable, and one per repository.
std::string cache_name(std::string_view url) {
    url = canonical_url(url);
    const std::string_view tail = url.substr(url.find_last_of("/:") + 1);
    std::string name;
    for (const char c : tail) {
        name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits(url.data(), url.size())));
    return (name.empty() ? std::string("repo") : name) + "-" + std::string(hex, 12) + ".git";
}

// Branches and tags only: a mirror of refs/* would also fetch every pull request of a forge.
char mirror_heads[] = "+refs/heads/*:refs/heads/*";
char mirror_tags[] = "+refs/tags/*:refs/tags/*";

// Fetches branches and tags from `url` into the bare repository `repo`, and points HEAD at
// the remote's default branch, whatever its name.
void mirror_fetch(git_repository* repo, const std::string& url, const std::string& action) {
    git_remote* remote = nullptr;
    if (git_remote_lookup(&remote, repo, "origin") != 0 &&
        git_remote_create_with_fetchspec(&remote, repo, "origin", url.c_str(), mirror_heads) != 0) {
        throw Error(url + ": cannot set up the cached copy (" + git_error_text() + ")");
    }
    const GitPtr<git_remote, git_remote_free> owned(remote);
    git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
    if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &callbacks, nullptr, nullptr) != 0) {
        throw Error(url + ": cannot " + action + " (" + git_error_text() + ")");
    }
    git_buf head = GIT_BUF_INIT;
    const bool has_head = git_remote_default_branch(&head, remote) == 0;
    const std::string head_ref = has_head ? std::string(head.ptr, head.size) : std::string();
    git_buf_dispose(&head);
    char* refspecs[] = {mirror_heads, mirror_tags};
    const git_strarray specs{refspecs, 2};
    git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
    options.prune = GIT_FETCH_PRUNE;
    if (git_remote_fetch(remote, &specs, &options, nullptr) != 0) {
        throw Error(url + ": cannot " + action + " (" + git_error_text() + ")");
    }
    if (!head_ref.empty() && git_repository_set_head(repo, head_ref.c_str()) != 0) {
        throw Error(url + ": cannot set HEAD to " + head_ref + " (" + git_error_text() + ")");
    }
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
            throw Error(Location{path}, "the cached copy of " + url + " is not a repository (" + git_error_text() +
                                            "); remove it to clone again");
        }
        const RepositoryPtr owned(repo);
        mirror_fetch(repo, url, "fetch");
        return path;
    }
    // A first clone goes to a temporary folder that is renamed into place when complete.
    std::mt19937_64 random(std::random_device{}());
    const std::string temp = path + ".tmp-" + std::to_string(random() % 1000000000);
    try {
        git_repository* repo = nullptr;
        if (git_repository_init(&repo, temp.c_str(), 1) != 0) {
            throw Error(Location{temp}, "cannot create a repository (" + git_error_text() + ")");
        }
        const RepositoryPtr owned(repo);
        mirror_fetch(repo, url, "clone");
    } catch (...) {
        fs::remove_all(temp, error);
        throw;
    }
    fs::rename(temp, path, error);
    if (error) {
        fs::remove_all(temp, error);
        if (!fs::exists(path)) throw Error(Location{path}, "cannot move the clone into place");
    }
    return path;
}

}  // namespace seed::gitextract
