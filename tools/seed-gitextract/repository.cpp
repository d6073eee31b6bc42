// libgit2 calls.
#include "repository.hpp"

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

}  // namespace seed::gitextract
