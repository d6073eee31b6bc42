// Reading a git repository with libgit2: a commit's tree, walked in path order, and its blobs
// straight from the object database (no checkout, no work tree involved).
#pragma once

#include <git2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace seed::gitextract {

// libgit2's global state, for the life of a run.
class GitLibrary {
public:
    GitLibrary() { git_libgit2_init(); }
    ~GitLibrary() { git_libgit2_shutdown(); }
    GitLibrary(const GitLibrary&) = delete;
    GitLibrary& operator=(const GitLibrary&) = delete;
};

template <class T, void (*Free)(T*)>
struct GitFree {
    void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, GitFree<T, Free>>;

using RepositoryPtr = GitPtr<git_repository, git_repository_free>;
using CommitPtr = GitPtr<git_commit, git_commit_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;
using BlobPtr = GitPtr<git_blob, git_blob_free>;

struct TreeEntry {
    std::string path;  // from the root of the tree, '/'-separated
    git_oid id;
    git_filemode_t mode;
};

class Repository {
public:
    // Opens the repository at `path` (a work tree or a bare repository) and resolves `rev` to a
    // commit. Throws seed::Error naming `path` when it is not a repository, is empty, or has no
    // such revision.
    Repository(const std::string& path, const std::string& rev);

    const std::string& commit_id() const { return commit_id_; }  // 40 hex digits

    // Every entry of the commit's tree that is not a folder (files, links, submodules), in
    // path order. A list rather than a callback: nothing may throw through libgit2's C frames.
    std::vector<TreeEntry> entries() const;

    // The blob's bytes; `blob` keeps them alive. Throws seed::Error on a missing or corrupt object.
    std::string_view read_blob(const git_oid& id, BlobPtr& blob) const;

private:
    std::string path_;
    RepositoryPtr repo_;
    CommitPtr commit_;
    TreePtr tree_;
    std::string commit_id_;
};

// True for what names a remote repository rather than a folder: scheme://... or user@host:path.
bool is_url(std::string_view s);

// The folder of URL's copy in `cache`: a bare mirror cloned on first use and fetched on later
// ones, so a repository is downloaded once. The clone is made in a temporary folder beside it
// and renamed into place, so a failed clone leaves nothing behind. Throws seed::Error naming
// the URL when it cannot be cloned or fetched.
std::string clone_or_fetch(const std::string& url, const std::string& cache);

// libgit2's message for its last error.
std::string git_error_text();

}  // namespace seed::gitextract
