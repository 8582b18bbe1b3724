package yamlast

// HidesAnchors reports whether the block defines an anchor where a walk
// down the values of its mappings and the items of its sequences does not
// pass: inside a mapping key or inside the value of a merge key (`<<`),
// whose pairs are merged rather than kept. The nodes there are in the
// tree only through the anchor's aliases, so whoever looks for the nodes
// on one line by that walk must look at the whole tree instead.
func (t *Tree) HidesAnchors() bool {
	if len(t.anchors) == 0 || t.root < 0 {
		return false
	}
	// A node is defined where it is first met in document order; later
	// meetings are its aliases (see encoder.node), which are not walked.
	seen := make([]bool, len(t.nodes))
	var walk func(i int32, hidden bool) bool
	walk = func(i int32, hidden bool) bool {
		c := &t.nodes[i]
		if c.kind == kindExternal || seen[i] {
			return false
		}
		seen[i] = true
		if hidden && c.anchor >= 0 {
			return true
		}
		kids := t.kidsOf(c)
		switch Kind(c.kind) {
		case Sequence:
			for _, k := range kids {
				if walk(k, hidden) {
					return true
				}
			}
		case Mapping:
			for j := 0; j+1 < len(kids); j += 2 {
				merge := t.nodes[kids[j]].flags&flagMerge != 0
				if walk(kids[j], true) || walk(kids[j+1], hidden || merge) {
					return true
				}
			}
		}
		return false
	}
	return walk(t.root, false)
}
