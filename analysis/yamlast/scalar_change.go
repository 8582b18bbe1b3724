package yamlast

import "slices"

// ScalarChange is the one scalar value that an edit changed in a block
// whose structure it kept (see ScalarChangeOf).
type ScalarChange struct {
	// Key is the key whose value the scalar is.
	Key string
	// Old and New are the scalar before and after, as nodes without
	// children, at the bases passed to ScalarChangeOf.
	Old, New *Node
	// Anchor is the index (see Tree.Anchors) of the anchor on the mapping
	// whose value the scalar is, or -1 when that mapping has none.
	Anchor int
	// Within lists the anchors whose values hold the scalar, by index.
	Within []int
	// AliasedWithin is set when the block itself aliases or merges one
	// of those anchors, so that the value reaches other places of the
	// block.
	AliasedWithin bool
}

// ScalarChangeOf compares the trees of one block before and after an edit,
// and reports the scalar the edit changed when that is all it changed: the
// same nodes with the same kinds, tags, styles and anchors, the same
// children, aliases and duplicate keys, and one scalar whose value differs,
// the value of one pair of a mapping, reached once. Then whatever reads the
// block sees only that value change. oldBase and newBase are where the
// block starts in each text.
func ScalarChangeOf(old, new *Tree, oldBase, newBase int) (ScalarChange, bool) {
	if old.Err != nil || new.Err != nil || old.root != new.root || len(old.nodes) != len(new.nodes) ||
		!slices.Equal(old.kids, new.kids) || !slices.Equal(old.anchors, new.anchors) ||
		!slices.Equal(old.refs, new.refs) || !slices.Equal(old.used, new.used) ||
		!slices.Equal(old.firstUse, new.firstUse) || !slices.Equal(old.dups, new.dups) {
		return ScalarChange{}, false
	}
	changed := int32(-1)
	for i := range old.nodes {
		a, b := &old.nodes[i], &new.nodes[i]
		if a.kind != b.kind || a.tag != b.tag || a.anchor != b.anchor || a.flags != b.flags {
			return ScalarChange{}, false
		}
		if a.kind == kindExternal {
			if a.ref() != b.ref() {
				return ScalarChange{}, false
			}
			continue
		}
		if (a.kind == uint8(Scalar) || a.kind == uint8(Null)) && old.val(a) != new.val(b) {
			if changed >= 0 || a.kind != uint8(Scalar) {
				return ScalarChange{}, false
			}
			changed = int32(i)
		}
	}
	if changed < 0 {
		return ScalarChange{}, false
	}
	// The changed scalar must be a pair's value, and appear once.
	key, parent, seen := int32(-1), int32(-1), 0
	for i := range old.nodes {
		c := &old.nodes[i]
		if c.kind != uint8(Mapping) && c.kind != uint8(Sequence) {
			continue
		}
		kids := old.kidsOf(c)
		for j, k := range kids {
			if k != changed {
				continue
			}
			seen++
			if c.kind == uint8(Mapping) && j%2 == 1 {
				key, parent = kids[j-1], int32(i)
			}
		}
	}
	if seen != 1 || key < 0 {
		return ScalarChange{}, false
	}
	kc := &old.nodes[key]
	if kc.kind != uint8(Scalar) || kc.flags&flagMerge != 0 {
		return ScalarChange{}, false
	}
	sc := ScalarChange{Key: old.val(kc), Old: old.lightNode(changed, oldBase), New: new.lightNode(changed, newBase), Anchor: -1}
	cs := &old.nodes[changed]
	for i, a := range old.anchors {
		if a.node == parent {
			sc.Anchor = i
		}
		if an := &old.nodes[a.node]; an.start <= cs.start && cs.end <= an.end {
			sc.Within = append(sc.Within, i)
			// The definition is one place in the children (none for the
			// root); any other is an alias or a merge.
			uses := 0
			if a.node == old.root {
				uses++
			}
			for _, k := range old.kids {
				if k == a.node {
					uses++
				}
			}
			if uses > 1 {
				sc.AliasedWithin = true
			}
		}
	}
	return sc, true
}

// MergedOnlyInto reports whether every use of external alias ref in the
// block merges what it stands for (`<<: *ref`, or in a `<<` list) into a
// mapping whose path from the block's root ok accepts. A path lists the
// keys down to the mapping, with "" for a sequence's items. The walk gives
// up, reporting false, past limit nodes.
func (t *Tree) MergedOnlyInto(ref int, ok func(path []string) bool, limit int) bool {
	if t.Err != nil || t.root < 0 {
		return false
	}
	var path []string
	visits := 0
	isRef := func(k int32) bool { n := &t.nodes[k]; return n.kind == kindExternal && int(n.ref()) == ref }
	var walk func(i int32) bool
	walk = func(i int32) bool {
		if visits++; visits > limit {
			return false
		}
		n := &t.nodes[i]
		switch n.kind {
		case uint8(Mapping):
			kids := t.kidsOf(n)
			for j := 0; j+1 < len(kids); j += 2 {
				k, v := kids[j], kids[j+1]
				if isRef(k) {
					return false
				}
				if t.nodes[k].flags&flagMerge != 0 {
					merged := []int32{v}
					if vn := &t.nodes[v]; vn.kind == uint8(Sequence) {
						merged = t.kidsOf(vn)
					}
					for _, m := range merged {
						if isRef(m) && !ok(path) {
							return false
						}
						if !isRef(m) && !walk(m) {
							return false
						}
					}
					continue
				}
				if isRef(v) {
					return false
				}
				path = append(path, t.val(&t.nodes[k]))
				good := walk(v)
				path = path[:len(path)-1]
				if !good {
					return false
				}
			}
		case uint8(Sequence):
			for _, k := range t.kidsOf(n) {
				if isRef(k) {
					return false
				}
				path = append(path, "")
				good := walk(k)
				path = path[:len(path)-1]
				if !good {
					return false
				}
			}
		}
		return true
	}
	return !isRef(t.root) && walk(t.root)
}
