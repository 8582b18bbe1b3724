// Package corpus finds the real-world serverless.yml files that tests run
// against: ../shared/corpus/realworld, next to the module root, which is
// checked out beside the repository rather than in it.
package corpus

import (
	"errors"
	"os"
	"path/filepath"
)

// Dir returns the corpus folder, and false when the shared folder is not
// there (or the module root cannot be found from the working directory).
func Dir() (string, bool) {
	root, err := filepath.Abs(".")
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", false
		}
		root = parent
	}
	dir := filepath.Join(root, "..", "shared", "corpus", "realworld")
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.tsv")); errors.Is(err, os.ErrNotExist) {
		return "", false
	}
	return dir, true
}
