package catalog

import "strings"

// ClosestName finds the candidate a misspelt name most likely meant: the
// same name in another letter case, or the nearest one by edit distance if
// that is small for the name's length. Ties go to the earlier candidate, so
// callers list candidates in the order they prefer. Rules use it for their
// "did you mean", and quick fixes for the name they write, so both always
// agree.
func ClosestName(name string, candidates []string) (string, bool) {
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if strings.ToLower(c) == lower {
			return c, true
		}
	}
	limit := min(len(name)/4+1, 4)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if d := editDistance(lower, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// editDistance is the Levenshtein distance between a and b, in bytes: keys,
// enum values and rule IDs are ASCII.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
